// Shared by the tests: run the suite against a fake server and find findings in the report.
import type { ApiName } from '@jobwatch/specs';
import type { Finding } from '../src/checks/types.js';
import type { Report } from '../src/report/types.js';
import { type ContractOptions, runContract } from '../src/runner/run.js';
import { type FakeServer, type FakeServerOptions, startFakeServer } from './fake-server.js';

export const FAKE_CLIENT = { clientId: 'fake-client', clientSecret: 'fake-client-secret' };

export async function runAgainstFake(
  server: FakeOptionsOrServer,
  options: Partial<ContractOptions> = {},
): Promise<{ report: Report; server: FakeServer }> {
  const fake = 'baseUrl' in server ? server : await startFakeServer(server);
  try {
    const report = await runContract({
      target: {
        baseUrl: fake.baseUrl,
        credentials: { kind: 'client-secret', ...FAKE_CLIENT, tokenUrl: fake.tokenUrl },
      },
      ...options,
    });
    return { report, server: fake };
  } finally {
    if (!('baseUrl' in server)) await fake.close();
  }
}

type FakeOptionsOrServer = FakeServerOptions | FakeServer;

export function findings(report: Report, api: ApiName, check: string): Finding[] {
  return report.results.filter((r) => r.api === api && r.id === check).flatMap((r) => r.findings);
}

export function status(report: Report, api: ApiName, check: string): string | undefined {
  return report.results.find((r) => r.api === api && r.id === check)?.status;
}

/** Ids of the checks that failed, per API, for readable assertion messages. */
export function failed(report: Report): string[] {
  return report.results.filter((r) => r.status === 'fail').map((r) => `${r.api}/${r.id}`);
}
