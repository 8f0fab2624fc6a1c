// Inverted position lists, so that a count and the k-th match of a query come from binary searches: a deep page
// costs what the first page costs.
//
// A job belongs to one list per combination of (type | ALL) x (status | ALL) x (level | ALL): 2^dims lists (8 for
// Salesforce, 4 for Dynamics). All lists live in one Int32Array, each sorted ascending by position (= the API's
// order), because they are filled in one pass over the jobs in order. A time range is a [lo, hi) range of
// positions (binary search on the descending start times), and within a list it is [lowerBound(lo),
// lowerBound(hi)).
//
// An organization filter uses the org's own list of positions (one per job) instead: its jobs in the time range
// are a slice of it, checked one by one against the other filters. An org holds a small share of the jobs (a
// few thousand in a 1,000,000-job dataset), so the scan costs microseconds, and lists per (org x combination)
// would take twice the memory and start-up time of all the others together.
import { firstAtOrBefore, type JobColumns } from './columns.js';

/** A filter in index terms: indices into the model's tables; -1 means "all". */
export interface IndexFilter {
  fromMs: number;
  toMs: number;
  /** Type indices to match (any of them); null = all. */
  types: readonly number[] | null;
  status: number;
  level: number;
  org: number;
}

export interface IndexPage {
  total: number;
  /** The page is positions[start .. start + count) (a view into the index, not a copy). */
  positions: ArrayLike<number>;
  start: number;
  count: number;
}

function lowerBound(a: Int32Array, from: number, to: number, value: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const EMPTY = new Int32Array(0);

export class FilterIndex {
  /** Sizes of the small dimensions (type, status[, level]); each also has an ALL value equal to its size. */
  private readonly dimSizes: readonly number[];
  private readonly strides: Int32Array;
  /** Dense id (= list id) of each (masked) small-dimension cell that holds at least one job; -1 when empty. */
  private readonly cellIds: Int32Array;
  /** offsets[listId] .. offsets[listId + 1] bound a list inside `positions`. */
  private readonly offsets: Int32Array;
  private readonly positions: Int32Array;
  /** orgOffsets[org] .. orgOffsets[org + 1] bound the org's positions inside `orgPositions`. */
  private readonly orgOffsets: Int32Array;
  private readonly orgPositions: Int32Array;
  private startMs: Float64Array;
  private cols: JobColumns;

  constructor(
    cols: JobColumns,
    typeCount: number,
    statusCount: number,
    levelCount: number,
    orgCount: number,
  ) {
    const n = cols.size;
    this.cols = cols;
    this.startMs = cols.startMs;
    this.dimSizes = levelCount > 0 ? [typeCount, statusCount, levelCount] : [typeCount, statusCount];
    const dims = this.dimSizes.length;
    this.strides = new Int32Array(dims);
    let space = 1;
    for (let d = dims - 1; d >= 0; d--) {
      this.strides[d] = space;
      space *= this.dimSizes[d]! + 1;
    }

    // The small cell of every job, how many jobs each cell and each org has (one pass).
    const smallCell = new Uint16Array(n);
    const cellJobs = new Int32Array(space);
    const orgOffsets = new Int32Array(orgCount + 1);
    const sT = this.strides[0]!;
    const sS = this.strides[1]!;
    const sL = dims > 2 ? this.strides[2]! : 0;
    const { type, status, level, org } = cols;
    for (let p = 0; p < n; p++) {
      const c = type[p]! * sT + status[p]! * sS + level[p]! * sL;
      smallCell[p] = c;
      cellJobs[c]!++;
      orgOffsets[org[p]! + 1]!++;
    }
    // Masked cells: each bit of the mask replaces one dimension's value by ALL.
    const masks = 1 << dims;
    this.cellIds = new Int32Array(space).fill(-1);
    const maskedId = new Int32Array(masks * space).fill(-1);
    let cellCount = 0;
    for (let c = 0; c < space; c++) {
      if (cellJobs[c] === 0) continue;
      for (let m = 0; m < masks; m++) {
        let masked = 0;
        let rest = c;
        for (let d = 0; d < dims; d++) {
          const stride = this.strides[d]!;
          const digit = Math.floor(rest / stride);
          rest -= digit * stride;
          masked += ((m >> d) & 1 ? this.dimSizes[d]! : digit) * stride;
        }
        if (this.cellIds[masked] === -1) this.cellIds[masked] = cellCount++;
        maskedId[m * space + c] = this.cellIds[masked]!;
      }
    }
    // Each occurring cell's lists, in the order of the masks (masks consecutive entries per cell).
    const cellLists = new Int32Array(space * masks);
    for (let c = 0; c < space; c++) {
      for (let m = 0; m < masks; m++) cellLists[c * masks + m] = maskedId[m * space + c]!;
    }

    // Count, then fill: every job goes to 2^dims lists, and to its org's list.
    const offsets = new Int32Array(cellCount + 1);
    for (let c = 0; c < space; c++) {
      const jobs = cellJobs[c]!;
      if (jobs === 0) continue;
      for (let m = 0; m < masks; m++) offsets[cellLists[c * masks + m]! + 1]! += jobs;
    }
    for (let i = 0; i < cellCount; i++) offsets[i + 1]! += offsets[i]!;
    for (let o = 0; o < orgCount; o++) orgOffsets[o + 1]! += orgOffsets[o]!;
    const cursor = offsets.slice(0, cellCount);
    const orgCursor = orgOffsets.slice(0, orgCount);
    const positions = new Int32Array(n * masks);
    const orgPositions = new Int32Array(n);
    for (let p = 0; p < n; p++) {
      const base = smallCell[p]! * masks;
      for (let m = 0; m < masks; m++) positions[cursor[cellLists[base + m]!]!++] = p;
      orgPositions[orgCursor[org[p]!]!++] = p;
    }
    this.offsets = offsets;
    this.positions = positions;
    this.orgOffsets = orgOffsets;
    this.orgPositions = orgPositions;
  }

  /**
   * Points the index at another copy of the same jobs (a dataset that grew at the head copies its columns and
   * keeps this index for the part that did not change).
   */
  rebind(cols: JobColumns): void {
    if (cols.size !== this.cols.size) throw new Error('an index can only move to the same jobs');
    this.cols = cols;
    this.startMs = cols.startMs;
  }

  /** Bytes held by the index (for memory reports). */
  get byteLength(): number {
    return (
      this.positions.byteLength +
      this.offsets.byteLength +
      this.cellIds.byteLength +
      this.orgPositions.byteLength +
      this.orgOffsets.byteLength
    );
  }

  /** The id of the list for one combination (all orgs); -1 when no job has it. */
  private listId(type: number, status: number, level: number): number {
    const ds = this.dimSizes;
    let cell =
      (type < 0 ? ds[0]! : type) * this.strides[0]! + (status < 0 ? ds[1]! : status) * this.strides[1]!;
    if (ds.length > 2) cell += (level < 0 ? ds[2]! : level) * this.strides[2]!;
    const id = this.cellIds[cell];
    return id === undefined ? -1 : id;
  }

  /** Appends the [start, end) of a non-empty list to `segments`; returns whether it did. */
  private pushList(segments: number[], type: number, f: IndexFilter): boolean {
    const id = this.listId(type, f.status, f.level);
    if (id < 0) return false;
    const s = this.offsets[id]!;
    const e = this.offsets[id + 1]!;
    if (s >= e) return false;
    segments.push(s, e);
    return true;
  }

  query(f: IndexFilter, offset: number, limit: number): IndexPage {
    if (f.fromMs > f.toMs) return { total: 0, positions: EMPTY, start: 0, count: 0 };
    const lo = firstAtOrBefore(this.startMs, f.toMs);
    const hi = firstAtOrBefore(this.startMs, f.fromMs - 1);
    return this.queryRange(f, lo, hi, offset, limit);
  }

  /** The matches of a filter among the positions [lo, hi) (the filter's times are not used). */
  queryRange(f: IndexFilter, lo: number, hi: number, offset: number, limit: number): IndexPage {
    if (lo >= hi) return { total: 0, positions: EMPTY, start: 0, count: 0 };
    if (f.org >= 0) return this.scanOrg(f, lo, hi, offset, limit);
    // The lists to merge: one for "all types", or one per wanted type that has jobs.
    const segments: number[] = [];
    if (f.types === null) {
      this.pushList(segments, -1, f);
    } else {
      const typeCount = this.dimSizes[0]!;
      for (let i = 0; i < f.types.length; i++) {
        const t = f.types[i]!;
        if (t < 0 || t >= typeCount || f.types.indexOf(t) < i) continue; // out of range, or a repeat
        this.pushList(segments, t, f);
      }
      // Every type that has jobs is wanted: the ALL list is the same set, without a merge.
      if (segments.length > 2) {
        let present = 0;
        for (let t = 0; t < typeCount; t++) {
          const id = this.listId(t, f.status, f.level);
          if (id >= 0 && this.offsets[id]! < this.offsets[id + 1]!) present++;
        }
        if (segments.length / 2 === present) {
          segments.length = 0;
          this.pushList(segments, -1, f);
        }
      }
    }
    // Narrow each list to the time range.
    const a = this.positions;
    let total = 0;
    for (let i = 0; i < segments.length; i += 2) {
      const s = lowerBound(a, segments[i]!, segments[i + 1]!, lo);
      const e = lowerBound(a, s, segments[i + 1]!, hi);
      segments[i] = s;
      segments[i + 1] = e;
      total += e - s;
    }
    if (offset >= total || limit <= 0) return { total, positions: EMPTY, start: 0, count: 0 };
    const count = Math.min(limit, total - offset);
    if (segments.length === 2) return { total, positions: a, start: segments[0]! + offset, count };
    return { total, positions: this.mergePage(segments, lo, hi, offset, count), start: 0, count };
  }

  /** The matches among one org's jobs in [lo, hi): a slice of its list, checked job by job for other filters. */
  private scanOrg(f: IndexFilter, lo: number, hi: number, offset: number, limit: number): IndexPage {
    const a = this.orgPositions;
    if (f.org + 1 >= this.orgOffsets.length) return { total: 0, positions: EMPTY, start: 0, count: 0 };
    const s = lowerBound(a, this.orgOffsets[f.org]!, this.orgOffsets[f.org + 1]!, lo);
    const e = lowerBound(a, s, this.orgOffsets[f.org + 1]!, hi);
    if (f.types === null && f.status < 0 && f.level < 0) {
      const total = e - s;
      if (offset >= total || limit <= 0) return { total, positions: EMPTY, start: 0, count: 0 };
      return { total, positions: a, start: s + offset, count: Math.min(limit, total - offset) };
    }
    const typeCount = this.dimSizes[0]!;
    let wanted: Uint8Array | null = null;
    if (f.types !== null) {
      wanted = new Uint8Array(typeCount);
      for (const t of f.types) if (t >= 0 && t < typeCount) wanted[t] = 1;
    }
    const { type, status, level } = this.cols;
    const page: number[] = [];
    let total = 0;
    for (let i = s; i < e; i++) {
      const p = a[i]!;
      if (wanted !== null && wanted[type[p]!] === 0) continue;
      if (f.status >= 0 && status[p] !== f.status) continue;
      if (f.level >= 0 && level[p] !== f.level) continue;
      if (total >= offset && page.length < limit) page.push(p);
      total++;
    }
    return { total, positions: page, start: 0, count: page.length };
  }

  /** The count matches from the offset-th, over a union of disjoint sorted lists, found by binary search. */
  private mergePage(segments: number[], lo: number, hi: number, offset: number, count: number): Int32Array {
    const a = this.positions;
    const k = segments.length / 2;
    // The smallest position v with more than `offset` matches at or before it is the offset-th match.
    let vLo = lo;
    let vHi = hi - 1;
    while (vLo < vHi) {
      const mid = Math.floor((vLo + vHi) / 2);
      let atOrBefore = 0;
      for (let i = 0; i < segments.length; i += 2) {
        atOrBefore += lowerBound(a, segments[i]!, segments[i + 1]!, mid + 1) - segments[i]!;
      }
      if (atOrBefore > offset) vHi = mid;
      else vLo = mid + 1;
    }
    const cursor = new Int32Array(k);
    const end = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      end[i] = segments[2 * i + 1]!;
      cursor[i] = lowerBound(a, segments[2 * i]!, end[i]!, vLo);
    }
    const out = new Int32Array(count);
    for (let n = 0; n < count; n++) {
      let best = -1;
      let bestValue = 0x7fffffff;
      for (let i = 0; i < k; i++) {
        if (cursor[i]! < end[i]! && a[cursor[i]!]! < bestValue) {
          best = i;
          bestValue = a[cursor[i]!]!;
        }
      }
      out[n] = bestValue;
      cursor[best]!++;
    }
    return out;
  }
}
