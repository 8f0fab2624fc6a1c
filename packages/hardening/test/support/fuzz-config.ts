// Run counts and seeds of the property suites: bounded in CI, long on demand (`pnpm fuzz:long`).
// FUZZ_RUNS=<n> sets the runs per property; FUZZ_SEED=<int> replays a run; FUZZ_SEED=random picks a fresh seed.

export const DEFAULT_SEED = 20_250_601;

export function fuzzRuns(fallback: number): number {
  const text = process.env.FUZZ_RUNS;
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`FUZZ_RUNS must be a positive integer, got "${text}"`);
  return n;
}

export function fuzzSeed(): number {
  const text = process.env.FUZZ_SEED;
  if (text === undefined || text === '') return DEFAULT_SEED;
  if (text === 'random') return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`FUZZ_SEED must be an integer or "random", got "${text}"`);
  return n;
}

/** Per-test timeout for a property of `runs` HTTP round trips: generous (~20 ms each on a slow machine). */
export function propertyTimeoutMs(runs: number, perRunMs = 20): number {
  return 60_000 + runs * perRunMs;
}
