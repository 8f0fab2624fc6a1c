// Starting the local mock as a real process. The mock server is imported by name at run time only, so that
// the suite does not depend on it when pointed at a live service.
export type MockProcess = {
  baseUrl: string;
  tokenUrl: string;
  pid: number;
  output(): string;
  stop(): Promise<void> | void;
};

export type StartMockOptions = { args?: string[]; env?: Record<string, string> };

/** The mock's demo client (granted every scope). */
export { DEMO_CLIENT } from '@jobwatch/api-descriptions';

export async function startMock(options: StartMockOptions = {}): Promise<MockProcess> {
  const specifier = '@jobwatch/mock-server/process';
  let mod: { startMockProcess?: (o?: StartMockOptions) => Promise<MockProcess> };
  try {
    mod = await import(specifier);
  } catch (error) {
    throw new Error(
      `cannot start the mock: ${specifier} is not available (${error instanceof Error ? error.message : String(error)}). ` +
        'Install and build @jobwatch/mock-server, or pass --base-url to test another target.',
    );
  }
  if (typeof mod.startMockProcess !== 'function')
    throw new Error(`${specifier} does not export startMockProcess`);
  return mod.startMockProcess(options);
}
