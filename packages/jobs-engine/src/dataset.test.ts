import { describe, expect, it } from 'vitest';
import { expectValid } from '../test/support/spec-schemas.js';
import { createDataset, type EngineDataset, generateDatasetColumns } from './dataset.js';
import { dynamics365Model } from './models/dynamics365.js';
import { salesforceIdChecksum, salesforceModel } from './models/salesforce.js';
import { getProfile } from './profiles/index.js';
import { Rng } from './random.js';
import { parseScenario } from './scenario.js';
import { formatCompactTime, MS_PER_HOUR } from './time.js';
import type { ApiName, JobQuery } from './types.js';

const now = new Date('2026-11-25T12:00:00Z');
const nowMs = now.getTime();
const apis: ApiName[] = ['salesforce', 'dynamics365'];
const meta = {
  requestId: '0HNEVHLNSPSEJ:00000002',
  timestamp: '2025-08-20T03:25:12.304891Z',
  traceId: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`,
};

const everything = (limit: number, offset = 0): JobQuery => ({
  fromMs: Number.NEGATIVE_INFINITY,
  toMs: Number.POSITIVE_INFINITY,
  types: null,
  status: null,
  level: null,
  organizationId: null,
  offset,
  limit,
});

function allJobs(ds: EngineDataset): Record<string, unknown>[] {
  return ds.query(everything(ds.size)).jobsJson.map((text) => JSON.parse(text) as Record<string, unknown>);
}

const datasets = new Map<ApiName, EngineDataset>();
function sample(api: ApiName): EngineDataset {
  let ds = datasets.get(api);
  if (!ds) {
    ds = createDataset(api, { seed: 7, jobs: 5000, orgs: 12, now });
    datasets.set(api, ds);
  }
  return ds;
}

describe.each(apis)('%s dataset', (api) => {
  it('is byte-identical for the same options and differs for another seed', () => {
    const options = { seed: 123, jobs: 3000, orgs: 9, now };
    const a = createDataset(api, options).query(everything(3000)).jobsJson.join('\n');
    const b = createDataset(api, { ...options, jsonCacheSize: 0 })
      .query(everything(3000))
      .jobsJson.join('\n');
    expect(b).toBe(a);
    const c = createDataset(api, { ...options, seed: 124 })
      .query(everything(3000))
      .jobsJson.join('\n');
    expect(c).not.toBe(a);
  });

  it('takes columns generated elsewhere for the same options, and ignores those of other options', () => {
    const options = { seed: 123, jobs: 3000, orgs: 9, now };
    const reference = createDataset(api, options).query(everything(3000)).jobsJson;
    // As a worker thread hands them over: through structured clone.
    const prebuilt = structuredClone(generateDatasetColumns(api, options));
    let asked = 0;
    const given = createDataset(api, {
      ...options,
      prebuilt: () => {
        asked++;
        return prebuilt;
      },
    });
    expect(asked).toBe(1);
    expect(given.query(everything(3000)).jobsJson).toEqual(reference);
    const other = structuredClone(generateDatasetColumns(api, { ...options, seed: 124 }));
    const ignored = createDataset(api, { ...options, prebuilt: () => other });
    expect(ignored.query(everything(3000)).jobsJson).toEqual(reference);
    const broken = { ...prebuilt, columns: { ...prebuilt.columns, org: new Uint8Array(prebuilt.size) } };
    expect(
      createDataset(api, { ...options, prebuilt: () => broken }).query(everything(3000)).jobsJson,
    ).toEqual(reference);
    // The index comes with the columns; one that does not fit them (or none) is built again here.
    const filtered = (ds: EngineDataset) => {
      const org = ds.organizations[2]!.id;
      const types = api === 'salesforce' ? [1, 5] : [1, 2];
      return [
        ds.query({ ...everything(20), organizationId: org }),
        ds.query({ ...everything(20, 7), types }),
        ds.query({ ...everything(20, 3), types, organizationId: org }),
      ].map((page) => [page.total, page.jobsJson]);
    };
    const expected = filtered(createDataset(api, options));
    expect(expected.every(([total]) => (total as number) > 0)).toBe(true);
    expect(filtered(given)).toEqual(expected);
    const index = prebuilt.index as { positions: Int32Array };
    const badIndex = { ...prebuilt, index: { ...index, positions: index.positions.subarray(1) } };
    expect(filtered(createDataset(api, { ...options, prebuilt: () => badIndex }))).toEqual(expected);
    const noIndex = { ...prebuilt, index: undefined };
    expect(filtered(createDataset(api, { ...options, prebuilt: () => noIndex }))).toEqual(expected);
    // One that fits is taken as it is, not built again: the same lists in another order answer otherwise.
    const shuffled = { ...prebuilt, index: { ...index, positions: index.positions.slice().reverse() } };
    expect(filtered(createDataset(api, { ...options, prebuilt: () => shuffled }))).not.toEqual(expected);
  });

  it('holds about the requested number of jobs, and exactly the requested organizations', () => {
    const ds = sample(api);
    expect(Math.abs(ds.size - 5000) / 5000).toBeLessThan(0.05);
    expect(ds.organizations).toHaveLength(12);
    expect(new Set(ds.organizations.map((o) => o.id)).size).toBe(12);
    expect(new Set(ds.organizations.map((o) => o.name)).size).toBe(12);
  });

  it('renders every job and a whole page as the spec says', () => {
    const ds = sample(api);
    const jobSchema = api === 'salesforce' ? 'SalesforceJob' : 'DynamicsJob';
    for (const job of allJobs(ds)) expectValid(api, jobSchema, job);
    const query = { ...everything(25), fromMs: 0, toMs: nowMs };
    const body = getProfile(api).renderPage(
      ds.query(query),
      query,
      {},
      new URL(`http://127.0.0.1:4010${getProfile(api).path}`),
      meta,
    );
    expectValid(api, api === 'salesforce' ? 'SalesforceJobsResponse' : 'DynamicsJobsPage', JSON.parse(body));
  });

  it('orders jobs by startTime then jobId, both descending, with unique job ids', () => {
    const ds = sample(api);
    const fields = Array.from({ length: ds.size }, (_, p) => ds.filterFields(p));
    for (let p = 1; p < fields.length; p++) {
      const a = fields[p - 1]!;
      const b = fields[p]!;
      expect(a.startMs > b.startMs || (a.startMs === b.startMs && a.jobId > b.jobId)).toBe(true);
    }
    expect(new Set(fields.map((f) => f.jobId)).size).toBe(ds.size);
  });
});

// The generated data has few jobs in progress (none in the sample), so a scenario adds some: their counts and
// details come from the same generator as every other job's, and the running branches below have jobs to check.
const RUNNING_JOBS = 3;
function withRunningJobs(api: ApiName): EngineDataset {
  const running = Array.from({ length: RUNNING_JOBS }, (_, i) => ({
    status: api === 'salesforce' ? 'In progress' : 'InProgress',
    startTime: `-${i + 1}h`,
  }));
  return createDataset(api, { seed: 7, jobs: 5000, orgs: 12, now, scenario: { [api]: running } });
}

/** Checks that both branches of a per-job check ran: some jobs in progress, some finished. */
function expectBothStates(
  jobs: Record<string, unknown>[],
  isRunning: (job: Record<string, unknown>) => boolean,
) {
  const running = jobs.filter(isRunning).length;
  expect(running).toBeGreaterThanOrEqual(RUNNING_JOBS);
  expect(jobs.length - running).toBeGreaterThan(1000);
}

describe('consistency of generated jobs', () => {
  it('Salesforce jobs are plausible and their counts add up', () => {
    const ds = withRunningJobs('salesforce');
    const jobs = allJobs(ds);
    expectBothStates(jobs, (job) => job.status === 1);
    const types = new Map<number, number>();
    jobs.forEach((job, p) => {
      const start = Date.parse(job.startTime as string);
      expect(start).toBeLessThan(nowMs);
      expect(job.jobId).toMatch(/^[A-Z]{2}\d{20}$/);
      expect((job.jobId as string).slice(2, 16)).toBe(formatCompactTime(start, 14));
      const org = job.organizationId as string;
      expect(org).toMatch(/^00D[A-Za-z0-9]{15}$/);
      expect(org.slice(15)).toBe(salesforceIdChecksum(org.slice(0, 15)));
      expect(ds.filterFields(p).level).toBeGreaterThanOrEqual(1);
      types.set(job.type as number, (types.get(job.type as number) ?? 0) + 1);
      const running = job.status === 1;
      const sums: [number, number][] = [
        [
          (job.successfulRecords as number) + (job.skippedRecords as number) + (job.failedRecords as number),
          job.totalRecords as number,
        ],
        [
          (job.successfulObjects as number) + (job.skippedObjects as number) + (job.failedObjects as number),
          job.totalObjects as number,
        ],
        [(job.successfulMetadata as number) + (job.failedMetadata as number), job.totalMetadata as number],
      ];
      for (const [sum, total] of sums) {
        if (running) expect(sum).toBeLessThanOrEqual(total);
        else expect(sum).toBe(total);
      }
      if (running) {
        expect(job.finishTime).toBeNull();
        expect(nowMs - start).toBeLessThan(salesforceModel.maxRunMs);
      } else {
        const finish = Date.parse(job.finishTime as string);
        expect(finish).toBeGreaterThan(start);
        expect(finish).toBeLessThanOrEqual(nowMs);
      }
      if (job.status === 3 || job.status === 4) {
        expect(
          (job.failedRecords as number) + (job.failedObjects as number) + (job.failedMetadata as number),
        ).toBeGreaterThan(0);
      }
      if ((job.successfulRecords as number) > 1000) expect(job.dataSize as number).toBeGreaterThan(0);
    });
    // Mostly scheduled backups, and a real mix of others.
    const backups = (types.get(1) ?? 0) + (types.get(17) ?? 0);
    expect(backups / jobs.length).toBeGreaterThan(0.5);
    expect(types.size).toBeGreaterThan(10);
  });

  it('Dynamics 365 jobs are plausible and their counts add up', () => {
    const ds = withRunningJobs('dynamics365');
    const jobs = allJobs(ds);
    expectBothStates(jobs, (job) => job.status === 'InProgress');
    const modules = new Set<string>();
    let backups = 0;
    for (const job of jobs) {
      const start = Date.parse(job.startTime as string);
      expect(job.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(job.jobId).toMatch(/^D[CF](IB|RS|DR|RT|AB|EX)\d{22}$/);
      expect((job.jobId as string).slice(4, 21)).toBe(formatCompactTime(start, 17));
      modules.add(job.module as string);
      if (job.type === 'Backup') backups++;
      const running = job.status === 'InProgress';
      for (const kind of ['Entity', 'Record']) {
        const sum = ['successful', 'failed', 'skipped', 'warning'].reduce(
          (s, part) => s + (job[`${part}${kind}`] as number),
          0,
        );
        if (running) expect(sum).toBeLessThanOrEqual(job[`total${kind}`] as number);
        else expect(sum).toBe(job[`total${kind}`]);
      }
      if (running) {
        expect(job).not.toHaveProperty('finishTime');
        expect(job).not.toHaveProperty('durationHours');
        expect(nowMs - start).toBeLessThan(dynamics365Model.maxRunMs);
      } else {
        const finish = Date.parse(job.finishTime as string);
        expect(finish).toBeGreaterThan(start);
        expect(finish).toBeLessThanOrEqual(nowMs);
        expect(job.durationHours).toBe((finish - start) / MS_PER_HOUR);
      }
      if (job.status === 'Failed' || job.status === 'FinishedWithException') {
        expect((job.failedEntity as number) + (job.failedRecord as number)).toBeGreaterThan(0);
      }
    }
    expect(backups / jobs.length).toBeGreaterThan(0.1);
    expect(modules).toEqual(new Set(['Customer Engagement', 'Finance and Operations']));
  });

  it('spreads the jobs over weeks before now, up to the last hour', () => {
    for (const api of apis) {
      const ds = sample(api);
      const oldest = ds.filterFields(ds.size - 1).startMs;
      expect(nowMs - oldest).toBeGreaterThan(30 * 24 * MS_PER_HOUR);
      expect(oldest).toBeGreaterThanOrEqual(ds.historyStartMs);
      expect(nowMs - ds.filterFields(0).startMs).toBeLessThan(MS_PER_HOUR);
    }
  });
});

describe.each(apis)('%s query engine against a brute-force reference', (api) => {
  it('matches on 2,000 random filters and pages, including order, totals and page boundaries', () => {
    const ds = createDataset(api, {
      seed: 99,
      jobs: 5000,
      orgs: 7,
      now,
      scenario:
        api === 'salesforce'
          ? { salesforce: [{ type: 3, status: 4, organizationId: '00D000000000001', startTime: '-1d' }] }
          : {
              dynamics365: [
                {
                  type: 'Restore',
                  status: 'Failed',
                  organizationId: '6f1c2b8e-3d4a-4f5b-9c7d-2e8f1a0b3c4d',
                  startTime: '-1d',
                },
              ],
            },
    });
    const model = api === 'salesforce' ? salesforceModel : dynamics365Model;
    const fields = Array.from({ length: ds.size }, (_, p) => ds.filterFields(p));
    const reference = [...fields].sort((a, b) => b.startMs - a.startMs || (a.jobId < b.jobId ? 1 : -1));
    const oldest = reference.at(-1)!.startMs;
    const rng = new Rng(1, 2, 3);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!;
    const typeCodes = model.types.map((t) => t.code);
    const orgIds = [
      ...ds.organizations.map((o) => o.id),
      api === 'salesforce' ? '00D000000000002AAA' : '00000000-0000-0000-0000-000000000000',
    ];
    for (let i = 0; i < 2000; i++) {
      const a = oldest - MS_PER_HOUR + rng.next() * (nowMs - oldest + 2 * MS_PER_HOUR);
      const b = rng.chance(0.2) ? a + rng.next() * 6 * MS_PER_HOUR : oldest + rng.next() * (nowMs - oldest);
      // Some ranges are exactly one job's start time (inclusive bounds), some are inverted.
      const exact = rng.chance(0.1) ? pick(fields).startMs : null;
      const fromMs = exact ?? Math.floor(rng.chance(0.2) ? Number.NEGATIVE_INFINITY : Math.min(a, b));
      const toMs = exact ?? Math.floor(rng.chance(0.05) ? Math.min(a, b) - 1 : Math.max(a, b));
      const typeChoice = rng.next();
      const types =
        typeChoice < 0.4
          ? null
          : typeChoice < 0.75
            ? [pick(typeCodes)]
            : typeCodes.filter(() => rng.chance(0.5));
      const status = rng.chance(0.5) ? null : pick([...model.statusCodes, 99]);
      const level = api === 'salesforce' && rng.chance(0.4) ? pick([1, 2, 3, 4, 5, 6]) : null;
      const orgChoice = rng.chance(0.6) ? null : pick(orgIds);
      const organizationId =
        orgChoice !== null && api === 'dynamics365' && rng.chance(0.3) ? orgChoice.toUpperCase() : orgChoice;
      const limit = 1 + Math.floor(rng.next() * 40);
      const matches = reference.filter(
        (f) =>
          f.startMs >= fromMs &&
          f.startMs <= toMs &&
          (types === null || types.includes(f.type)) &&
          (status === null || f.status === status) &&
          (level === null || f.level === level) &&
          (orgChoice === null || f.organizationId === orgChoice),
      );
      const offset = rng.chance(0.3)
        ? Math.max(0, matches.length - Math.floor(rng.next() * limit * 2))
        : Math.floor(rng.next() * (matches.length + 5));
      const query: JobQuery = { fromMs, toMs, types, status, level, organizationId, offset, limit };
      const page = ds.query(query);
      const where = JSON.stringify(query);
      expect(page.total, where).toBe(matches.length);
      const ids = page.jobsJson.map((text) => (JSON.parse(text) as { jobId: string }).jobId);
      expect(ids, where).toEqual(matches.slice(offset, offset + limit).map((f) => f.jobId));
    }
  });

  it('answers a page far past the end with an empty page and the right total', () => {
    const ds = sample(api);
    const page = ds.query(everything(1000, (2 ** 31 - 1) * 1000));
    expect(page.total).toBe(ds.size);
    expect(page.jobsJson).toEqual([]);
  });
});

describe('a large dataset', () => {
  it('builds 200,000 jobs whose deepest page is the oldest jobs', () => {
    const ds = createDataset('salesforce', { seed: 1, jobs: 200_000, orgs: 30, now });
    expect(Math.abs(ds.size - 200_000) / 200_000).toBeLessThan(0.05);
    const last = ds.query(everything(10, ds.size - 5));
    expect(last.jobsJson).toHaveLength(5);
    expect(JSON.parse(last.jobsJson.at(-1)!).jobId).toBe(ds.filterFields(ds.size - 1).jobId);
    const recent = ds.filterFields(0);
    expect(nowMs - recent.startMs).toBeLessThan(MS_PER_HOUR);
    // Only recent jobs run: some do, and none older than the longest run.
    const running = ds.query({ ...everything(1000), status: 1 });
    expect(running.total).toBeGreaterThan(0);
    for (const text of running.jobsJson) {
      expect(nowMs - Date.parse(JSON.parse(text).startTime)).toBeLessThan(salesforceModel.maxRunMs);
    }
  });
});

describe('per-job JSON', () => {
  it('is pure ASCII: a non-ASCII organization name is written as \\u escapes of the same value', () => {
    const ds = createDataset('dynamics365', {
      seed: 3,
      jobs: 200,
      orgs: 2,
      now,
      scenario: {
        dynamics365: [
          {
            type: 'Restore',
            organizationId: '6F1C2B8E-3D4A-4F5B-9C7D-2E8F1A0B3C4D',
            organizationName: 'Zürich ☃ 😀',
            startTime: '-1d',
          },
        ],
      },
    });
    const texts = ds.query(everything(ds.size)).jobsJson;
    for (const text of texts) expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
    const scenarioJob = texts.find((text) => text.includes('6f1c2b8e'))!;
    expect(scenarioJob).toContain('"organizationName":"Z\\u00fcrich \\u2603 \\ud83d\\ude00"');
    expect(JSON.parse(scenarioJob).organizationName).toBe('Zürich ☃ 😀');
  });

  it('is the same text whatever the cache size, and the cache stays within its bound', () => {
    const options = { seed: 11, jobs: 2000, orgs: 5, now };
    const uncached = createDataset('salesforce', { ...options, jsonCacheSize: 0 });
    const small = createDataset('salesforce', { ...options, jsonCacheSize: 7 });
    // Pages in an order that evicts and re-renders: the FIFO ring wraps many times.
    for (const offset of [0, 5, 1990, 3, 700, 0, 1999, 4]) {
      const query = everything(10, offset);
      expect(small.query(query).jobsJson).toEqual(uncached.query(query).jobsJson);
      expect(small.jsonCacheEntries).toBeLessThanOrEqual(7);
    }
    // Full: 7 texts, or 6 when a wrap left the end of the arena (7 × 448 bytes) unused.
    expect(small.jsonCacheEntries).toBeGreaterThanOrEqual(6);
    expect(uncached.jsonCacheEntries).toBe(0);
  });

  it('serves both Dynamics revisions from one cached text per job, as each renders it', () => {
    const scenario = parseScenario(
      JSON.stringify({
        dynamics365: [
          { type: 'Restore', status: 'Failed', startTime: '-2d', finishTime: '-47h' },
          { type: 'Export', status: 'InProgress', startTime: '-1h' },
        ],
      }),
      'two.json',
    );
    const options = { seed: 12, jobs: 3000, now, scenario };
    const uncached = createDataset('dynamics365', { ...options, jsonCacheSize: 0 });
    const cached = createDataset('dynamics365', options);
    const size = uncached.sizeAt(nowMs);
    expect(size).toBeGreaterThan(0);
    for (const enums of ['value', 'name', 'value'] as const) {
      for (let p = 0; p < size; p += 3)
        expect(cached.jobJson(p, nowMs, enums)).toBe(uncached.jobJson(p, nowMs, enums));
    }
    // One entry per job, whichever revisions asked.
    expect(cached.jsonCacheEntries).toBeLessThanOrEqual(Math.ceil(size / 3));
    const values = cached.query(everything(size), nowMs, 'value').jobsJson.map((t) => JSON.parse(t));
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((j) => typeof j.type === 'number' && typeof j.status === 'number')).toBe(true);
  });
});
