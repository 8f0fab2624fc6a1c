// Filters: each returned job satisfies the filter, and the filtered totals agree with the walked window —
// the expected jobs come from the complete walk, so an ignored or half-applied filter shows as a count or a
// job that should (not) be there. Values are chosen from what the target holds.

import {
  endOfDayTicks,
  TICKS_PER_DAY,
  TICKS_PER_MILLISECOND,
  ticksToDate,
  UNIX_EPOCH_TICKS,
} from '@jobwatch/api-descriptions/ticks';
import type { EnumFilter } from '../apis/types.js';
import { jsonPath, preview } from '../util/json.js';
import {
  compareJobs,
  countValues,
  distinctJobs,
  jobPath,
  matches,
  needWalk,
  onePageSize,
  pickValue,
  queryValueOfJob,
} from './common.js';
import { documented, type Provenance, settled } from './provenance.js';
import { type Page, PageError, type Walk } from './session.js';
import type { CheckContext, CheckDefinition } from './types.js';

export const timeRange: CheckDefinition = {
  id: 'filters.time-range',
  title: 'the time range returns exactly the jobs that start within it, both ends inclusive',
  rule: settled(
    3,
    'a job matches when its startTime lies within [startTime, finishTime], both ends inclusive',
  ),
  async run(ctx) {
    const walk = await needWalk(ctx, 3);
    const jobs = distinctJobs(walk.jobs).filter((j) => j.startTicks !== undefined);
    const hi = jobs[Math.floor(jobs.length / 4)];
    const lo = jobs[Math.floor((jobs.length * 3) / 4)];
    if (!hi || !lo || hi.startTicks === lo.startTicks)
      return ctx.skip('the window has no two jobs with different start times');
    const range = { start: lo.startTicks as bigint, end: hi.startTicks as bigint };
    const expected = jobs.filter(
      (j) => (j.startTicks as bigint) >= range.start && (j.startTicks as bigint) <= range.end,
    );
    const page = await ctx.session.page(
      ctx.session.query(range, { [ctx.api.params.pageSize]: onePageSize(ctx, walk) }),
    );
    const what = `${ctx.api.params.startTime}=${ctx.session.showTime(range.start)} … ${ctx.api.params.finishTime}=${ctx.session.showTime(range.end)}`;
    page.jobs.forEach((job, i) => {
      if (job.startTicks === undefined || job.startTicks < range.start || job.startTicks > range.end) {
        ctx.fail({
          message: 'a returned job starts outside the requested range',
          request: page.res.request,
          path: jobPath(ctx, i, ctx.api.job.startTime),
          expected: `within [${lo.start}, ${hi.start}]`,
          actual: job.start,
          groupKey: 'outside',
        });
      }
    });
    const got = new Set(page.jobs.map((j) => j.id));
    for (const [end, job] of [
      ['start', lo],
      ['finish', hi],
    ] as const) {
      if (!got.has(job.id)) {
        ctx.fail({
          message: `the ${end} of the range is not inclusive: job ${job.id}, which starts exactly at it, is missing`,
          request: page.res.request,
          path: jsonPath(ctx.api.page.jobs),
          expected: `to include ${job.id} (startTime ${job.start})`,
          actual: 'absent',
        });
      }
    }
    compareJobs(ctx, page, expected, what);
  },
};

/**
 * The sharpest probe of the time bounds: a window of exactly one instant, a job's start, must hold that job, and
 * a window one unit after or before it must not. The unit is the finest the query writes: 1 tick for Dynamics
 * ticks (which a server parsing them through a JavaScript number cannot tell apart: near 6.4e17 a double keeps
 * steps of 128 ticks), 1 ms for ISO times (which a server that drops the fraction of a second cannot).
 */
export const timeInstant: CheckDefinition = {
  id: 'filters.time-instant',
  title: 'a window of one instant holds the jobs starting then; one unit before or after holds none of them',
  rule: settled(
    [3, 16, 27],
    'both ends inclusive, exact to the unit the query writes (ticks parsed without losing precision; ISO 8601 with milliseconds)',
  ),
  async run(ctx) {
    const walk = await needWalk(ctx, 1);
    const jobs = distinctJobs(walk.jobs).filter((j) => j.startTicks !== undefined);
    // A job inside the window, so both neighbouring instants are inside the walked window too.
    const job = jobs[Math.floor(jobs.length / 2)];
    if (!job) return ctx.skip('no walked job has a readable startTime');
    const at = job.startTicks as bigint;
    const [unit, unitName] = ctx.api.timeFormat === 'ticks' ? [1n, 'tick'] : [TICKS_PER_MILLISECOND, 'ms'];
    const startingAt = (t: bigint) => jobs.filter((j) => j.startTicks === t);
    ctx.note(`probed job ${job.id} at ${ctx.session.showTime(at)}, ±1 ${unitName}`);
    ctx.reserve(3);
    for (const [offset, where] of [
      [0n, 'exactly at its start'],
      [unit, `1 ${unitName} after its start`],
      [-unit, `1 ${unitName} before its start`],
    ] as const) {
      const instant = at + offset;
      const expected = startingAt(instant);
      const page = await ctx.session.page(
        ctx.session.query(
          { start: instant, end: instant },
          { [ctx.api.params.pageSize]: Math.min(ctx.api.paging.maxPageSize, expected.length + 5) },
        ),
      );
      const what = `${ctx.api.params.startTime} = ${ctx.api.params.finishTime} = ${ctx.session.showTime(instant)} (${where})`;
      const holds = page.jobs.some((j) => j.id === job.id);
      if (offset === 0n && !holds) {
        ctx.fail({
          message: `a window of one instant, job ${job.id}'s start, does not hold it`,
          request: page.res.request,
          path: jsonPath(ctx.api.page.jobs),
          expected: `to include ${job.id} (startTime ${job.start})`,
          actual: `${page.total} jobs without it`,
        });
      } else if (offset !== 0n && holds) {
        ctx.fail({
          message: `a window 1 ${unitName} ${offset > 0n ? 'after' : 'before'} job ${job.id}'s start still holds it: the bounds lose precision`,
          request: page.res.request,
          path: jsonPath(ctx.api.page.jobs),
          expected: `not to include ${job.id} (startTime ${job.start})`,
          actual: `${job.id} included`,
        });
      }
      compareJobs(ctx, page, expected, what);
    }
  },
};

export const dateOnlyEnd: CheckDefinition = {
  id: 'filters.date-only-end',
  title: 'a date-only finishTime covers that whole day',
  rule: settled(3, 'a date-only finishTime covers that whole day'),
  appliesTo: (api) => api.timeFormat === 'iso',
  async run(ctx) {
    const walk = await needWalk(ctx, 1);
    // The window ends at the newest job, so nothing starts after it: a date-only end on that day must
    // return the whole window, the newest job included.
    const end = walk.window.end;
    if ((end - UNIX_EPOCH_TICKS) % TICKS_PER_DAY === 0n)
      return ctx.skip('the newest job starts exactly at midnight');
    const q = ctx.session.query(walk.window, { [ctx.api.params.pageSize]: onePageSize(ctx, walk) });
    const day = ticksToDate(end);
    q.set(ctx.api.params.finishTime, day);
    const res = await ctx.session.list(q);
    if (res.status !== 200) {
      return ctx.abort({
        message: `${ctx.api.params.finishTime}=${day} (a date) was not accepted as the end of the day`,
        request: res.request,
        path: 'HTTP status',
        expected: '200',
        actual: `${res.status} ${preview(res.json ?? res.text)}`,
      });
    }
    const page = ctx.session.readPage(res);
    page.jobs.forEach((job, i) => {
      if (
        job.startTicks === undefined ||
        job.startTicks > endOfDayTicks(end) ||
        job.startTicks < walk.window.start
      ) {
        ctx.fail({
          message: 'a returned job starts outside the range',
          request: page.res.request,
          path: jobPath(ctx, i, ctx.api.job.startTime),
          expected: `within [${ctx.session.showTime(walk.window.start)}, ${day}T23:59:59.9999999Z]`,
          actual: job.start,
          groupKey: 'outside',
        });
      }
    });
    compareJobs(ctx, page, distinctJobs(walk.jobs), `${ctx.api.params.finishTime}=${day} (the whole day)`);
  },
};

/** Filters by one value and compares with the walked jobs that match it; checks the "all" value too. */
async function checkFilterValue(
  ctx: CheckContext,
  walk: Walk,
  filter: EnumFilter,
  value: number,
): Promise<void> {
  const jobs = distinctJobs(walk.jobs);
  const page = await ctx.session.page(
    ctx.session.query(walk.window, {
      [filter.param]: value,
      [ctx.api.params.pageSize]: onePageSize(ctx, walk),
    }),
  );
  page.jobs.forEach((job, i) => {
    if (!matches(filter, value, job)) {
      ctx.fail({
        message: `a job returned for ${filter.param}=${value} does not match it`,
        request: page.res.request,
        path: jobPath(ctx, i, filter.field),
        expected: `a value selected by ${filter.param}=${value}`,
        actual: preview(filter.field ? job.raw[filter.field] : undefined),
        groupKey: 'mismatch',
      });
    }
  });
  if (page.total > jobs.length) {
    ctx.fail({
      message: `the filtered total exceeds the unfiltered total (${filter.param}=${value})`,
      request: page.res.request,
      path: jsonPath(ctx.api.page.total),
      expected: `≤ ${jobs.length}`,
      actual: String(page.total),
    });
  }
  compareJobs(
    ctx,
    page,
    jobs.filter((j) => matches(filter, value, j)),
    `${filter.param}=${value}`,
  );
}

async function checkAllValue(ctx: CheckContext, walk: Walk, filter: EnumFilter): Promise<void> {
  if (filter.allValue === undefined) return;
  const page = await ctx.session.count(walk.window, { [filter.param]: filter.allValue });
  const total = distinctJobs(walk.jobs).length;
  if (page.total !== total) {
    ctx.fail({
      message: `${filter.param}=${filter.allValue} ("all") does not give the unfiltered total`,
      request: page.res.request,
      path: jsonPath(ctx.api.page.total),
      expected: String(total),
      actual: String(page.total),
    });
  }
}

/** The value to filter by: one the target holds; a failure when no job shows a value the spec knows. */
function chooseValue(ctx: CheckContext, walk: Walk, filter: EnumFilter): number {
  const jobs = distinctJobs(walk.jobs);
  const value = pickValue(countValues(filter, jobs), jobs.length);
  if (value === undefined) {
    const first = walk.pages[0]?.page;
    ctx.abort({
      message: `no job shows a ${filter.field} value the spec knows, so the ${filter.param} filter cannot be judged`,
      request: first?.res.request,
      path: jobPath(ctx, 0, filter.field),
      expected: `a ${filter.field} value selected by one of ${preview(filter.values)}`,
      actual: preview(filter.field ? jobs[0]?.raw[filter.field] : undefined),
    });
  }
  return value;
}

function filterCheck(
  id: string,
  rule: Provenance,
  pick: (ctx: CheckContext) => EnumFilter | undefined,
): CheckDefinition {
  return {
    id,
    rule,
    title: `every job returned for a ${id.split('.')[1]} filter matches it, and the total agrees with the window`,
    appliesTo: (api) => Boolean(pick({ api } as CheckContext)?.field),
    async run(ctx) {
      const filter = pick(ctx) as EnumFilter;
      const walk = await needWalk(ctx, 1);
      const value = chooseValue(ctx, walk, filter);
      ctx.note(`filtered by ${filter.param}=${value}`);
      await checkFilterValue(ctx, walk, filter, value);
      await checkAllValue(ctx, walk, filter);
    },
  };
}

export const statusFilter = filterCheck(
  'filters.status',
  documented('the vendor pages: status sets the job status to get (Salesforce: 0 for All)'),
  (ctx) => ctx.api.filters.status,
);
export const typeFilter = filterCheck(
  'filters.type',
  documented('the vendor pages: type sets the job types to get, 0 for all'),
  (ctx) => ctx.api.filters.type,
);

/** Totals per value add up to the total for all values; where jobs show the value, each total is exact. */
function totalsCheck(
  id: string,
  title: string,
  rule: Provenance,
  pick: (ctx: CheckContext) => EnumFilter | undefined,
): CheckDefinition {
  return {
    id,
    title,
    rule,
    appliesTo: (api) => pick({ api } as CheckContext) !== undefined,
    async run(ctx) {
      const filter = pick(ctx) as EnumFilter;
      const walk = await needWalk(ctx, 1);
      const jobs = distinctJobs(walk.jobs);
      ctx.reserve(filter.values.length + (filter.allValue === undefined ? 0 : 1));
      const counts = countValues(filter, jobs);
      const known = filter.field !== undefined && jobs.every((j) => queryValueOfJob(filter, j) !== undefined);
      let sum = 0;
      const parts: string[] = [];
      for (const value of filter.values) {
        const page = await ctx.session.count(walk.window, { [filter.param]: value });
        sum += page.total;
        parts.push(`${value}:${page.total}`);
        if (page.total > jobs.length) {
          ctx.fail({
            message: `the total for ${filter.param}=${value} exceeds the unfiltered total`,
            request: page.res.request,
            path: jsonPath(ctx.api.page.total),
            expected: `≤ ${jobs.length}`,
            actual: String(page.total),
          });
        } else if (known && page.total !== (counts.get(value) ?? 0)) {
          ctx.fail({
            message: `the total for ${filter.param}=${value} differs from the walked jobs that show that value`,
            request: page.res.request,
            path: jsonPath(ctx.api.page.total),
            expected: String(counts.get(value) ?? 0),
            actual: String(page.total),
          });
        }
      }
      ctx.note(`totals per ${filter.param}: ${parts.join(', ')} (window total ${jobs.length})`);
      if (sum !== jobs.length) {
        ctx.fail({
          message: `the totals per ${filter.param} (${parts.join(', ')}) do not add up to the total for all`,
          request: ctx.session.log.at(-1)?.res.request,
          path: jsonPath(ctx.api.page.total),
          expected: `sum = ${jobs.length}`,
          actual: `sum = ${sum}`,
        });
      }
      await checkAllValue(ctx, walk, filter);
    },
  };
}

export const statusTotals = totalsCheck(
  'filters.status-totals',
  'totals per status add up to the total for all statuses',
  settled([14, 20], 'each job has one of the documented statuses, and no value (or 0) means all'),
  (ctx) => ctx.api.filters.status,
);
export const typeTotals = totalsCheck(
  'filters.type-totals',
  'totals per single type flag add up to the total for all types',
  settled(19, 'type is a set of bit flags; each job has one type, and 0 or no value means all'),
  (ctx) => (ctx.api.filters.type.flags ? ctx.api.filters.type : undefined),
);
export const levelTotals = totalsCheck(
  'filters.level-totals',
  'totals per level (which jobs do not show) add up to the total for all levels',
  settled(12, 'level is a property of each job run that the level filter really filters'),
  (ctx) => ctx.api.filters.level,
);

export const typeFlags: CheckDefinition = {
  id: 'filters.type-flags',
  title: 'a combination of type flags returns the jobs of any of those types',
  rule: settled(19, 'a type value may combine flags (3 = backup or restore)'),
  appliesTo: (api) => api.filters.type.flags === true,
  async run(ctx) {
    const filter = ctx.api.filters.type;
    const walk = await needWalk(ctx, 1);
    const jobs = distinctJobs(walk.jobs);
    const present = [...countValues(filter, jobs).entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
    const a = chooseValue(ctx, walk, filter);
    // Two present types when there are two; else a present type and one the window lacks.
    const b = present.find((v) => v !== a) ?? filter.values.find((v) => v !== a);
    if (b === undefined) return ctx.skip('the API has a single type flag');
    ctx.note(`filtered by ${filter.param}=${a | b} (${a} | ${b})`);
    await checkFilterValue(ctx, walk, filter, a | b);
  },
};

export const organization: CheckDefinition = {
  id: 'filters.organization',
  title: 'organizationId returns exactly the jobs of that organization, in each accepted spelling',
  rule: documented('the vendor pages: organizationId sets the organization whose jobs to get'),
  async run(ctx) {
    const { param, field } = ctx.api.organization;
    const walk = await needWalk(ctx, 1);
    const jobs = distinctJobs(walk.jobs);
    const counts = new Map<string, number>();
    for (const j of jobs) {
      const v = j.raw[field];
      if (typeof v === 'string') counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const sorted = [...counts.entries()].sort((x, y) => y[1] - x[1]);
    const org = (sorted.find(([, n]) => n < jobs.length) ?? sorted[0])?.[0];
    if (org === undefined) {
      return ctx.abort({
        message: `no job shows a ${field}, so the ${param} filter cannot be judged`,
        request: walk.pages[0]?.page.res.request,
        path: jobPath(ctx, 0, field),
        expected: 'a string',
        actual: preview(jobs[0]?.raw[field]),
      });
    }
    const expected = jobs.filter((j) => j.raw[field] === org);
    ctx.note(`filtered by ${param}=${org}`);
    const size = onePageSize(ctx, walk);
    for (const spelling of [org, ...ctx.api.organization.variants(org)]) {
      // The id as the job shows it rests on the check's rule; another spelling on the rule that accepts it.
      const rule = spelling === org ? undefined : ctx.api.organization.variantRule;
      const query = ctx.session.query(walk.window, { [param]: spelling, [ctx.api.params.pageSize]: size });
      let page: Page;
      try {
        page = await ctx.session.page(query);
      } catch (error) {
        if (!(error instanceof PageError)) throw error;
        ctx.fail({ ...error.finding, rule, message: `${param}=${spelling}: ${error.finding.message}` });
        continue;
      }
      page.jobs.forEach((job, i) => {
        if (job.raw[field] !== org) {
          ctx.fail({
            rule,
            message: `a job returned for ${param}=${spelling} belongs to another organization`,
            request: page.res.request,
            path: jobPath(ctx, i, field),
            expected: org,
            actual: preview(job.raw[field]),
            groupKey: `other-${spelling}`,
          });
        }
      });
      compareJobs(ctx, page, expected, `${param}=${spelling}`, rule);
    }
  },
};

export const filterChecks = [
  timeRange,
  timeInstant,
  dateOnlyEnd,
  typeFilter,
  typeFlags,
  typeTotals,
  statusFilter,
  statusTotals,
  organization,
  levelTotals,
];
