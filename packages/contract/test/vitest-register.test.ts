// registerContractSuite in a user's own run, against their own target: a target function (called in
// beforeAll), a narrowed set of checks, and checks that lack data reported as skipped with their reason.
import { afterAll, expect } from 'vitest';
import type { Report } from '../src/report/types.js';
import { registerContractSuite } from '../src/vitest.js';
import { type FakeServer, startFakeServer } from './fake-server.js';
import { FAKE_CLIENT } from './helpers.js';

let server: FakeServer | undefined;
let report: Report | undefined;

registerContractSuite({
  name: 'registered against an empty target',
  apis: ['salesforce'],
  only: ['auth.no-token', 'paging.union', 'filters.status'],
  target: async () => {
    server = await startFakeServer({ jobs: 0 });
    return {
      baseUrl: server.baseUrl,
      credentials: { kind: 'client-secret', ...FAKE_CLIENT, tokenUrl: server.tokenUrl },
    };
  },
  onReport: (r) => {
    report = r;
  },
});

afterAll(async () => {
  await server?.close();
  expect(report?.results.map((r) => [r.id, r.status])).toEqual([
    ['auth.no-token', 'pass'],
    ['paging.union', 'skip'],
    ['filters.status', 'skip'],
  ]);
  expect(report?.results[1]?.reason).toMatch(/^the target has no jobs between 2000-01-01/);
});
