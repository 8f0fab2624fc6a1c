import { salesforce } from '@jobwatch/api-descriptions';
import { createManualClock } from '@jobwatch/graph-auth/testing';
import { describe, expect, it } from 'vitest';
import {
  createSalesforceBackupClient,
  listSalesforceBackupJobs,
  PagingError,
  SALESFORCE_SCOPE,
  SalesforceApiError,
  SalesforceJobStatusFilter,
} from '../src/index.js';
import { BASE, envelope, fakeSalesforce, TOKEN_URL } from './fake-api.js';

const credentials = { clientId: 'app', clientSecret: 'app-secret-value' };
const window = { startTime: new Date('2024-01-01T00:00:00Z'), finishTime: '2024-12-01' };

describe('createSalesforceBackupClient', () => {
  it("asks for the spec's scope", () => {
    expect(SALESFORCE_SCOPE).toBe(salesforce.scope);
  });

  it('gets one page with Date times as ISO, names as codes, and a token for the Salesforce scope', async () => {
    const api = fakeSalesforce({ total: 3 });
    const client = createSalesforceBackupClient({ region: 'us' }, { credentials, fetch: api.fetch });
    const page = await client.listJobs({
      ...window,
      status: 'Failed',
      type: 'AuditLogExport',
      level: 1,
      pageSize: 2,
    });
    expect(page.totalCount).toBe(3);
    expect(page.jobs).toHaveLength(2);
    const [token, jobs] = api.requests;
    expect(token!.url).toBe(TOKEN_URL);
    expect(new URLSearchParams(await token!.text()).get('scope')).toBe(salesforce.scope);
    expect(jobs!.url).toBe(
      `${BASE}/backup/sfbapi/jobs?startTime=2024-01-01T00%3A00%3A00.000Z&finishTime=2024-12-01&type=21&status=4&level=1&pageSize=2`,
    );
    expect(jobs!.headers.get('authorization')).toBe('Bearer token-1');
  });

  it('follows nextLink through every page, and jobs() yields every job once, in order', async () => {
    const api = fakeSalesforce({ total: 25 });
    const client = createSalesforceBackupClient(
      { baseUrl: `${BASE}/` },
      { token: 'fixed-token', fetch: api.fetch },
    );
    const pages = [];
    for await (const page of client.pages(window, { pageSize: 10 })) pages.push(page.jobs.length);
    expect(pages).toEqual([10, 10, 5]);
    const ids = [];
    for await (const job of client.jobs(window, { pageSize: 7 })) ids.push(job.jobId);
    expect(ids).toEqual(api.jobs.map((j) => j.jobId));
    expect(new URL(api.requests.at(-1)!.url).searchParams.get('pageIndex')).toBe('4');
  });

  it('refuses a nextLink that leaves the origin, so the token cannot leak', async () => {
    const api = fakeSalesforce({
      total: 20,
      linkOf: (url) => url.href.replace(BASE, 'https://evil.example'),
    });
    const client = createSalesforceBackupClient({ region: 'us' }, { token: 'fixed-token', fetch: api.fetch });
    const seen: string[] = [];
    const run = async () => {
      for await (const job of client.jobs(window, { pageSize: 10 })) seen.push(job.jobId);
    };
    await expect(run()).rejects.toThrow(PagingError);
    expect(seen).toHaveLength(10);
    expect(api.requests.every((r) => r.url.startsWith(BASE))).toBe(true);
  });

  it('stops on a page that repeats or comes back empty', async () => {
    const api = fakeSalesforce({
      total: 20,
      linkOf: (url) => url.href.replace(/pageIndex=\d+/, 'pageIndex=2'),
    });
    const client = createSalesforceBackupClient({ region: 'us' }, { token: 'fixed-token', fetch: api.fetch });
    await expect(async () => {
      for await (const _ of client.pages(window, { pageSize: 5 })) {
        // drain
      }
    }).rejects.toThrow(/repeats/);

    const empty = createSalesforceBackupClient(
      { region: 'us' },
      {
        token: 'fixed-token',
        fetch: async () => envelope(200, { totalCount: 5, nextLink: `${BASE}/x`, jobs: [] }),
      },
    );
    const pages = [];
    for await (const page of empty.pages(window)) pages.push(page);
    expect(pages).toHaveLength(1);
  });

  it('turns the error envelope into a SalesforceApiError with code, fields and request id', async () => {
    const api = fakeSalesforce({
      total: 1,
      before: () =>
        envelope(400, null, {
          message: 'One or more parameters are invalid.',
          errors: [
            { code: 'InvalidParameter', field: 'pageSize', message: 'pageSize must be from 1 to 1000.' },
            { code: 'InvalidParameter', field: 'pageSize', message: 'second message' },
          ],
        }),
    });
    const client = createSalesforceBackupClient({ region: 'us' }, { credentials, fetch: api.fetch });
    const error = (await client
      .listJobs({ ...window, pageSize: 5000 })
      .catch((e: unknown) => e)) as SalesforceApiError;
    expect(error).toBeInstanceOf(SalesforceApiError);
    expect(error).toMatchObject({
      name: 'SalesforceApiError',
      status: 400,
      code: 'InvalidParameter',
      requestId: '0HNEVHLNSPSEJ:00000002',
      traceId: '00-f33571c212e19c7bad36b255e18b7df2-97d26a62bd4a5b70-00',
      timestamp: '2025-08-20T03:25:12.304891Z',
      fields: { pageSize: ['pageSize must be from 1 to 1000.', 'second message'] },
    });
    expect(error.errors).toHaveLength(2);
    expect(error.message).toContain('HTTP 400 One or more parameters are invalid.');
    expect(error.message).not.toContain('app-secret-value');
    expect(error.message).not.toContain('token-1');
  });

  it('keeps a listing going when the token expires in the middle of it', async () => {
    const clock = createManualClock();
    const api = fakeSalesforce({ total: 30 });
    const client = createSalesforceBackupClient({ region: 'us' }, { credentials, fetch: api.fetch, clock });
    const ids: string[] = [];
    for await (const job of client.jobs(window, { pageSize: 10 })) {
      ids.push(job.jobId);
      if (ids.length === 10) clock.advance(3600_000); // a long pause: the first token has expired
    }
    expect(ids).toHaveLength(30);
    expect(api.tokenRequests()).toBe(2);
    expect(api.jobRequests().map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer token-1',
      'Bearer token-2',
      'Bearer token-2',
    ]);
  });

  it('recovers from a 401 in the middle of a listing with one new token', async () => {
    const api = fakeSalesforce({
      total: 20,
      before: (request, served) =>
        served === 1 && request.headers.get('authorization') === 'Bearer token-1'
          ? envelope(401, null, {
              errors: [{ code: 'Unauthorized', field: 'Authorization', message: 'expired' }],
            })
          : undefined,
    });
    const client = createSalesforceBackupClient({ region: 'us' }, { credentials, fetch: api.fetch });
    let count = 0;
    for await (const _ of client.jobs(window, { pageSize: 10 })) count++;
    expect(count).toBe(20);
    expect(api.tokenRequests()).toBe(2);
  });

  it('stops a listing when the caller aborts', async () => {
    const api = fakeSalesforce({ total: 50 });
    const client = createSalesforceBackupClient({ region: 'us' }, { token: 'fixed-token', fetch: api.fetch });
    const controller = new AbortController();
    let count = 0;
    const run = async () => {
      for await (const _ of client.jobs(window, { pageSize: 10, signal: controller.signal })) {
        if (++count === 15) controller.abort(new Error('enough'));
      }
    };
    await expect(run()).rejects.toThrow('enough');
    expect(api.jobRequests()).toHaveLength(2);
  });

  it('rejects a bad page size before any request', async () => {
    const api = fakeSalesforce({ total: 1 });
    const client = createSalesforceBackupClient({ region: 'us' }, { token: 'fixed-token', fetch: api.fetch });
    await expect(client.pages(window, { pageSize: 0 }).next()).rejects.toThrow(RangeError);
    await expect(client.listJobs({ ...window, status: 'Broken' as never })).rejects.toThrow(
      /Unknown status 'Broken'/,
    );
    expect(api.requests).toHaveLength(0);
  });

  it('exposes the generated client on the same transport', async () => {
    const api = fakeSalesforce({ total: 2 });
    const { client } = createSalesforceBackupClient({ region: 'us' }, { credentials, fetch: api.fetch });
    const { data } = await listSalesforceBackupJobs({
      client,
      query: {
        startTime: '2024-01-01',
        finishTime: '2024-12-01',
        status: SalesforceJobStatusFilter.InProgress,
      },
      throwOnError: true,
    });
    expect(data.data.jobs).toHaveLength(2);
    expect(api.jobRequests()[0]!.headers.get('authorization')).toBe('Bearer token-1');
  });
});
