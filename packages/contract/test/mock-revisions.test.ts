// The suite against the real mock (a separate process) in each Dynamics 365 revision: pinned 2024-10 and 2025-04,
// auto (one probe) and all (both revisions, which a mock serving both must pass); and a mock pinned to 2025-04,
// which auto recognises from its answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContract } from '../src/runner/run.js';
import { DEMO_CLIENT, type MockProcess, startMock } from '../src/target/mock.js';

const started: MockProcess[] = [];
async function mock(args: string[] = []) {
  const m = await startMock({ args });
  started.push(m);
  return {
    baseUrl: m.baseUrl,
    credentials: { kind: 'client-secret' as const, ...DEMO_CLIENT, tokenUrl: m.tokenUrl },
    kind: 'mock' as const,
  };
}
afterAll(async () => {
  for (const m of started) await m.stop();
});

describe('the contract suite against the mock, per Dynamics revision', () => {
  let both: Awaited<ReturnType<typeof mock>>;
  beforeAll(async () => {
    both = await mock();
  }, 60_000);

  it.each([
    ['2024-10', ['2024-10']],
    ['2025-04', ['2025-04']],
    ['auto', ['2025-04']],
    ['all', ['2024-10', '2025-04']],
  ] as const)(
    '--dynamics-revision %s passes, checking %j',
    async (dynamicsRevision, checked) => {
      const report = await runContract({ target: both, apis: ['dynamics365'], dynamicsRevision });
      const failures = report.results.filter((r) => r.status === 'fail').map((r) => `${r.revision} ${r.id}`);
      expect(failures).toEqual([]);
      expect(report.dynamicsRevision?.checked).toEqual(checked);
      expect([...new Set(report.results.map((r) => r.revision))]).toEqual(checked);
      for (const revision of checked) {
        expect(
          report.results.filter((r) => r.revision === revision && r.status === 'pass').length,
        ).toBeGreaterThan(20);
      }
    },
    120_000,
  );

  it('auto recognises a mock pinned to 2024-10 by its refusal of ISO times', async () => {
    const pinned = await mock(['--dynamics-revision', '2024-10', '--jobs', '2000']);
    const report = await runContract({ target: pinned, apis: ['dynamics365'] });
    expect(report.ok).toBe(true);
    expect(report.dynamicsRevision).toMatchObject({ mode: 'auto', checked: ['2024-10'] });
  }, 120_000);
});
