// registerContractSuite against a target that differs only from the project's own choices: the checks with
// warnings pass (they are annotated, not thrown), and the report keeps their tier; `record` writes the scenario.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { Report } from '../src/report/types.js';
import { registerContractSuite } from '../src/vitest.js';
import { type FakeServer, startFakeServer } from './fake-server.js';
import { FAKE_CLIENT } from './helpers.js';

let server: FakeServer | undefined;
let report: Report | undefined;
const scenario = join(mkdtempSync(join(tmpdir(), 'contract-register-')), 'seen.yaml');

registerContractSuite({
  name: 'registered against a target that breaks only assumed rules',
  apis: ['salesforce'],
  only: ['errors.malformed-value', 'envelope.body', 'paging.union'],
  target: async () => {
    server = await startFakeServer({ mutation: 'assumed-only' });
    return {
      baseUrl: server.baseUrl,
      credentials: { kind: 'client-secret', ...FAKE_CLIENT, tokenUrl: server.tokenUrl },
    };
  },
  record: { path: scenario },
  onReport: (r) => {
    report = r;
  },
});

afterAll(async () => {
  await server?.close();
  expect(report?.results.map((r) => [r.id, r.status])).toEqual([
    ['paging.union', 'pass'],
    ['errors.malformed-value', 'warn'],
    ['envelope.body', 'warn'],
  ]);
  const tiers = report?.results.flatMap((r) => r.findings.map((f) => f.tier));
  expect(tiers?.length).toBeGreaterThan(0);
  expect(new Set(tiers)).toEqual(new Set(['assumed']));
  // `record` works in a registration too: the jobs paging.union walked.
  expect(report?.recording?.jobs.salesforce).toBeGreaterThan(0);
  expect(readFileSync(scenario, 'utf8')).toMatch(
    /^# jobwatch mock scenario, recorded by @jobwatch\/contract/,
  );
});
