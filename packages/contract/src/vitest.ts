// Registers the contract checks in a vitest run: a describe per API and one `it` per check, so a user's own
// CI shows them like any other test. Skipped checks call ctx.skip(reason); failed checks throw the findings.
import type { ApiName } from '@jobwatch/specs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  type ApiDescription,
  apiDescriptions,
  DYNAMICS_REVISIONS,
  dynamicsDescriptions,
} from './apis/index.js';
import { checksFor } from './checks/index.js';
import { writeReports } from './report/files.js';
import { formatResult } from './report/summary.js';
import type { Report } from './report/types.js';
import { type ContractOptions, ContractRun, recordRun } from './runner/run.js';
import type { Target } from './target/config.js';
import { DEMO_CLIENT, type MockProcess, startMock } from './target/mock.js';

export type RegisterOptions = Omit<ContractOptions, 'target' | 'onResult'> & {
  /** A target, a function that produces one (called in beforeAll), or `'mock'` to start the local mock. */
  target: Target | 'mock' | (() => Target | Promise<Target>);
  /** Name of the outer describe block. */
  name?: string;
  /** Write the JSON report (and JUnit XML beside it) here after the run. */
  report?: string;
  /** Called with the report after the run. */
  onReport?(report: Report): void;
  /** Per-check timeout; a live target at 5 requests/s needs a few seconds per check. */
  testTimeoutMs?: number;
};

export class ContractDriftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractDriftError';
  }
}

export function registerContractSuite(options: RegisterOptions): void {
  const apis: readonly ApiName[] = options.apis ?? ['salesforce', 'dynamics365'];
  let run: ContractRun | undefined;
  let mock: MockProcess | undefined;

  describe(options.name ?? 'jobwatch contract', () => {
    beforeAll(async () => {
      let target: Target;
      if (options.target === 'mock') {
        mock = await startMock();
        target = {
          baseUrl: mock.baseUrl,
          credentials: { kind: 'client-secret', ...DEMO_CLIENT, tokenUrl: mock.tokenUrl },
          kind: 'mock',
        };
      } else {
        target = typeof options.target === 'function' ? await options.target() : options.target;
      }
      run = new ContractRun({ ...options, target, apis });
    }, 60_000);

    afterAll(async () => {
      if (run) {
        // `record`: the jobs the registered checks saw, as a scenario file for the mock (as with the CLI).
        const report = run.report(options.record ? await recordRun(run, options.record) : undefined);
        if (options.report) writeReports(report, options.report);
        options.onReport?.(report);
      }
      await mock?.stop();
    });

    for (const api of apis) {
      // Which revisions may be checked is known now; which one is (auto: a probe) only once the run started, so
      // a revision the target does not serve has its checks skipped, naming the one it serves.
      const mode = options.dynamicsRevision ?? 'auto';
      const candidates: ApiDescription[] =
        api !== 'dynamics365'
          ? [apiDescriptions[api]]
          : mode === 'auto' || mode === 'all'
            ? DYNAMICS_REVISIONS.map((r) => dynamicsDescriptions[r])
            : [dynamicsDescriptions[mode]];
      for (const description of candidates) {
        describe(`${api} ${description.revision}`, () => {
          for (const check of checksFor(description, options.only)) {
            it(
              `${check.id}: ${check.title}`,
              async (ctx) => {
                if (!run) throw new Error('the contract run did not start (see beforeAll)');
                const served = await run.descriptions(api);
                if (!served.includes(description)) {
                  const probe = run.results.find((r) => r.api === api && r.id === 'revision.probe');
                  if (probe) throw new ContractDriftError(formatResult(probe, 50));
                  ctx.skip(`the target is checked in revision ${served.map((d) => d.revision).join(', ')}`);
                }
                const result = await run.runCheck(description, check);
                if (result.status === 'skip') ctx.skip(result.reason);
                if (result.status === 'fail') throw new ContractDriftError(formatResult(result, 50));
                // A warning passes (the target differs only from the project's own choices) but is shown.
                if (result.status === 'warn') await ctx.annotate(formatResult(result, 50), 'warning');
              },
              options.testTimeoutMs ?? 120_000,
            );
          }
        });
      }
    }
  });
}
