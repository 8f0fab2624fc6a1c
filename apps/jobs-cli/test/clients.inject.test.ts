// The Dynamics 2025-04 client against the mock in process: no socket, its fetch calls app.inject.
import { createDynamicsBackupClient } from '@jobwatch/dynamics365-backup';
import { buildApp } from '@jobwatch/mock-server';
import { afterAll, describe, expect, it } from 'vitest';

const NOW = '2025-06-01T00:00:00Z';
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;
const app = buildApp({ jobs: 3000, seed: 5, orgs: 4, now: NOW, clockMode: 'frozen' });
afterAll(() => app.close());

describe('the 2025-04 client against the mock in process (app.inject, no socket)', () => {
  it('iterates a full listing, following nextLink, every job once, newest first', async () => {
    const token = await app.inject({
      method: 'POST',
      url: '/connect/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=jobwatch-demo&client_secret=jobwatch-demo-secret',
    });
    const auth = `Bearer ${(token.json() as { access_token: string }).access_token}`;
    const injectFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const response = await app.inject({
        method: 'GET',
        url: url.pathname + url.search,
        headers: { authorization: auth, host: url.host },
      });
      return new Response(response.body, {
        status: response.statusCode,
        headers: response.headers as Record<string, string>,
      });
    };
    const client = createDynamicsBackupClient(
      { baseUrl: 'http://localhost' },
      { revision: '2025-04', token: 'unused: the fetch sends the app token', fetch: injectFetch },
    );
    const query = {
      startTime: new Date(NOW_MS - 90 * DAY),
      finishTime: NOW.slice(0, 10),
      status: 'Failed' as const,
    };
    const first = await client.listJobs({ ...query, pageSize: 1 });
    expect(first.totalCount).toBeGreaterThan(40);
    const ids: string[] = [];
    let previous = Number.POSITIVE_INFINITY;
    for await (const job of client.jobs(query, { pageSize: 10 })) {
      expect(job.status).toBe(4);
      expect(Date.parse(job.startTime)).toBeLessThanOrEqual(previous);
      previous = Date.parse(job.startTime);
      ids.push(job.jobId);
    }
    expect(ids).toHaveLength(first.totalCount);
    expect(new Set(ids).size).toBe(first.totalCount);
  });
});
