// Both revisions' clients in process against the mock's MSW handlers (@jobwatch/mock-server/msw, msw/node's
// setupServer), which serve both revisions on the one path from one dataset: the same question asked in ticks
// (2024-10) and in ISO 8601 (2025-04) finds the same jobs.
import { createJobwatchHandlers, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '@jobwatch/mock-server/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamicsBackupClient, DynamicsApiError } from '../src/index.js';

const BASE = 'https://graph-msw.test';
const NOW = new Date('2025-06-01T00:00:00Z');
const server = setupServer(
  ...createJobwatchHandlers({ baseUrl: BASE, seed: 9, now: NOW, clockMode: 'frozen' }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const credentials = {
  clientId: DEMO_CLIENT_ID,
  clientSecret: DEMO_CLIENT_SECRET,
  tokenUrl: `${BASE}/connect/token`,
};
const current = createDynamicsBackupClient({ baseUrl: BASE }, { revision: '2025-04', credentials });
const first = createDynamicsBackupClient({ baseUrl: BASE }, { revision: '2024-10', credentials });
const window = {
  startTime: new Date(NOW.getTime() - 14 * 86_400_000),
  finishTime: NOW,
  type: ['Backup', 'Restore'] as ('Backup' | 'Restore')[],
};

describe('the Dynamics 365 clients against the MSW handlers', () => {
  it('find the same jobs in both revisions, paging by nextLink (2025-04) and by pageIndex (2024-10)', async () => {
    const viaNextLink: string[] = [];
    for await (const job of current.jobs(window, { pageSize: 9 })) viaNextLink.push(job.jobId);
    const viaPageIndex: string[] = [];
    for await (const job of first.jobs(window, { pageSize: 9 })) viaPageIndex.push(job.jobId);
    expect(viaNextLink.length).toBeGreaterThan(9); // more than one page
    expect(viaPageIndex).toEqual(viaNextLink);
  });

  it('gets the failed jobs of a fortnight with the status as the revision writes it', async () => {
    const failed = await current.listJobs({ ...window, status: 'Failed', pageSize: 100 });
    const failedFirst = await first.listJobs({ ...window, status: 'Failed', pageSize: 100 });
    expect(failed.totalCount).toBeGreaterThan(0);
    expect(failedFirst.totalNumber).toBe(failed.totalCount);
    expect(new Set(failed.jobs.map((job) => job.status))).toEqual(new Set([4]));
    expect(new Set(failedFirst.result.map((job) => job.status))).toEqual(new Set(['Failed']));
  });

  it('raises DynamicsApiError naming the field of a query the API refuses', async () => {
    const error = await current.listJobs({ ...window, pageIndex: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamicsApiError);
    expect((error as DynamicsApiError).status).toBe(400);
    expect(Object.keys((error as DynamicsApiError).fields)).toEqual(['pageIndex']);
  });
});
