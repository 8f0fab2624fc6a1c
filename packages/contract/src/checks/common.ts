// Helpers the checks share: getting the discovered data (or skipping with the reason), a fixed query for
// checks that need no data, and comparing job lists.

import { isoToTicks } from '@jobwatch/api-descriptions/ticks';
import type { EnumFilter } from '../apis/types.js';
import type { HttpResponse } from '../target/http.js';
import { getAt, jsonPath, preview } from '../util/json.js';
import type { Provenance } from './provenance.js';
import type { Job, Page, Walk, Window } from './session.js';
import type { CheckContext } from './types.js';

export async function needWindow(ctx: CheckContext): Promise<{ window: Window; total: number }> {
  const d = await ctx.session.discovery();
  if (d.kind === 'empty') return ctx.skip(d.reason);
  if (d.kind === 'broken') return ctx.abort(d.finding);
  ctx.note(d.note);
  return d;
}

/** The complete walk of the window's pages; skips when it holds fewer than `minJobs` jobs. */
export async function needWalk(ctx: CheckContext, minJobs = 1): Promise<Walk> {
  const { total } = await needWindow(ctx);
  if (total < minJobs)
    return ctx.skip(`the window holds ${total} jobs; this check needs at least ${minJobs}`);
  return ctx.session.walk();
}

/** A window that needs no data: checks of errors and auth judge the answer, not the jobs. */
export const FIXED_WINDOW: Window = {
  start: isoToTicks('2024-01-01T00:00:00Z') as bigint,
  end: isoToTicks('2024-01-31T00:00:00Z') as bigint,
};

export function fixedQuery(ctx: CheckContext): URLSearchParams {
  return ctx.session.query(FIXED_WINDOW, { [ctx.api.params.pageSize]: 5 });
}

/** `$.data.jobs[3].status` */
export function jobPath(ctx: CheckContext, index: number, field?: string): string {
  return `${jsonPath([...ctx.api.page.jobs, index])}${field ? `.${field}` : ''}`;
}

export const ids = (jobs: readonly Job[]) => jobs.map((j) => j.id);

export function distinctJobs(jobs: readonly Job[]): Job[] {
  const byId = new Map<string, Job>();
  for (const job of jobs) if (!byId.has(job.id)) byId.set(job.id, job);
  return [...byId.values()];
}

/** A pageSize that returns every job of a filtered walk on one page. */
export function onePageSize(ctx: CheckContext, walk: Walk): number {
  return Math.min(ctx.api.paging.maxPageSize, Math.max(1, distinctJobs(walk.jobs).length));
}

/** Compares the jobs a filtered page returned with those expected from the walk (order included). */
export function compareJobs(
  ctx: CheckContext,
  page: Page,
  expected: readonly Job[],
  what: string,
  rule?: Provenance,
): void {
  if (page.total !== expected.length) {
    ctx.fail({
      rule,
      message: `the total for ${what} differs from the number of walked jobs that match it`,
      request: page.res.request,
      path: jsonPath(ctx.api.page.total),
      expected: String(expected.length),
      actual: String(page.total),
    });
  }
  const got = new Set(ids(page.jobs));
  const want = new Set(ids(expected));
  const missing = expected.filter((j) => !got.has(j.id));
  const extra = page.jobs.filter((j) => !want.has(j.id));
  if (missing.length) {
    ctx.fail({
      rule,
      message: `${missing.length} job(s) that match ${what} are missing`,
      request: page.res.request,
      path: jsonPath(ctx.api.page.jobs),
      expected: `to include ${preview(ids(missing).slice(0, 5))}`,
      actual: `${page.jobs.length} jobs without them`,
    });
  }
  if (extra.length) {
    ctx.fail({
      rule,
      message: `${extra.length} job(s) returned for ${what} are not among the walked jobs that match it`,
      request: page.res.request,
      path: jsonPath(ctx.api.page.jobs),
      expected: `only ${expected.length} matching jobs`,
      actual: `also ${preview(ids(extra).slice(0, 5))}`,
    });
  }
}

/** The single query value that selects the job (undefined when its value is unknown). */
export const queryValueOfJob = (filter: EnumFilter, job: Job) =>
  filter.field ? filter.queryValueOf(job.raw[filter.field]) : undefined;

export function matches(filter: EnumFilter, query: number, job: Job): boolean {
  const v = queryValueOfJob(filter, job);
  if (v === undefined) return false;
  return filter.flags ? (query & v) !== 0 : v === query;
}

/** Counts of each query value among jobs. */
export function countValues(filter: EnumFilter, jobs: readonly Job[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const job of jobs) {
    const v = queryValueOfJob(filter, job);
    if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/** A present value that selects some but preferably not all jobs (the most telling one to filter by). */
export function pickValue(counts: Map<number, number>, total: number): number | undefined {
  const entries = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return (entries.find(([, n]) => n < total) ?? entries[0])?.[0];
}

/**
 * Judges an error answer the same way for every check that expects one (auth 401s, validation 400s): the status,
 * the API's error content type, and the status repeated in the body. Returns false when the status is wrong, so a
 * caller stops judging a body that is not an error at all.
 */
export function expectErrorAnswer(
  ctx: CheckContext,
  res: HttpResponse,
  status: number,
  what: string,
  /** The rule that asks for this status, when it is not the check's own (one error case). */
  rule?: Provenance,
): boolean {
  if (res.status !== status) {
    ctx.fail({
      rule,
      message: `${what}: not answered with ${status}`,
      request: res.request,
      path: 'HTTP status',
      expected: String(status),
      actual: `${res.status} ${preview(res.json ?? res.text, 160)}`,
    });
    return false;
  }
  if (res.contentType !== ctx.api.errors.contentType) {
    ctx.fail({
      rule: ctx.api.errors.rule,
      message: `${what}: the error has the wrong content type`,
      request: res.request,
      path: 'header content-type',
      expected: ctx.api.errors.contentType,
      actual: res.contentType || '(none)',
    });
  }
  const repeated = getAt(res.json, ctx.api.errors.status);
  if (repeated !== status) {
    ctx.fail({
      rule: ctx.api.errors.rule,
      message: `${what}: the error body does not repeat the status`,
      request: res.request,
      path: jsonPath(ctx.api.errors.status),
      expected: String(status),
      actual: preview(repeated),
    });
  }
  return true;
}
