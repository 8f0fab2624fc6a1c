// Both clients in process against the MSW handlers (msw/node's setupServer), as a user's test suite runs them: the
// real token flow, paging (Salesforce and Dynamics 2025-04 by nextLink, Dynamics 2024-10 by pageIndex) and the
// APIs' errors, with no server listening. The handlers serve both Dynamics revisions on the one path from one
// dataset, so the same question asked in ticks (2024-10) and in ISO 8601 (2025-04) finds the same jobs.
import { createDynamicsBackupClient, DynamicsApiError } from '@jobwatch/dynamics365-backup';
import { TokenError } from '@jobwatch/graph-auth';
import {
  createSalesforceBackupClient,
  SalesforceApiError,
  SalesforceJobStatus,
} from '@jobwatch/salesforce-backup';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobwatchHandlers, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../../src/msw/index.js';

const BASE = 'https://graph-msw.test';
const NOW = new Date('2025-06-01T00:00:00Z');
const server = setupServer(
  ...createJobwatchHandlers({ baseUrl: BASE, seed: 5, now: NOW, clockMode: 'frozen' }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const credentials = {
  clientId: DEMO_CLIENT_ID,
  clientSecret: DEMO_CLIENT_SECRET,
  tokenUrl: `${BASE}/connect/token`,
};
const client = createSalesforceBackupClient({ baseUrl: BASE }, { credentials });
const lastMonth = { startTime: new Date(NOW.getTime() - 30 * 86_400_000), finishTime: NOW };

describe('the Salesforce client against the MSW handlers', () => {
  it('pages through the failed jobs of a month by nextLink: totalCount jobs, each once, each failed', async () => {
    const first = await client.listJobs({ ...lastMonth, status: 'Failed', pageSize: 4 });
    expect(first.totalCount).toBeGreaterThan(4); // more than one page
    const ids: string[] = [];
    for await (const job of client.jobs({ ...lastMonth, status: 'Failed' }, { pageSize: 4 })) {
      expect(job.status).toBe(SalesforceJobStatus.Failed);
      ids.push(job.jobId);
    }
    expect(ids).toHaveLength(first.totalCount);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("finds the story of an organization whose latest backup failed among that organization's jobs", async () => {
    const { stories } = (await (await fetch(`${BASE}/mock/stories?api=salesforce`)).json()) as {
      stories: { kind: string; organizationId: string | null; jobIds: string[] }[];
    };
    const story = stories.find((s) => s.kind === 'latest-backup-failed');
    expect(story).toBeDefined();
    const page = await client.listJobs({
      startTime: new Date(NOW.getTime() - 7 * 86_400_000),
      finishTime: NOW,
      organizationId: story!.organizationId!,
      status: 'Failed',
      pageSize: 100,
    });
    expect(page.jobs.map((job) => job.jobId)).toContain(story!.jobIds[0]);
  });

  it('raises SalesforceApiError naming the field of a query the API refuses', async () => {
    const error = await client
      .listJobs({ startTime: NOW, finishTime: lastMonth.startTime, pageSize: 10, pageIndex: 100_000_000_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesforceApiError);
    expect((error as SalesforceApiError).status).toBe(400);
    expect(Object.keys((error as SalesforceApiError).fields)).toEqual(['pageIndex']);
  });

  it('raises TokenError for a wrong secret, as the identity service answers it', async () => {
    const wrong = createSalesforceBackupClient(
      { baseUrl: BASE },
      { credentials: { ...credentials, clientSecret: 'not-the-secret' } },
    );
    const error = await wrong.listJobs(lastMonth).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).error).toBe('invalid_client');
  });
});

const current = createDynamicsBackupClient({ baseUrl: BASE }, { revision: '2025-04', credentials });
const first = createDynamicsBackupClient({ baseUrl: BASE }, { revision: '2024-10', credentials });
const fortnight = {
  startTime: new Date(NOW.getTime() - 14 * 86_400_000),
  finishTime: NOW,
  type: ['Backup', 'Restore'] as ('Backup' | 'Restore')[],
};

describe('the Dynamics 365 clients against the MSW handlers', () => {
  it('find the same jobs in both revisions, paging by nextLink (2025-04) and by pageIndex (2024-10)', async () => {
    const viaNextLink: string[] = [];
    for await (const job of current.jobs(fortnight, { pageSize: 9 })) viaNextLink.push(job.jobId);
    const viaPageIndex: string[] = [];
    for await (const job of first.jobs(fortnight, { pageSize: 9 })) viaPageIndex.push(job.jobId);
    expect(viaNextLink.length).toBeGreaterThan(9); // more than one page
    expect(viaPageIndex).toEqual(viaNextLink);
  });

  it('gets the failed jobs of a fortnight with the status as the revision writes it', async () => {
    const failed = await current.listJobs({ ...fortnight, status: 'Failed', pageSize: 100 });
    const failedFirst = await first.listJobs({ ...fortnight, status: 'Failed', pageSize: 100 });
    expect(failed.totalCount).toBeGreaterThan(0);
    expect(failedFirst.totalNumber).toBe(failed.totalCount);
    expect(new Set(failed.jobs.map((job) => job.status))).toEqual(new Set([4]));
    expect(new Set(failedFirst.result.map((job) => job.status))).toEqual(new Set(['Failed']));
  });

  it('raises DynamicsApiError naming the field of a query the API refuses', async () => {
    const error = await current.listJobs({ ...fortnight, pageIndex: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamicsApiError);
    expect((error as DynamicsApiError).status).toBe(400);
    expect(Object.keys((error as DynamicsApiError).fields)).toEqual(['pageIndex']);
  });
});
