import { dynamics365 } from '@jobwatch/api-descriptions';
import { describe, expect, it } from 'vitest';
import { createDynamicsBackupClient, DYNAMICS_SCOPE, DynamicsApiError, typeMask } from '../src/index.js';
import { BASE, fakeDynamics, problem } from './fake-api.js';

const window = { startTime: new Date('2022-08-19T00:00:00Z'), finishTime: '2022-08-20T00:00:00Z' };

describe('createDynamicsBackupClient', () => {
  it("asks for the spec's scope (both revisions share it)", () => {
    expect(DYNAMICS_SCOPE).toBe(dynamics365.scope);
  });

  it('sends Date/ISO times as exact ticks, flag names as a mask, status names as codes', async () => {
    const api = fakeDynamics({ total: 1 });
    const client = createDynamicsBackupClient(
      { region: 'uk' },
      { revision: '2024-10', token: 'fixed-token', fetch: api.fetch },
    );
    const page = await client.listJobs({
      ...window,
      type: ['Backup', 'Restore'],
      status: 'Failed',
      organizationId: '6F1C2B8E-3D4A-4F5B-9C7D-2E8F1A0B3C4D',
      pageIndex: 1,
      pageSize: 50,
    });
    expect(page.result[0]!.backupSize).toBe(180832n);
    expect(api.requests[0]!.url).toBe(
      `${BASE}/dynamicsbackup/jobs?startTime=637964640000000000&finishTime=637965504000000000&type=3&status=4&organizationId=6F1C2B8E-3D4A-4F5B-9C7D-2E8F1A0B3C4D&pageIndex=1&pageSize=50`,
    );
  });

  it('accepts ticks as bigint and a single flag name or a mask', () => {
    expect(typeMask('Export')).toBe(32);
    expect(typeMask(['Backup', 'Dryrun', 'AuditBackup'])).toBe(21);
    expect(typeMask(63)).toBe(63);
    expect(() => typeMask(['All' as never])).toThrow(/Unknown job type/);
  });

  it('walks pageIndex until totalNumber jobs have come', async () => {
    const api = fakeDynamics({ total: 23 });
    const client = createDynamicsBackupClient(
      { region: 'uk' },
      { revision: '2024-10', token: 'fixed-token', fetch: api.fetch },
    );
    const ids: string[] = [];
    for await (const job of client.jobs({ startTime: 1n, finishTime: 2n }, { pageSize: 10 }))
      ids.push(job.jobId);
    expect(ids).toEqual(api.jobs.map((j) => j.jobId));
    expect(api.requests.map((r) => new URL(r.url).searchParams.get('pageIndex'))).toEqual(['1', '2', '3']);
    // Every page asks for exactly the same window.
    expect(new Set(api.requests.map((r) => new URL(r.url).searchParams.get('startTime')))).toEqual(
      new Set(['1']),
    );
  });

  it('stops on an empty page even if totalNumber promised more', async () => {
    const api = fakeDynamics({ total: 12, claimedTotal: 1000 });
    const client = createDynamicsBackupClient(
      { region: 'uk' },
      { revision: '2024-10', token: 'fixed-token', fetch: api.fetch },
    );
    const sizes: number[] = [];
    for await (const page of client.pages(window, { pageSize: 5 })) sizes.push(page.result.length);
    expect(sizes).toEqual([5, 5, 2, 0]);
  });

  it('yields one empty page for an empty result', async () => {
    const api = fakeDynamics({ total: 0 });
    const client = createDynamicsBackupClient(
      { region: 'uk' },
      { revision: '2024-10', token: 'fixed-token', fetch: api.fetch },
    );
    const pages = [];
    for await (const page of client.pages(window)) pages.push(page);
    expect(pages).toEqual([{ totalNumber: 0, result: [] }]);
  });

  it('turns problem details into a DynamicsApiError with the errors per field', async () => {
    const client = createDynamicsBackupClient(
      { region: 'uk' },
      {
        revision: '2024-10',
        token: 'fixed-token',
        fetch: async () =>
          problem(400, {
            type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
            title: 'One or more validation errors occurred.',
            traceId: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
            errors: { startTime: ['The value is not a number of ticks.'], finishTime: ['Required.'] },
          }),
      },
    );
    const error = (await client.listJobs(window).catch((e: unknown) => e)) as DynamicsApiError;
    expect(error).toBeInstanceOf(DynamicsApiError);
    expect(error).toMatchObject({
      name: 'DynamicsApiError',
      status: 400,
      code: 'BadRequest',
      title: 'One or more validation errors occurred.',
      requestId: '0HNEVHLNSPSEJ:0000000A',
      traceId: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
      fields: { startTime: ['The value is not a number of ticks.'], finishTime: ['Required.'] },
    });
    expect(error.message).toBe(
      'Dynamics 365 jobs API: HTTP 400 One or more validation errors occurred. (startTime: The value is not a number of ticks.; finishTime: Required.) [request-id 0HNEVHLNSPSEJ:0000000A]',
    );
  });

  it('takes a code from the problem body when there is one, and survives a non-JSON body', async () => {
    const coded = createDynamicsBackupClient(
      { region: 'uk' },
      {
        revision: '2024-10',
        token: 'fixed-token',
        fetch: async () => problem(403, { title: 'Forbidden', code: 'Forbidden', detail: 'no scope' }),
      },
    );
    await expect(coded.listJobs(window)).rejects.toMatchObject({
      status: 403,
      code: 'Forbidden',
      detail: 'no scope',
    });
    const html = createDynamicsBackupClient(
      { region: 'uk' },
      {
        revision: '2024-10',
        token: 'fixed-token',
        fetch: async () => new Response('<html>bad gateway</html>', { status: 404 }),
      },
    );
    await expect(html.listJobs(window)).rejects.toMatchObject({ status: 404, code: 'NotFound' });
  });

  it('rejects an invalid time before any request', async () => {
    const api = fakeDynamics({ total: 1 });
    const client = createDynamicsBackupClient(
      { region: 'uk' },
      { revision: '2024-10', token: 'fixed-token', fetch: api.fetch },
    );
    await expect(client.pages({ startTime: 'soon', finishTime: 2n }).next()).rejects.toThrow(RangeError);
    expect(api.requests).toHaveLength(0);
  });
});
