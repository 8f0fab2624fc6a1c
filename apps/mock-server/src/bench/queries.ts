// Query sets for the benchmark, written as a client would write them (this is load, not the server's rules):
// distinct filtered page queries over both APIs, pageSize 10, built from a seeded PRNG so runs compare.

const DAY = 86_400_000;
const TICKS_AT_EPOCH = 621_355_968_000_000_000n;

/** mulberry32: small, fast, seeded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function ticks(ms: number): string {
  return (BigInt(ms) * 10_000n + TICKS_AT_EPOCH).toString();
}

export interface Filter {
  api: 'salesforce' | 'dynamics365';
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
      base: `/backup/sfbapi/jobs?startTime=${isoDate(from)}&finishTime=${isoDate(to)}&type=${type}&status=${status}&pageSize=10`,
    };
  }
  const type = pick(random, [0, 0, 1, 1, 1, 3, 63, 33]);
  const status = pick(random, ['', '', '&status=3', '&status=3', '&status=3', '&status=7', '&status=4']);
  return {
    api,
    base: `/dynamicsbackup/jobs?startTime=${ticks(from)}&finishTime=${ticks(to)}&type=${type}${status}&pageSize=10`,
  };
}

/** At least `count` distinct page queries, half per API, pageIndex 1..maxPage. */
export function distinctQueries(seed: number, nowMs: number, count: number, maxPage = 20): string[] {
  const random = prng(seed);
  const seen = new Set<string>();
  while (seen.size < count) {
    const api = seen.size % 2 === 0 ? 'salesforce' : 'dynamics365';
    const filter = randomFilter(random, nowMs, api);
    seen.add(`${filter.base}&pageIndex=${1 + Math.floor(random() * maxPage)}`);
  }
  return [...seen];
}
