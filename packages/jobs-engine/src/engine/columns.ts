// The jobs of a dataset as parallel typed arrays, in the API's order: startTime descending, then jobId descending.

export interface JobColumns {
  size: number;
  /** Epoch milliseconds. */
  startMs: Float64Array;
  /** Index into the model's types. */
  type: Uint8Array;
  /** Index into the model's statuses. */
  status: Uint8Array;
  /** Index into the model's levels (0 when the API has none). */
  level: Uint8Array;
  /** Index into the dataset's organizations. */
  org: Uint32Array;
  /** Index into the model's job id prefixes. */
  prefix: Uint8Array;
  /** The digits at the end of the job id. */
  suffix: Uint32Array;
  /** Generation key: the seed of the job's lazily derived fields (scenario jobs: a hash of their entry). */
  key: Uint32Array;
  /** The org's schedule the job belongs to (engine/plan.ts; AD_HOC for ad-hoc jobs). */
  sched: Uint8Array;
  /** JobFlags. */
  flags: Uint8Array;
}

/** Facts of a job decided at generation that its lazily derived fields follow. */
export const JobFlags = {
  /** A scenario job: its fields come from the scenario entry. */
  scenario: 1,
  /** The run overruns its slot (the next run of the schedule is Skipped). */
  overrun: 2,
  /** A story's long run (2.5-4 h). */
  long: 4,
} as const;

export function allocateColumns(size: number): JobColumns {
  return {
    size,
    startMs: new Float64Array(size),
    type: new Uint8Array(size),
    status: new Uint8Array(size),
    level: new Uint8Array(size),
    org: new Uint32Array(size),
    prefix: new Uint8Array(size),
    suffix: new Uint32Array(size),
    key: new Uint32Array(size),
    sched: new Uint8Array(size),
    flags: new Uint8Array(size),
  };
}

/** Copies job `from` of `source` to position `to` of `target`. */
export function copyJob(source: JobColumns, from: number, target: JobColumns, to: number): void {
  target.startMs[to] = source.startMs[from]!;
  target.type[to] = source.type[from]!;
  target.status[to] = source.status[from]!;
  target.level[to] = source.level[from]!;
  target.org[to] = source.org[from]!;
  target.prefix[to] = source.prefix[from]!;
  target.suffix[to] = source.suffix[from]!;
  target.key[to] = source.key[from]!;
  target.sched[to] = source.sched[from]!;
  target.flags[to] = source.flags[from]!;
}

/**
 * The first `size` jobs of the columns, as views of the same buffers (no copy: generation sizes the columns from
 * an estimate a few percent above the count, so the unused tail is small, and copying 1,000,000 jobs costs more
 * start-up than the tail costs memory). A tail above a quarter of the buffers is copied away.
 */
export function truncateColumns(c: JobColumns, size: number): JobColumns {
  const copy = size < c.startMs.length * 0.75;
  const cut = <T extends Float64Array | Uint8Array | Uint32Array>(a: T): T =>
    (copy ? a.slice(0, size) : a.subarray(0, size)) as T;
  return {
    size,
    startMs: cut(c.startMs),
    type: cut(c.type),
    status: cut(c.status),
    level: cut(c.level),
    org: cut(c.org),
    prefix: cut(c.prefix),
    suffix: cut(c.suffix),
    key: cut(c.key),
    sched: cut(c.sched),
    flags: cut(c.flags),
  };
}

/** The jobs [from, to) as views of the same buffers (positions count from `from`). */
export function viewColumns(c: JobColumns, from: number, to: number): JobColumns {
  return {
    size: to - from,
    startMs: c.startMs.subarray(from, to),
    type: c.type.subarray(from, to),
    status: c.status.subarray(from, to),
    level: c.level.subarray(from, to),
    org: c.org.subarray(from, to),
    prefix: c.prefix.subarray(from, to),
    suffix: c.suffix.subarray(from, to),
    key: c.key.subarray(from, to),
    sched: c.sched.subarray(from, to),
    flags: c.flags.subarray(from, to),
  };
}

/** The jobs of `head` followed by those of `tail`, in new buffers. */
export function concatColumns(head: JobColumns, tail: JobColumns): JobColumns {
  const out = allocateColumns(head.size + tail.size);
  const put = <T extends Float64Array | Uint8Array | Uint32Array>(target: T, a: T, b: T) => {
    target.set(a.subarray(0, head.size));
    target.set(b.subarray(0, tail.size), head.size);
  };
  put(out.startMs, head.startMs, tail.startMs);
  put(out.type, head.type, tail.type);
  put(out.status, head.status, tail.status);
  put(out.level, head.level, tail.level);
  put(out.org, head.org, tail.org);
  put(out.prefix, head.prefix, tail.prefix);
  put(out.suffix, head.suffix, tail.suffix);
  put(out.key, head.key, tail.key);
  put(out.sched, head.sched, tail.sched);
  put(out.flags, head.flags, tail.flags);
  return out;
}

/** The first position whose startMs is <= ms (the column is descending). */
export function firstAtOrBefore(startMs: Float64Array, ms: number): number {
  let lo = 0;
  let hi = startMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (startMs[mid]! > ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
