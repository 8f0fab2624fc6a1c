// The two API routes through app.inject(): every parameter and the settled readings (decision note 0001).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiCase,
  apis,
  dynamics,
  get,
  NOW_MS,
  nonEmpty,
  salesforce,
  testApp,
  ticks,
} from './helpers.js';

let app: FastifyInstance;
let auth: string;
beforeAll(async () => {
  app = testApp({ auth: false });
  await app.ready();
  auth = '';
});
afterAll(() => app.close());

async function page(c: ApiCase, query: string) {
  const response = await get(app, `${c.path}?${c.range}&${query}`, auth || undefined);
  return { response, body: response.json() as unknown };
}

describe.each(apis)('%s: shared rules', (_name, c) => {
  it('answers 200 with a page and a request-id header equal to nothing else but itself (decision 5)', async () => {
    const { response, body } = await page(c, 'pageSize=5');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['request-id']).toMatch(/^[0-9A-V]{13}:[0-9A-F]{8}$/);
    expect(c.jobs(body)).toHaveLength(5);
    expect(c.total(body)).toBeGreaterThan(5);
  });

  it('sorts newest first, ties by jobId descending, and pages never overlap or skip (decision 2)', async () => {
    const all = (await page(c, 'pageSize=1000')).body;
    const total = c.total(all);
    const jobs = c.jobs(all);
    expect(jobs).toHaveLength(Math.min(total, 1000));
    expect(jobs.length).toBeGreaterThan(100);
    for (let i = 1; i < jobs.length; i++) {
      const a = jobs[i - 1]!;
      const b = jobs[i]!;
      const order = String(a.startTime).localeCompare(String(b.startTime));
      expect(order > 0 || (order === 0 && String(a.jobId) > String(b.jobId))).toBe(true);
    }
    const ids: string[] = [];
    for (let p = 1; p <= Math.ceil(Math.min(total, 1000) / 100); p++) {
      ids.push(...c.jobs((await page(c, `pageSize=100&pageIndex=${p}`)).body).map((j) => String(j.jobId)));
    }
    expect(ids).toHaveLength(jobs.length);
    expect(ids).toEqual(jobs.map((j) => String(j.jobId)));
  });

  it('matches parameter names case-insensitively and ignores unknown ones (decision 1)', async () => {
    const lower = await page(c, 'pageSize=3');
    const upper = await get(
      app,
      `${c.path}?${c.range.replace('startTime', 'STARTTIME').replace('finishTime', 'FinishTime')}&PAGESIZE=3&unknown=1&__proto__=x&constructor=y`,
    );
    expect(upper.statusCode).toBe(200);
    expect(c.jobs(upper.json())).toEqual(c.jobs(lower.body));
  });

  it.each(['pageSize=2&pageSize=3', 'pageSize=2&PageSize=3'])(
    'rejects a repeated parameter %s naming it (decision 1)',
    async (q) => {
      const { response, body } = await page(c, q);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe(c.errorType);
      expect(c.errorFields(body)).toContain('pageSize');
    },
  );

  it.each(['0', '1001', 'abc', '1e3', '1.0', '', '0x10'])(
    'rejects pageSize=%j (decisions 8, 18)',
    async (v) => {
      const { response, body } = await page(c, `pageSize=${encodeURIComponent(v)}`);
      expect(response.statusCode).toBe(400);
      expect(c.errorFields(body)).toEqual(['pageSize']);
    },
  );

  it.each(['pageSize=1', 'pageSize=1000'])('accepts %s', async (q) => {
    expect((await page(c, q)).response.statusCode).toBe(200);
  });

  it('defaults pageSize to 10 (decisions 8, 18)', async () => {
    expect(c.jobs((await page(c, '')).body)).toHaveLength(10);
  });

  it('answers an empty page past the end', async () => {
    const { response, body } = await page(c, 'pageIndex=2147483647');
    expect(response.statusCode).toBe(200);
    expect(c.jobs(body)).toEqual([]);
  });

  it('rejects startTime after finishTime (decision 3)', async () => {
    const swapped = c.range.replace(/startTime=([^&]*)&finishTime=([^&]*)/, 'startTime=$2&finishTime=$1');
    const response = await get(app, `${c.path}?${swapped}`);
    expect(response.statusCode).toBe(400);
    expect(c.errorFields(response.json())).toContain('startTime');
  });

  it.each(['startTime', 'finishTime'])('reports a missing %s as a 400 naming it', async (name) => {
    const query = c.range
      .split('&')
      .filter((p) => !p.startsWith(`${name}=`))
      .join('&');
    const response = await get(app, `${c.path}?${query}`);
    expect(response.statusCode).toBe(400);
    expect(c.errorFields(response.json())).toContain(name);
  });

  it('reports broken percent-encoding as a 400 naming the parameter, never a 500', async () => {
    const response = await get(app, `${c.path}?${c.range}&pageSize=%E0%A4%A`);
    expect(response.statusCode).toBe(400);
    expect(c.errorFields(response.json())).toContain('pageSize');
  });

  it('filters by organization (decisions 15, 24) and rejects a malformed one', async () => {
    const first = c.jobs((await page(c, 'pageSize=1')).body)[0]!;
    const org = String(first.organizationId);
    const { body } = await page(c, `organizationId=${org}&pageSize=1000`);
    expect(nonEmpty(c.jobs(body)).every((j) => j.organizationId === org)).toBe(true);
    const bad = await page(c, 'organizationId=not-an-id!');
    expect(bad.response.statusCode).toBe(400);
    expect(c.errorFields(bad.body)).toContain('organizationId');
  });

  it('keeps counts consistent (decision 6)', async () => {
    for (const job of nonEmpty(c.jobs((await page(c, 'pageSize=200')).body))) {
      const done =
        c.api === 'salesforce' ? job.status !== 1 : job.status !== 'InProgress' && job.status !== 2;
      const keys = c.api === 'salesforce' ? ['Records', 'Objects'] : ['Entity', 'Record'];
      for (const k of keys) {
        const parts = [
          'successful',
          'skipped',
          'failed',
          ...(c.api === 'dynamics365' ? ['warning'] : []),
        ].map((p) => Number(job[`${p}${k}`]));
        const sum = parts.reduce((a, b) => a + b, 0);
        if (done) expect(sum).toBe(Number(job[`total${k}`]));
        else expect(sum).toBeLessThanOrEqual(Number(job[`total${k}`]));
      }
    }
  });
});

describe('salesforce specifics', () => {
  it('treats pageIndex 0 (the default) as the first page, like 1 (decision 7)', async () => {
    const zero = (await page(salesforce, 'pageIndex=0&pageSize=3')).body;
    const one = (await page(salesforce, 'pageIndex=1&pageSize=3')).body;
    const none = (await page(salesforce, 'pageSize=3')).body;
    expect(salesforce.jobs(zero)).toEqual(salesforce.jobs(one));
    expect(salesforce.jobs(none)).toEqual(salesforce.jobs(one));
  });

  it('rejects a negative pageIndex (decision 7)', async () => {
    expect((await page(salesforce, 'pageIndex=-1')).response.statusCode).toBe(400);
  });

  it('gives an absolute nextLink with the same origin, path and query, "" on the last page (decision 9)', async () => {
    const response = await app.inject({
      url: `${salesforce.path}?${salesforce.range}&pageSize=4&Status=0`,
      headers: { host: 'mock.test:4010' },
    });
    const data = (response.json() as { data: { nextLink: string; totalCount: number } }).data;
    expect(data.nextLink).toBe(
      `http://mock.test:4010${salesforce.path}?${salesforce.range}&pageSize=4&Status=0&pageIndex=2`,
    );
    const last = Math.ceil(data.totalCount / 4);
    const end = await page(salesforce, `pageSize=4&pageIndex=${last}`);
    expect((end.body as { data: { nextLink: string } }).data.nextLink).toBe('');
  });

  it('wraps the page in the envelope (decision 13) and uses status, not state (decision 10)', async () => {
    const { response, body } = await page(salesforce, 'pageSize=2');
    const b = body as Record<string, unknown>;
    expect(b).toMatchObject({ statusCode: 200, message: '' });
    expect(b.requestId).toBe(response.headers['request-id']);
    expect(b.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(b.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    const job = salesforce.jobs(body)[0]!;
    expect(job).toHaveProperty('status');
    expect(job).not.toHaveProperty('state');
    for (const field of ['dataSize', 'apiCalls', 'organizationId']) expect(job).toHaveProperty(field); // decision 15
  });

  it('writes finishTime null while a job is in progress (decision 11)', async () => {
    const { body } = await page(salesforce, 'status=1&pageSize=50');
    const running = salesforce.jobs(body);
    expect(running.length).toBeGreaterThan(0);
    for (const job of running) {
      expect(job.status).toBe(1);
      expect(job.finishTime).toBeNull();
      const n = (k: string) => job[k] as number;
      expect(n('successfulRecords') + n('skippedRecords') + n('failedRecords')).toBeLessThanOrEqual(
        n('totalRecords'),
      );
    }
  });

  it.each([
    ['type', '3'],
    ['status', '2'],
  ])('filters by %s=%s', async (name, value) => {
    const { body } = await page(salesforce, `${name}=${value}&pageSize=100`);
    expect(nonEmpty(salesforce.jobs(body)).every((j) => String(j[name]) === value)).toBe(true);
  });

  it('filters by the hidden level, which really filters (decision 12)', async () => {
    const all = salesforce.total((await page(salesforce, 'level=0')).body);
    let sum = 0;
    for (let level = 1; level <= 6; level++)
      sum += salesforce.total((await page(salesforce, `level=${level}`)).body);
    expect(sum).toBe(all);
    expect(salesforce.total((await page(salesforce, 'level=1')).body)).toBeLessThan(all);
  });

  it.each([['type=23'], ['status=8'], ['level=7']])(
    'rejects %s outside the documented list (decision 14)',
    async (q) => {
      expect((await page(salesforce, q)).response.statusCode).toBe(400);
    },
  );

  it('answers errors in the envelope with field, code and data null (decision 13)', async () => {
    const { response, body } = await page(salesforce, 'pageSize=0');
    expect(body).toMatchObject({
      statusCode: 400,
      data: null,
      errors: [{ code: 'InvalidParameter', field: 'pageSize' }],
      requestId: response.headers['request-id'],
    });
    expect((body as { message: string }).message).not.toBe('');
  });

  it('covers a date-only finishTime through the whole day (decision 3)', async () => {
    const day = new Date(NOW_MS - 86_400_000).toISOString().slice(0, 10);
    const r = await get(app, `${salesforce.path}?startTime=${day}&finishTime=${day}&pageSize=1000`);
    const jobs = salesforce.jobs(r.json());
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((j) => String(j.startTime).startsWith(day))).toBe(true);
  });

  it('rejects a date that is not in the calendar', async () => {
    const r = await get(app, `${salesforce.path}?startTime=2025-02-30&finishTime=2025-03-01`);
    expect(r.statusCode).toBe(400);
    expect(salesforce.errorFields(r.json())).toEqual(['startTime']);
  });

  it('rejects a year outside 0001-9999, which a .NET DateTime cannot hold, in the documented shape', async () => {
    for (const start of ['0000-01-01', '0001-01-01T00:00:00%2B01:00']) {
      const r = await get(app, `${salesforce.path}?startTime=${start}&finishTime=2025-03-01`);
      expect(r.statusCode, start).toBe(400);
      expect(r.headers['content-type']).toBe(salesforce.errorType);
      expect(salesforce.errorFields(r.json())).toEqual(['startTime']);
      expect(r.json().errors[0].message).toMatch(/0001 to 9999/);
    }
    const earliest = await get(app, `${salesforce.path}?startTime=0001-01-01&finishTime=2025-03-01`);
    expect(earliest.statusCode).toBe(200);
  });
});

describe('dynamics365 specifics', () => {
  it('writes type and status as strings (decision 21) and module as documented (decision 22)', async () => {
    const { body } = await page(dynamics, 'pageSize=100');
    for (const job of nonEmpty(dynamics.jobs(body))) {
      expect(['Backup', 'Restore', 'Dryrun', 'Retention', 'AuditBackup', 'Export']).toContain(job.type);
      expect(['InProgress', 'Finished', 'Failed', 'FinishedWithException']).toContain(job.status);
      expect(['Customer Engagement', 'Finance and Operations']).toContain(job.module);
    }
  });

  it('omits finishTime and durationHours while in progress (decision 23)', async () => {
    const { body } = await page(dynamics, 'status=2&pageSize=50');
    const running = dynamics.jobs(body);
    expect(running.length).toBeGreaterThan(0);
    for (const job of running) {
      expect(job.status).toBe('InProgress');
      expect(job).not.toHaveProperty('finishTime');
      expect(job).not.toHaveProperty('durationHours');
      const n = (k: string) => job[k] as number;
      const parts = n('successfulRecord') + n('failedRecord') + n('skippedRecord') + n('warningRecord');
      expect(parts).toBeLessThanOrEqual(n('totalRecord'));
    }
  });

  it('treats type as bit flags: 3 = backup or restore (decision 19)', async () => {
    const backup = dynamics.total((await page(dynamics, 'type=1')).body);
    const restore = dynamics.total((await page(dynamics, 'type=2')).body);
    const both = dynamics.total((await page(dynamics, 'type=3')).body);
    expect(both).toBe(backup + restore);
    const all = dynamics.total((await page(dynamics, 'type=0')).body);
    expect(dynamics.total((await page(dynamics, '')).body)).toBe(all);
    expect((await page(dynamics, 'type=64')).response.statusCode).toBe(400);
  });

  it.each(['0', '1', '5'])('rejects status=%s (decision 20)', async (s) => {
    expect((await page(dynamics, `status=${s}`)).response.statusCode).toBe(400);
  });

  it('filters by status 3 = Finished', async () => {
    const { body } = await page(dynamics, 'status=3&pageSize=100');
    expect(nonEmpty(dynamics.jobs(body)).every((j) => j.status === 'Finished')).toBe(true);
  });

  it('matches the organization GUID case-insensitively (decision 24)', async () => {
    const org = String(dynamics.jobs((await page(dynamics, 'pageSize=1')).body)[0]!.organizationId);
    const lower = dynamics.total((await page(dynamics, `organizationId=${org}`)).body);
    const upper = dynamics.total((await page(dynamics, `organizationId=${org.toUpperCase()}`)).body);
    expect(upper).toBe(lower);
    expect(lower).toBeGreaterThan(0);
  });

  it('accepts endTime as an alias of finishTime and rejects both together (decision 17)', async () => {
    const start = ticks(NOW_MS - 90 * 86_400_000);
    const alias = await get(app, `${dynamics.path}?startTime=${start}&endTime=${ticks(NOW_MS)}`);
    const canonical = await get(app, `${dynamics.path}?startTime=${start}&finishTime=${ticks(NOW_MS)}`);
    expect(alias.statusCode).toBe(200);
    expect(alias.body).toBe(canonical.body);
    const both = await get(app, `${dynamics.path}?startTime=${start}&finishTime=1&endTime=2`);
    expect(both.statusCode).toBe(400);
    expect(dynamics.errorFields(both.json())).toContain('endTime');
  });

  it('parses ticks exactly: one tick decides inclusion (decision 16)', async () => {
    const job = dynamics.jobs((await page(dynamics, 'pageSize=1')).body)[0]!;
    const t = ticks(Date.parse(String(job.startTime)));
    const exact = await get(app, `${dynamics.path}?startTime=${t}&finishTime=${t}`);
    expect(dynamics.jobs(exact.json()).map((j) => j.jobId)).toContain(job.jobId);
    const after = await get(
      app,
      `${dynamics.path}?startTime=${BigInt(t) + 1n}&finishTime=${BigInt(t) + 5000n}`,
    );
    expect(dynamics.jobs(after.json()).map((j) => j.jobId)).not.toContain(job.jobId);
  });

  it.each(['1.5', '1e18', '-1', '3155378975999999999'.replace(/9$/, '10'), 'today'])(
    'rejects startTime=%s',
    async (v) => {
      const r = await get(app, `${dynamics.path}?startTime=${v}&finishTime=${ticks(NOW_MS)}`);
      expect(r.statusCode).toBe(400);
      expect(dynamics.errorFields(r.json())).toContain('startTime');
    },
  );

  it('answers problem details with errors per parameter (decision 25)', async () => {
    const { response, body } = await page(dynamics, 'pageIndex=0');
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(body).toMatchObject({
      status: 400,
      title: expect.any(String),
      errors: { pageIndex: [expect.any(String)] },
    });
    expect((body as { traceId: string }).traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it('has no nextLink: walking pageIndex from 1 visits totalNumber jobs (decision 18)', async () => {
    const total = dynamics.total((await page(dynamics, 'type=2')).body);
    const ids = new Set<string>();
    for (let p = 1; p <= Math.ceil(total / 50); p++) {
      const b = (await page(dynamics, `type=2&pageSize=50&pageIndex=${p}`)).body as Record<string, unknown>;
      expect(Object.keys(b).sort()).toEqual(['result', 'totalNumber']);
      for (const j of dynamics.jobs(b)) ids.add(String(j.jobId));
    }
    expect(ids.size).toBe(total);
  });
});

// The generated data has hardly any job in progress, so a scenario adds some (two per API, no finish time).
describe('jobs in progress', () => {
  let running: FastifyInstance;
  const inProgress = (status: string) => [
    { status, startTime: '-2h' },
    { status, startTime: '-30m' },
  ];
  beforeAll(async () => {
    running = testApp({
      auth: false,
      scenario: { salesforce: inProgress('In progress'), dynamics365: inProgress('InProgress') },
    });
    await running.ready();
  });
  afterAll(() => running.close());

  it('salesforce writes finishTime null while a job is in progress (decision 11)', async () => {
    const response = await get(running, `${salesforce.path}?${salesforce.range}&status=1&pageSize=50`);
    const jobs = salesforce.jobs(response.json());
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    for (const job of jobs) {
      expect(job.status).toBe(1);
      expect(job).toHaveProperty('finishTime', null);
    }
  });

  it('dynamics365 omits finishTime and durationHours while a job is in progress (decision 23)', async () => {
    const response = await get(running, `${dynamics.path}?${dynamics.range}&status=2&pageSize=50`);
    const jobs = dynamics.jobs(response.json());
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    for (const job of jobs) {
      expect(job.status).toBe('InProgress');
      expect(job).not.toHaveProperty('finishTime');
      expect(job).not.toHaveProperty('durationHours');
    }
  });
});

describe('determinism', () => {
  it('gives byte-identical pages across two apps built with the same options', async () => {
    const other = testApp({ auth: false });
    for (const c of [salesforce, dynamics]) {
      const a = await get(app, `${c.path}?${c.range}&pageSize=50&pageIndex=2`);
      const b = await get(other, `${c.path}?${c.range}&pageSize=50&pageIndex=2`);
      const strip = (s: string) => s.replace(/"(requestId|timestamp|traceId)":"[^"]*"/g, '');
      expect(strip(a.body)).toBe(strip(b.body));
    }
    await other.close();
  });
});
