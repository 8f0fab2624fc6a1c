import { PagingError } from '@jobwatch/graph-auth';
import { describe, expect, it } from 'vitest';
import { createDynamicsBackupClient } from '../src/index.js';
import { BASE, fakeDynamics, fakeDynamicsV2025_04 } from './fake-api.js';

const window = { startTime: new Date('2022-08-19T00:00:00Z'), finishTime: '2022-08-20' };
const client2025 = (fetch: typeof globalThis.fetch) =>
  createDynamicsBackupClient({ region: 'uk' }, { revision: '2025-04', token: 'fixed-token', fetch });

describe("createDynamicsBackupClient({ revision: '2025-04' })", () => {
  it('sends ISO times as written, flag names as a mask, status names as codes', async () => {
    const api = fakeDynamicsV2025_04({ total: 1 });
    const client = client2025(api.fetch);
    expect(client.revision).toBe('2025-04');
    const page = await client.listJobs({
      ...window,
      type: ['Backup', 'Restore'],
      status: 'Failed',
      organizationId: '69CB1ECC-F8E8-439B-8077-A4B7FD45E87F',
      pageIndex: 1,
      pageSize: 50,
    });
    expect(page.jobs[0]).toMatchObject({ type: 1, status: 3, backupSize: 180832 });
    expect(new URL(api.requests[0]!.url).search).toBe(
      '?startTime=2022-08-19T00%3A00%3A00.000Z&finishTime=2022-08-20&type=3&status=4&organizationId=69CB1ECC-F8E8-439B-8077-A4B7FD45E87F&pageIndex=1&pageSize=50',
    );
  });

  it('asks for all types (type=0) when the query names none, since 2025-04 requires type', async () => {
    const api = fakeDynamicsV2025_04({ total: 0 });
    await client2025(api.fetch).listJobs(window);
    expect(new URL(api.requests[0]!.url).searchParams.get('type')).toBe('0');
  });

  it('refuses ticks, the 2024-10 time format, before any request', async () => {
    const api = fakeDynamicsV2025_04({ total: 1 });
    const client = client2025(api.fetch);
    await expect(
      client.listJobs({ startTime: '637964640000000000', finishTime: '2022-08-20' }),
    ).rejects.toThrow(/not ticks/);
    await expect(client.listJobs({ startTime: '2022-02-30', finishTime: '2022-08-20' })).rejects.toThrow(
      RangeError,
    );
    expect(api.requests).toHaveLength(0);
  });

  it('follows an absolute nextLink through every page and stops at ""', async () => {
    const api = fakeDynamicsV2025_04({ total: 23 });
    const ids: string[] = [];
    for await (const job of client2025(api.fetch).jobs(window, { pageSize: 10 })) ids.push(job.jobId);
    expect(ids).toHaveLength(23);
    expect(ids).toEqual(api.jobs.map((j) => j.jobId));
    expect(api.requests.map((r) => new URL(r.url).searchParams.get('pageIndex'))).toEqual(['1', '2', '3']);
  });

  it('resolves a relative nextLink against the request URL', async () => {
    const api = fakeDynamicsV2025_04({ total: 7, linkOf: (next) => `jobs${next.search}` });
    const sizes: number[] = [];
    for await (const page of client2025(api.fetch).pages(window, { pageSize: 3 }))
      sizes.push(page.jobs.length);
    expect(sizes).toEqual([3, 3, 1]);
    expect(api.requests.map((r) => new URL(r.url).pathname)).toEqual(Array(3).fill('/dynamicsbackup/jobs'));
  });

  it('resolves the vendor sample’s root-relative `/jobs?…` as written, to a path that is not the API', async () => {
    const api = fakeDynamicsV2025_04({ total: 4, linkOf: (next) => `/jobs${next.search}` });
    const pages = client2025(api.fetch).pages(window, { pageSize: 2 });
    await pages.next();
    await pages.next().catch(() => undefined);
    expect(new URL(api.requests[1]!.url).href).toMatch(new RegExp(`^${BASE}/jobs\\?`));
  });

  it('refuses a nextLink on another origin and a link that repeats', async () => {
    const away = fakeDynamicsV2025_04({ total: 4, linkOf: (next) => `https://evil.example${next.search}` });
    const pages = client2025(away.fetch).pages(window, { pageSize: 2 });
    await pages.next();
    await expect(pages.next()).rejects.toThrow(PagingError);
    expect(away.requests).toHaveLength(1);

    const loop = fakeDynamicsV2025_04({
      total: 6,
      linkOf: (next) => next.href.replace(/pageIndex=\d+/, 'pageIndex=1'),
    });
    const looping = client2025(loop.fetch).pages(window, { pageSize: 2 });
    await looping.next();
    await expect(looping.next()).rejects.toThrow(/repeats/);
  });

  it('names the revision when the target answers a 2024-10 page, and vice versa', async () => {
    await expect(client2025(fakeDynamics({ total: 1 }).fetch).listJobs(window)).rejects.toThrow(
      /2024-10 page.*revision '2024-10'/,
    );
    const old = createDynamicsBackupClient(
      { region: 'uk' },
      { revision: '2024-10', token: 'fixed-token', fetch: fakeDynamicsV2025_04({ total: 1 }).fetch },
    );
    await expect(old.listJobs(window)).rejects.toThrow(/2025-04 page.*revision '2025-04'/);
  });

  it('refuses a missing or unknown revision (JavaScript callers)', () => {
    const { fetch } = fakeDynamicsV2025_04({ total: 0 });
    expect(() => createDynamicsBackupClient({ region: 'uk' }, { token: 't', fetch } as never)).toThrow(
      /revision must be one of 2024-10, 2025-04/,
    );
  });
});
