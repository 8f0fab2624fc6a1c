// One timed build of the default dataset (10,000 jobs per API), the same code in a page and in Node: the handlers
// are created, then each API answers its first page (a dataset may be built on first use, so both count). MSW's
// getResponse calls the handlers directly, without a service worker, so that only the mock's work is timed.
import { createJobwatchHandlers } from '@jobwatch/mock-server/msw';
import { getResponse } from 'msw';

export interface BuildTiming {
  /** createJobwatchHandlers(…), ms. */
  readonly createMs: number;
  /** The first Salesforce and Dynamics 365 pages after that, ms. */
  readonly firstResponsesMs: number;
  readonly totalMs: number;
  /** The Salesforce dataset's size (the first page's totalCount over the whole history). */
  readonly salesforceJobs: number;
}

const DAY_MS = 86_400_000;
const ORIGIN = 'http://jobwatch.bench';
/** .NET ticks (100 ns since 0001-01-01) of a Unix time in ms: the Dynamics 365 2024-10 time format. */
const ticksOf = (ms: number) => (BigInt(ms) * 10_000n + 621_355_968_000_000_000n).toString();

/** The body of the first page of `path`, read whole (rendering it is part of the cost). */
async function firstPage(
  handlers: Parameters<typeof getResponse>[0],
  path: string,
  query: Record<string, string>,
): Promise<unknown> {
  const response = await getResponse(handlers, new Request(`${ORIGIN}${path}?${new URLSearchParams(query)}`));
  if (response?.status !== 200)
    throw new Error(`${path}: expected 200, got ${response?.status ?? 'no answer'}`);
  return response.json();
}

/** Times one build with `seed` (a new seed per run, so that nothing cached by an earlier run can answer). */
export async function timeBuild(seed: number, now: Date): Promise<BuildTiming> {
  const start = performance.now();
  // No auth: the token round trip is not the dataset's cost.
  const handlers = createJobwatchHandlers({ seed, now, clockMode: 'frozen', auth: false });
  const created = performance.now();
  // A year back: the whole generated history, so that the first page counts every job.
  const from = now.getTime() - 365 * DAY_MS;
  const salesforce = (await firstPage(handlers, '/backup/sfbapi/jobs', {
    startTime: new Date(from).toISOString(),
    finishTime: now.toISOString(),
  })) as { data: { totalCount: number } };
  await firstPage(handlers, '/dynamicsbackup/jobs', {
    startTime: ticksOf(from),
    finishTime: ticksOf(now.getTime()),
  });
  const answered = performance.now();
  return {
    createMs: created - start,
    firstResponsesMs: answered - created,
    totalMs: answered - start,
    salesforceJobs: salesforce.data.totalCount,
  };
}

/** Runs `runs` builds one after the other (seeds 1…runs). */
export async function timeBuilds(runs: number, now: Date): Promise<BuildTiming[]> {
  const timings: BuildTiming[] = [];
  for (let seed = 1; seed <= runs; seed++) timings.push(await timeBuild(seed, now));
  return timings;
}
