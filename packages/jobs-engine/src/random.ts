// Seeded, stateless randomness: every per-job value is a pure function of (seed, key, salt), so any job can be
// derived on its own, in any order, in any process. Faker is only used for organization-level data (see models/).

/** A 32-bit finaliser (lowbias32): good avalanche, a handful of integer ops. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The per-(seed, key) half of hash3: hot loops compute it once per job and draw each field from it. */
export function keyState(a: number, b: number): number {
  const bHigh = b > 0xffffffff ? Math.floor(b / 0x100000000) : 0;
  return mix32(mix32((a ^ 0x9e3779b9) | 0) + (b | 0) + Math.imul(bHigh, 0x85ebca6b));
}

/** Hash of three 32-bit integers (keys above 2^32 are folded in, so they never alias silently). */
export function hash3(a: number, b: number, c: number): number {
  return mix32(keyState(a, b) ^ (c | 0));
}

/** unit(seed, key, salt) from keyState(seed, key). */
export function unitFrom(state: number, salt: number): number {
  return mix32(state ^ salt) / 0x100000000;
}

/** A uniform in [0, 1) for one field (salt) of one job (key). */
export function unit(seed: number, key: number, salt: number): number {
  return hash3(seed, key, salt) / 0x100000000;
}

/** Folds any safe integer seed (negative or above 2^32 included) into 32 bits. */
export function normaliseSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a safe integer, got ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / 0x100000000) >>> 0;
  return mix32(low ^ mix32(high + 0x51ed270b));
}

/** A small sequential generator (splitmix32) for the many draws that describe one job. */
export class Rng {
  private state: number;
  constructor(seed: number, key: number, salt: number) {
    this.state = hash3(seed, key, salt);
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    return mix32(this.state) / 0x100000000;
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** Log-uniform in [min, max): sizes and counts spread over orders of magnitude. */
  logUniform(min: number, max: number): number {
    return min * (max / min) ** this.next();
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/**
 * A seeded sequence of uniforms in [0, 1) for whatever needs repeatable randomness outside the dataset (benchmark
 * and load query sets): the same generator as Rng, so the project has one seeded PRNG.
 */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(normaliseSeed(seed), 0, 0);
  return () => rng.next();
}

/** Picks an index by weight with one uniform u in [0, 1); `cumulative` is a prefix sum ending at 1. */
export function pickCumulative(cumulative: Float64Array, u: number): number {
  for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]!) return i;
  return cumulative.length - 1;
}

/** Normalised prefix sums of weights, for pickCumulative. */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i]! / total;
    out[i] = acc;
  }
  out[weights.length - 1] = 1;
  return out;
}

/** A 32-bit FNV-1a hash of a string (keys for ids that a scenario brings). */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
