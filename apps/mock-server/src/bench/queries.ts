// Query sets for the benchmark, written as a client would write them (this is load, not the server's rules):
// distinct filtered page queries over every API and revision (Salesforce, Dynamics 365 2024-10 with ticks,
// Dynamics 365 2025-04 with ISO times), pageSize 10, built from a seeded PRNG so runs compare.

import { dynamics365, msToTickText, salesforce } from '@jobwatch/api-descriptions';
import { seededRandom } from '@jobwatch/jobs-engine';

const DAY = 86_400_000;

/** The project's seeded PRNG (the engine's), so runs compare. */
export const prng = seededRandom;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const ticks = msToTickText;

/** What the bench loads: each API, and Dynamics 365 in both revisions (the mock serves both on one path). */
export const BENCH_APIS = ['salesforce', 'dynamics365', 'dynamics365-2025-04'] as const;

export interface Filter {
  api: (typeof BENCH_APIS)[number];
  /** The query without pageIndex. */
  base: string;
}

/** A random filter: status, type and a time range within the last `spanDays` before now. */
export function randomFilter(
  random: () => number,
  nowMs: number,
  api: Filter['api'],
  spanDays = 180,
): Filter {
  // Long ranges over common types and statuses: most pages are full (10 jobs), like a dashboard's queries.
  const startDay = Math.floor(random() * (spanDays / 6));
  const length = 30 + Math.floor(random() * (spanDays / 2));
  const from = nowMs - (startDay + length) * DAY;
  const to = nowMs - startDay * DAY;
  if (api === 'salesforce') {
    const type = pick(random, [0, 0, 0, 1, 1, 1, 2, 3]);
    const status = pick(random, [0, 0, 2, 2, 2, 3, 4]);
    return {
      api,
      base: `${salesforce.path}?startTime=${isoDate(from)}&finishTime=${isoDate(to)}&type=${type}&status=${status}&pageSize=10`,
    };
  }
  const type = pick(random, [0, 0, 1, 1, 1, 3, 63, 33]);
  const status = pick(random, ['', '', '&status=3', '&status=3', '&status=3', '&status=7', '&status=4']);
  // 2025-04 writes the times in ISO 8601 (type is required there); 2024-10 in ticks.
  const [start, finish] =
    api === 'dynamics365-2025-04'
      ? [new Date(from).toISOString(), new Date(to).toISOString()]
      : [ticks(from), ticks(to)];
  return {
    api,
    base: `${dynamics365.path}?startTime=${start}&finishTime=${finish}&type=${type}${status}&pageSize=10`,
  };
}

/** `countPerApi` distinct page queries of each of `apis`, interleaved, pageIndex 1..maxPage. */
export function distinctQueries(
  seed: number,
  nowMs: number,
  countPerApi: number,
  maxPage = 20,
  apis: readonly Filter['api'][] = BENCH_APIS,
): string[] {
  const random = prng(seed);
  const perApi = apis.map(() => new Set<string>());
  for (let i = 0; perApi.some((set) => set.size < countPerApi); i++) {
    const k = i % apis.length;
    const set = perApi[k]!;
    if (set.size >= countPerApi) continue;
    const filter = randomFilter(random, nowMs, apis[k]!);
    set.add(`${filter.base}&pageIndex=${1 + Math.floor(random() * maxPage)}`);
  }
  const lists = perApi.map((set) => [...set]);
  return lists[0]!.flatMap((_, i) => lists.map((list) => list[i]!));
}
