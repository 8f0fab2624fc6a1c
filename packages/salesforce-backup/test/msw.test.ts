// The client in process against the mock's MSW handlers (@jobwatch/mock-server/msw, msw/node's setupServer): the
// real token flow, paging by nextLink and the API's errors, with no server listening.
import { TokenError } from '@jobwatch/graph-auth';
import { createJobwatchHandlers, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '@jobwatch/mock-server/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceBackupClient, SalesforceApiError, SalesforceJobStatus } from '../src/index.js';

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
