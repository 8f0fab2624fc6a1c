// Living data (the project's readings on time: history belongs to absolute time, the clock runs): stability
// across "now" and across sizes, the stories at any instant, realism bounds, and answers as of a running clock.
import { describe, expect, it } from 'vitest';
import { createDataset, type EngineDataset } from './dataset.js';
import { uniqueName } from './models/dynamics365.js';
import { seededRandom } from './random.js';
import { STORY_KINDS, type StoryKind } from './stories.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './time.js';
import type { ApiName, JobQuery } from './types.js';

type Job = Record<string, unknown>;
const apis: ApiName[] = ['salesforce', 'dynamics365'];
const now = new Date('2026-11-25T12:00:00Z');
const nowMs = now.getTime();

const range = (fromMs: number, toMs: number, extra: Partial<JobQuery> = {}): JobQuery => ({
  fromMs,
  toMs,
  types: null,
  status: null,
  level: null,
  organizationId: null,
  offset: 0,
  limit: 10_000_000,
  ...extra,
});
const parse = (texts: readonly string[]) => texts.map((t) => JSON.parse(t) as Job);
const running = (api: ApiName, job: Job) => job.status === (api === 'salesforce' ? 1 : 'InProgress');
const countsOf = (api: ApiName) =>
  api === 'salesforce'
    ? [
        ['successfulRecords', 'skippedRecords', 'failedRecords', 'totalRecords'],
        ['successfulObjects', 'skippedObjects', 'failedObjects', 'totalObjects'],
        ['successfulMetadata', 'failedMetadata', 'totalMetadata'],
      ]
    : [
        ['successfulRecord', 'failedRecord', 'skippedRecord', 'warningRecord', 'totalRecord'],
        ['successfulEntity', 'failedEntity', 'skippedEntity', 'warningEntity', 'totalEntity'],
      ];
const num = (job: Job, field: string) => job[field] as number;

describe.each(apis)('%s history keyed by absolute time', (api) => {
  it('keeps every job that finished before both instants byte-identical between now and now + 1 day', () => {
    const a = createDataset(api, { seed: 42, jobs: 10_000, now });
    const laterMs = nowMs + MS_PER_DAY;
    const b = createDataset(api, { seed: 42, jobs: 10_000, now: new Date(laterMs) });
    const from = Math.max(a.historyStartMs, b.historyStartMs);
    const before = a.query(range(from, nowMs)).jobsJson;
    const after = b.query(range(from, nowMs)).jobsJson;
    expect(before.length).toBeGreaterThan(5000);
    expect(after).toHaveLength(before.length);
    let finishedLater = 0;
    before.forEach((text, i) => {
      const earlier = JSON.parse(text) as Job;
      if (!running(api, earlier)) {
        expect(after[i]).toBe(text);
        return;
      }
      // A job that was running has reached its final state: same id, counts that only grew, and they add up.
      finishedLater++;
      const later = JSON.parse(after[i]!) as Job;
      expect(later.jobId).toBe(earlier.jobId);
      expect(running(api, later)).toBe(false);
      for (const group of countsOf(api)) {
        const total = group.at(-1)!;
        expect(num(later, total)).toBe(num(earlier, total));
        for (const part of group.slice(0, -1))
          expect(num(later, part)).toBeGreaterThanOrEqual(num(earlier, part));
        expect(group.slice(0, -1).reduce((s, f) => s + num(later, f), 0)).toBe(num(later, total));
      }
    });
    expect(finishedLater).toBeGreaterThan(0);
    // The later dataset only adds jobs at the head.
    expect(b.query(range(nowMs + 1, laterMs)).total).toBeGreaterThan(50);
  });

  it('gives the shared organizations the same jobs at 10,000 and 100,000 jobs, over their shared range', () => {
    const small = createDataset(api, { seed: 7, jobs: 10_000, now });
    const large = createDataset(api, { seed: 7, jobs: 100_000, now });
    expect(large.organizations.length).toBeGreaterThan(small.organizations.length);
    expect(large.organizations.slice(0, small.organizations.length)).toEqual(small.organizations);
    const from = Math.max(small.historyStartMs, large.historyStartMs);
    let compared = 0;
    for (const org of small.organizations) {
      const q = range(from, nowMs, { organizationId: org.id });
      const mine = small.query(q).jobsJson;
      expect(large.query(q).jobsJson).toEqual(mine);
      compared += mine.length;
    }
    expect(compared).toBeGreaterThan(9000);
  });

  it('keeps about --jobs jobs behind now, over more organizations and a longer history as it grows', () => {
    const spans: number[] = [];
    for (const jobs of [1000, 10_000, 100_000]) {
      const ds = createDataset(api, { seed: 3, jobs, now });
      expect(Math.abs(ds.size - jobs) / jobs).toBeLessThan(0.05);
      spans.push(nowMs - ds.historyStartMs);
    }
    expect(spans[0]!).toBeLessThan(spans[1]!);
    expect(spans[1]!).toBeLessThan(spans[2]!);
  });

  it.each([10, 100, 300])('keeps about %i jobs behind now, not the whole day so far, at any hour', (jobs) => {
    // A short history starts on a whole minute or hour, not at midnight: rounding a ten-job history down to the
    // day kept every job since midnight (45-56 jobs at noon UTC).
    const sizes: number[] = [];
    for (let hour = 0; hour < 24; hour++) {
      const at = new Date(nowMs + hour * MS_PER_HOUR + 17 * MS_PER_MINUTE);
      sizes.push(createDataset(api, { seed: 3, jobs, now: at }).sizeAt(at.getTime()));
    }
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(Math.abs(mean - jobs) / jobs).toBeLessThan(0.15);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * jobs);
  });
});

describe('stories in the default dataset', () => {
  const year = Date.parse('2026-01-01T00:00:00Z');
  it.each(apis.flatMap((api) => [1, 2, 42].map((seed) => [api, seed] as const)))(
    '%s seed %i: every story is in the last 7 days at 200 random instants across a year',
    (api, seed) => {
      let r = seed * 7919;
      const random = () => {
        r = (r * 1103515245 + 12345) % 2147483648;
        return r / 2147483648;
      };
      const instants = Array.from({ length: 200 }, () => year + Math.floor(random() * 365 * MS_PER_DAY));
      instants.sort((x, y) => x - y);
      const wanted = STORY_KINDS.filter((k) => api === 'salesforce' || k !== 'paused');
      const missing = new Map<StoryKind, number>();
      let ds: EngineDataset | null = null;
      for (const at of instants) {
        // Jobs do not depend on "now": one dataset built a little later answers a run of instants.
        if (ds === null || at > ds.nowMs)
          ds = createDataset(api, { seed, jobs: 10_000, now: new Date(at + 20 * MS_PER_DAY) });
        const stories = ds.stories(at);
        const kinds = new Set(stories.map((s) => s.kind));
        for (const kind of wanted) if (!kinds.has(kind)) missing.set(kind, (missing.get(kind) ?? 0) + 1);
        for (const story of stories) {
          expect(Date.parse(story.from)).toBeGreaterThanOrEqual(at - 7 * MS_PER_DAY);
          expect(Date.parse(story.to)).toBeLessThanOrEqual(at);
          if (story.kind === 'failure-streak') expect(story.jobIds.length).toBeGreaterThanOrEqual(3);
          if (story.kind === 'incident-hour') expect(story.organizationIds!.length).toBeGreaterThanOrEqual(3);
        }
      }
      // A job in progress at 90% of instants or more; every other story at every instant.
      expect(missing.get('in-progress') ?? 0).toBeLessThanOrEqual(20);
      missing.delete('in-progress');
      expect(Object.fromEntries(missing)).toEqual({});
    },
    60_000,
  );
});

describe.each(apis)('%s realism of the default dataset', (api) => {
  const ds = createDataset(api, { seed: 42, jobs: 10_000, now });
  const laterMs = nowMs + MS_PER_DAY;
  // Every job that started by now, as of a day later: all of them have finished by then.
  const jobs = parse(ds.query(range(ds.historyStartMs, nowMs), laterMs).jobsJson);
  const byOrg = new Map<string, Job[]>();
  for (const job of [...jobs].reverse()) {
    const org = job.organizationId as string;
    if (!byOrg.has(org)) byOrg.set(org, []);
    byOrg.get(org)!.push(job);
  }
  const backup = api === 'salesforce' ? 1 : 'Backup';
  const start = (job: Job) => Date.parse(job.startTime as string);
  const finish = (job: Job) => Date.parse(job.finishTime as string);

  it('runs one nightly backup per organization a day, at a fixed local time (gaps of whole days)', () => {
    let gaps = 0;
    let acrossDst = 0;
    for (const orgJobs of byOrg.values()) {
      const nightly = orgJobs.filter((j) => j.type === backup);
      expect(nightly.length).toBeGreaterThan(0);
      let orgAcross = 0;
      for (let i = 1; i < nightly.length; i++) {
        const gap = start(nightly[i]!) - start(nightly[i - 1]!);
        const days = Math.round(gap / MS_PER_DAY);
        expect(days).toBeGreaterThanOrEqual(1);
        // Whole days, give or take the jitter; or an hour more or less where the org's clocks changed between.
        const off = gap - days * MS_PER_DAY;
        const dst = Math.abs(Math.abs(off) - MS_PER_HOUR) <= 3 * MS_PER_MINUTE;
        expect(Math.abs(off) <= 3 * MS_PER_MINUTE || dst, `${off / MS_PER_MINUTE} min`).toBe(true);
        if (dst) orgAcross++;
        gaps++;
      }
      // The history (about nine weeks before late November) holds one autumn change at most.
      expect(orgAcross).toBeLessThanOrEqual(1);
      acrossDst += orgAcross;
    }
    expect(gaps).toBeGreaterThan(500);
    // Most zones change their clocks in late October or early November.
    expect(acrossDst).toBeGreaterThan(byOrg.size / 2);
  });

  it('never runs two full backups of an organization at once', () => {
    let checked = 0;
    for (const orgJobs of byOrg.values()) {
      const full = orgJobs.filter((j) =>
        api === 'salesforce' ? j.type === 1 || j.type === 2 : j.type === 'Backup',
      );
      for (let i = 1; i < full.length; i++) {
        expect(finish(full[i - 1]!)).toBeLessThanOrEqual(start(full[i]!));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('has runs of hours, none longer than the model allows and none capped at a round length', () => {
    const lengths = jobs.map((j) => finish(j) - start(j));
    expect(lengths.filter((ms) => ms > 2 * MS_PER_HOUR).length).toBeGreaterThan(20);
    expect(Math.max(...lengths)).toBeLessThan(8 * MS_PER_HOUR);
    const counts = new Map<number, number>();
    for (const ms of lengths) if (ms > MS_PER_HOUR) counts.set(ms, (counts.get(ms) ?? 0) + 1);
    // No length shared by many long runs (a cap would make dozens; chance makes a few in a second's bins).
    expect(Math.max(0, ...counts.values())).toBeLessThan(10);
  });

  it('has finished jobs that processed something, exports with data, stopped and paused jobs without failures', () => {
    let exports = 0;
    for (const job of jobs) {
      const groups = countsOf(api);
      const successful = groups.reduce((s, g) => s + num(job, g[0]!), 0);
      const failed = groups.reduce((s, g) => s + num(job, g.find((f) => f.startsWith('failed'))!), 0);
      if (job.status === 2 || job.status === 'Finished') expect(successful).toBeGreaterThan(0);
      if (job.status === 5 || job.status === 6) expect(failed).toBe(0);
      const isExport =
        api === 'salesforce' ? [11, 12, 13, 21, 22].includes(job.type as number) : job.type === 'Export';
      if (isExport && (job.status === 2 || job.status === 'Finished')) {
        exports++;
        expect(num(job, api === 'salesforce' ? 'dataSize' : 'backupSize')).toBeGreaterThan(0);
      }
    }
    expect(exports).toBeGreaterThan(20);
  });

  it.runIf(api === 'salesforce')(
    'skips a scheduled run only while the previous run of its schedule is going',
    () => {
      let skipped = 0;
      for (const orgJobs of byOrg.values()) {
        orgJobs.forEach((job, i) => {
          if (job.status !== 7) return;
          const previous = orgJobs.slice(0, i).findLast((j) => j.type === job.type);
          if (previous === undefined) return;
          expect(previous.status).not.toBe(7);
          expect(finish(previous)).toBeGreaterThan(start(job));
          skipped++;
        });
      }
      expect(skipped).toBeGreaterThan(10);
    },
  );

  it('checks the jobs in progress now: counts at or under the total, no finish time (readings 6, 11, 23)', () => {
    const inProgress = parse(
      ds.query(range(ds.historyStartMs, nowMs, { status: api === 'salesforce' ? 1 : 2 })).jobsJson,
    );
    expect(inProgress.length).toBeGreaterThan(0);
    for (const job of inProgress) {
      expect(running(api, job)).toBe(true);
      if (api === 'salesforce') expect(job.finishTime).toBeNull();
      else {
        expect(job).not.toHaveProperty('finishTime');
        expect(job).not.toHaveProperty('durationHours');
      }
      for (const group of countsOf(api)) {
        expect(group.slice(0, -1).reduce((s, f) => s + num(job, f), 0)).toBeLessThanOrEqual(
          num(job, group.at(-1)!),
        );
      }
    }
  });

  it('runs ad-hoc jobs mostly on weekdays', () => {
    const weekday = (job: Job) => new Date(start(job)).getUTCDay();
    const adHoc = jobs.filter((j) =>
      (api === 'salesforce' ? [3, 5, 6, 10, 14, 15] : ['Restore', 'Dryrun']).includes(j.type as never),
    );
    const weekend = adHoc.filter((j) => weekday(j) === 0 || weekday(j) === 6).length;
    expect(adHoc.length).toBeGreaterThan(100);
    expect(weekend / adHoc.length).toBeLessThan(0.15);
  });
});

describe('every type at 1,000,000 jobs', () => {
  it.each(apis)(
    '%s',
    (api) => {
      const ds = createDataset(api, { seed: 42, jobs: 1_000_000, now, jsonCacheSize: 0 });
      const codes = api === 'salesforce' ? Array.from({ length: 22 }, (_, i) => i + 1) : [1, 2, 4, 8, 16, 32];
      for (const code of codes)
        expect(
          ds.query(range(-Infinity, nowMs, { types: [code], limit: 0 })).total,
          `type ${code}`,
        ).toBeGreaterThan(0);
    },
    60_000,
  );
});

describe.each(apis)('%s answers as of a running clock', (api) => {
  it('finishes a running job with consistent counts, adds jobs at the head, and keeps a settled window', () => {
    const ds = createDataset(api, { seed: 5, jobs: 10_000, now });
    const t1 = nowMs;
    const t2 = nowMs + 10 * MS_PER_HOUR;
    const status = api === 'salesforce' ? 1 : 2;
    const runningAtT1 = parse(ds.query(range(-Infinity, Infinity, { status }), t1).jobsJson);
    expect(runningAtT1.length).toBeGreaterThan(0);
    const ids = new Set(runningAtT1.map((j) => j.jobId));
    const atT2 = parse(ds.query(range(-Infinity, t1), t2).jobsJson).filter((j) => ids.has(j.jobId));
    expect(atT2).toHaveLength(runningAtT1.length);
    for (const job of atT2) {
      expect(running(api, job)).toBe(false);
      for (const group of countsOf(api)) {
        expect(group.slice(0, -1).reduce((s, f) => s + num(job, f), 0)).toBe(num(job, group.at(-1)!));
      }
    }
    // New jobs at the head.
    expect(ds.sizeAt(t2)).toBeGreaterThan(ds.sizeAt(t1));
    expect(ds.filterFields(0, t2).startMs).toBeGreaterThan(t1);
    // A window that ended before the oldest running job answers the same bytes at both instants.
    const settled = ds.settledBefore(t1);
    expect(settled).toBeLessThanOrEqual(t1);
    const window = range(settled - 3 * MS_PER_DAY, settled - 1, { limit: 500 });
    const first = ds.query(window, t1);
    expect(first.total).toBeGreaterThan(0);
    expect(ds.query(window, t2)).toEqual(first);
  });
});

describe.each(apis)('%s caches the newest jobs once they have finished', (api) => {
  it('answers the head the same with and without the cache, at a later then an earlier instant', () => {
    const options = { seed: 8, jobs: 10_000, now };
    const cached = createDataset(api, options);
    const uncached = createDataset(api, { ...options, jsonCacheSize: 0 });
    const status = api === 'salesforce' ? 1 : 2;
    // The jobs running at now: at now + 9 h (past the longest run) every one has finished.
    const head = range(nowMs - 9 * MS_PER_HOUR, nowMs);
    const runningNow = parse(uncached.query(range(-Infinity, Infinity, { status }), nowMs).jobsJson);
    expect(runningNow.length).toBeGreaterThan(0);
    const later = nowMs + 9 * MS_PER_HOUR;
    // Later first (the finished texts go into the cache), then the earlier instant, when they were running.
    for (const at of [later, nowMs, later]) {
      expect(cached.query(head, at)).toEqual(uncached.query(head, at));
    }
    const earlier = parse(cached.query(head, nowMs).jobsJson);
    const ids = new Set(runningNow.map((j) => j.jobId));
    expect(earlier.filter((j) => ids.has(j.jobId) && running(api, j))).toHaveLength(runningNow.length);
    expect(cached.jsonCacheEntries).toBeGreaterThan(0);
  });
});

describe.each(apis)('%s past the lookahead', (api) => {
  it('rebuilds for a later instant with the same jobs, plus the ones that started since', () => {
    const ds = createDataset(api, { seed: 5, jobs: 5000, now });
    const settled = range(ds.historyStartMs, nowMs - MS_PER_DAY);
    const before = ds.query(settled, nowMs).jobsJson;
    const later = nowMs + 5 * MS_PER_DAY; // beyond the columns built at first (now + 2 days)
    const added = ds.query(range(nowMs + 1, later), later);
    expect(added.total).toBeGreaterThan(100);
    expect(ds.query(settled, later).jobsJson).toEqual(before);
    // The same as a dataset built at the later instant, over the shared range.
    const rebuilt = createDataset(api, { seed: 5, jobs: 5000, now: new Date(later) });
    const shared = range(Math.max(ds.historyStartMs, rebuilt.historyStartMs), later);
    expect(ds.query(shared, later).jobsJson).toEqual(rebuilt.query(shared, later).jobsJson);
  });
});

describe.each(apis)('%s on a running clock over weeks', (api) => {
  it('grows at the head step by step with the same answers as a dataset generated at each instant', () => {
    const ds = createDataset(api, { seed: 8, jobs: 5000, now });
    const random = seededRandom(api.length);
    const types = api === 'salesforce' ? [1, 3, 17, 20] : [1, 2, 16];
    const statuses = api === 'salesforce' ? [2, 4] : [3, 4];
    // 3.5 days a step: every step passes the columns' end (2 days ahead), and over 40 days the jobs added since
    // the first build outgrow half of the rest, so the index is rebuilt whole at least once.
    for (let step = 1; step <= 12; step++) {
      const t = nowMs + step * 3.5 * MS_PER_DAY;
      const fresh = createDataset(api, { seed: 8, jobs: 5000, now: new Date(t) });
      const from = Math.max(ds.historyStartMs, fresh.historyStartMs);
      expect(ds.sizeAt(t) - fresh.sizeAt(t)).toBe(ds.query(range(-Infinity, from - 1), t).total);
      for (let i = 0; i < 25; i++) {
        const org = random() < 0.3 ? ds.organizations[Math.floor(random() * 12)]!.id : null;
        const q = range(from + Math.floor(random() * 20) * MS_PER_DAY, t, {
          types: random() < 0.5 ? null : [types[Math.floor(random() * types.length)]!],
          status: random() < 0.5 ? null : statuses[Math.floor(random() * statuses.length)]!,
          organizationId: org,
          limit: 20,
        });
        const total = fresh.query(q, t).total;
        const page = { ...q, offset: Math.floor(random() * Math.max(1, total)) };
        expect(ds.query(page, t)).toEqual(fresh.query(page, t));
      }
    }
  });
});

describe('organization names', () => {
  it.each([
    ['Rempel, Boyer and Schowalter', 'uat', 'rempelboyeruat'],
    ['Schmitt Group', '', 'schmittgroup'],
    ['Vandervort-Hagenes-Kuhlman', 'dev', 'vandervorthagenesdev'],
    ['Supercalifragilisticexpialidocious LLC', '', 'supercalifragilist'],
  ])('keeps whole words of %s', (company, environment, name) => {
    expect(uniqueName(company, environment)).toBe(name);
  });
});
