// Inverted position lists, so that a count and the k-th match of a query come from binary searches: a deep page
// costs what the first page costs.
//
// A job belongs to one list per combination of (type | ALL) x (status | ALL) x (level | ALL): 2^dims lists (8 for
// Salesforce, 4 for Dynamics). All lists live in one Int32Array, each sorted ascending by position (= the API's
// order), because they are filled in one pass over the jobs in order. A time range is a [lo, hi) range of
// positions (binary search on the descending start times), and within a list it is [lowerBound(lo),
// lowerBound(hi)).
//
// An organization filter uses two more lists per job, filled in the same passes: the org's own list (all its
// jobs) and the org's list for the job's status (one per (org, status)). Org alone and org + status are slices of
// them by binary search, like the lists above. A type (set) or a level on top is answered from codes: beside
// each of these two list families runs one code per entry, the job's (type, level) as type x levels + level
// (Uint8 when they fit in a byte, as for both APIs, else Uint16), and every 2^k entries (max(256, 4 x codes)
// rounded up to a power of two: 1,024 for Salesforce, 256 for Dynamics) a checkpoint holds how many entries
// before it have each code (Uint32 per code). The wanted codes (each wanted type with the wanted level, or with every level) among
// entries [s, e) of the narrowest list that applies (the org-status list when a status is given, else the org's
// list) are before(e) - before(s), where before(x) is the nearer checkpoint's sum over the wanted codes
// corrected by the at most 2^(k-1) codes between it and x; the page's first match is found by a binary search
// over the checkpoints, then by reading codes from there until the page is full. So the cost is the wanted codes
// times log(checkpoints) plus two half-blocks of codes plus the stretch of codes the page covers, not the org's
// jobs in the range (thousands, each checked by three random lookups into the 1,000,000-long columns before).
//
// Why this and not lists per (org x combination): those took ~40 MB and half of the index build time at
// 1,000,000 jobs per API. This costs, per job, 4 bytes (the org-status list) + 2 bytes (the codes beside the
// two org lists), and checkpoints at most about the size of one code array: 6-7 MiB at 1,000,000 jobs, one more
// write per list and a pass over each code array at build. Lists per (org, type) would make org + type a slice
// too, but at 4 more bytes a job, and the other org filters would still need the codes.
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
  /** The page is positions[start .. start + count) (a view into the index, or an array of the page alone). */
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

type Codes = Uint8Array | Uint16Array;

/** Checkpoint k holds, for each code, how many of codes[0 .. k << shift) have it (k = 0 .. length >> shift). */
function checkpoints(codes: Codes, codeCount: number, shift: number): Uint32Array {
  const blocks = (codes.length >> shift) + 1;
  const out = new Uint32Array(blocks * codeCount);
  const run = new Uint32Array(codeCount);
  for (let k = 1; k < blocks; k++) {
    for (let i = (k - 1) << shift, end = k << shift; i < end; i++) run[codes[i]!]!++;
    out.set(run, k * codeCount);
  }
  return out;
}

/** A list family beside its codes: one Int32 position and one code per entry, checkpoints of the codes. */
interface CodedLists {
  positions: Int32Array;
  codes: Codes;
  checkpoints: Uint32Array;
}

/**
 * Everything an index holds besides the columns it points at: typed arrays and small numbers, so that it passes
 * through structured clone with its buffers transferred (an index built in a worker thread, see `indexBuffers`).
 */
export interface FilterIndexState {
  readonly dimSizes: readonly number[];
  readonly strides: Int32Array;
  readonly cellIds: Int32Array;
  readonly offsets: Int32Array;
  readonly positions: Int32Array;
  readonly orgOffsets: Int32Array;
  readonly orgLists: CodedLists;
  readonly orgStatusOffsets: Int32Array;
  readonly orgStatusLists: CodedLists;
  readonly levelSpan: number;
  readonly checkpointShift: number;
}

/** The buffers of an index's state, to transfer it rather than copy it. */
export function indexBuffers(state: FilterIndexState): ArrayBuffer[] {
  const views: ArrayBufferView[] = [
    state.strides,
    state.cellIds,
    state.offsets,
    state.positions,
    state.orgOffsets,
    state.orgStatusOffsets,
  ];
  for (const lists of [state.orgLists, state.orgStatusLists]) {
    views.push(lists.positions, lists.codes, lists.checkpoints);
  }
  return [...new Set(views.map((view) => view.buffer as ArrayBuffer))];
}

/** The lists, offsets, codes and checkpoints of an index over `cols` (a few passes over the jobs). */
function buildState(
  cols: JobColumns,
  typeCount: number,
  statusCount: number,
  levelCount: number,
  orgCount: number,
  checkpointEvery: number | undefined,
): FilterIndexState {
  const n = cols.size;
  const dimSizes = levelCount > 0 ? [typeCount, statusCount, levelCount] : [typeCount, statusCount];
  const dims = dimSizes.length;
  const strides = new Int32Array(dims);
  let space = 1;
  for (let d = dims - 1; d >= 0; d--) {
    strides[d] = space;
    space *= dimSizes[d]! + 1;
  }
  // The small cell of every job, how many jobs each cell and each org has (one pass).
  const smallCell = new Uint16Array(n);
  const cellJobs = new Int32Array(space);
  const orgOffsets = new Int32Array(orgCount + 1);
  const orgStatusOffsets = new Int32Array(orgCount * statusCount + 1);
  const sT = strides[0]!;
  const sS = strides[1]!;
  const sL = dims > 2 ? strides[2]! : 0;
  const { type, status, level, org } = cols;
  for (let p = 0; p < n; p++) {
    const c = type[p]! * sT + status[p]! * sS + level[p]! * sL;
    smallCell[p] = c;
    cellJobs[c]!++;
    orgOffsets[org[p]! + 1]!++;
    orgStatusOffsets[org[p]! * statusCount + status[p]! + 1]!++;
  }
  // Masked cells: each bit of the mask replaces one dimension's value by ALL.
  const masks = 1 << dims;
  const cellIds = new Int32Array(space).fill(-1);
  const maskedId = new Int32Array(masks * space).fill(-1);
  let cellCount = 0;
  for (let c = 0; c < space; c++) {
    if (cellJobs[c] === 0) continue;
    for (let m = 0; m < masks; m++) {
      let masked = 0;
      let rest = c;
      for (let d = 0; d < dims; d++) {
        const stride = strides[d]!;
        const digit = Math.floor(rest / stride);
        rest -= digit * stride;
        masked += ((m >> d) & 1 ? dimSizes[d]! : digit) * stride;
      }
      if (cellIds[masked] === -1) cellIds[masked] = cellCount++;
      maskedId[m * space + c] = cellIds[masked]!;
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
  const orgStatusListCount = orgCount * statusCount;
  for (let i = 0; i < orgStatusListCount; i++) orgStatusOffsets[i + 1]! += orgStatusOffsets[i]!;
  const orgCursor = orgOffsets.slice(0, orgCount);
  const orgStatusCursor = orgStatusOffsets.slice(0, orgStatusListCount);
  const positions = new Int32Array(n * masks);
  const orgPositions = new Int32Array(n);
  const orgStatusPositions = new Int32Array(n);
  const levelSpan = Math.max(1, levelCount);
  const wide = typeCount * levelSpan > 256;
  const orgCodes = wide ? new Uint16Array(n) : new Uint8Array(n);
  const orgStatusCodes = wide ? new Uint16Array(n) : new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const base = smallCell[p]! * masks;
    for (let m = 0; m < masks; m++) positions[cursor[cellLists[base + m]!]!++] = p;
    const o = org[p]!;
    const code = type[p]! * levelSpan + level[p]!;
    const i = orgCursor[o]!++;
    orgPositions[i] = p;
    orgCodes[i] = code;
    const j = orgStatusCursor[o * statusCount + status[p]!]!++;
    orgStatusPositions[j] = p;
    orgStatusCodes[j] = code;
  }
  // Checkpoints take about as many bytes as the codes (4 bytes a code every 4 x codes entries, at least 256).
  const codeCount = typeCount * levelSpan;
  const every = checkpointEvery ?? Math.max(256, 4 * codeCount);
  const shift = Math.max(1, Math.ceil(Math.log2(every)));
  const orgLists = {
    positions: orgPositions,
    codes: orgCodes,
    checkpoints: checkpoints(orgCodes, codeCount, shift),
  };
  const orgStatusLists = {
    positions: orgStatusPositions,
    codes: orgStatusCodes,
    checkpoints: checkpoints(orgStatusCodes, codeCount, shift),
  };
  return {
    dimSizes,
    strides,
    cellIds,
    offsets,
    positions,
    orgOffsets,
    orgLists,
    orgStatusOffsets,
    orgStatusLists,
    levelSpan,
    checkpointShift: shift,
  };
}

export class FilterIndex {
  /** Sizes of the small dimensions (type, status[, level]); each also has an ALL value equal to its size. */
  private readonly dimSizes: readonly number[];
  private readonly strides: Int32Array;
  /** Dense id (= list id) of each (masked) small-dimension cell that holds at least one job; -1 when empty. */
  private readonly cellIds: Int32Array;
  /** offsets[listId] .. offsets[listId + 1] bound a list inside `positions`. */
  private readonly offsets: Int32Array;
  private readonly positions: Int32Array;
  /** orgOffsets[org] .. orgOffsets[org + 1] bound the org's positions inside `orgLists.positions`. */
  private readonly orgOffsets: Int32Array;
  /** The org lists with the (type, level) code of each entry: type * levelSpan + level. */
  private readonly orgLists: CodedLists;
  /** orgStatusOffsets[org * statuses + status] .. [+ 1] bound the org's jobs of that status in `orgStatusLists`. */
  private readonly orgStatusOffsets: Int32Array;
  private readonly orgStatusLists: CodedLists;
  /** Level values per type in a code (1 when the API has no levels: the level column is then 0). */
  private readonly levelSpan: number;
  /** Code checkpoints every 1 << checkpointShift entries of a code array. */
  private readonly checkpointShift: number;
  private startMs: Float64Array;
  private cols: JobColumns;

  /** An index over the columns from a state built for them (`FilterIndex.build`, maybe in another thread). */
  constructor(cols: JobColumns, state: FilterIndexState) {
    const n = cols.size;
    const masks = 1 << state.dimSizes.length;
    if (
      state.positions.length !== n * masks ||
      state.orgLists.positions.length !== n ||
      state.orgStatusLists.positions.length !== n
    ) {
      throw new Error(`an index state for other jobs (${state.orgLists.positions.length}, not ${n})`);
    }
    this.cols = cols;
    this.startMs = cols.startMs;
    this.dimSizes = state.dimSizes;
    this.strides = state.strides;
    this.cellIds = state.cellIds;
    this.offsets = state.offsets;
    this.positions = state.positions;
    this.orgOffsets = state.orgOffsets;
    this.orgLists = state.orgLists;
    this.orgStatusOffsets = state.orgStatusOffsets;
    this.orgStatusLists = state.orgStatusLists;
    this.levelSpan = state.levelSpan;
    this.checkpointShift = state.checkpointShift;
  }

  /** What the index holds, to rebuild it elsewhere with `new FilterIndex(cols, state)`. */
  get state(): FilterIndexState {
    return {
      dimSizes: this.dimSizes,
      strides: this.strides,
      cellIds: this.cellIds,
      offsets: this.offsets,
      positions: this.positions,
      orgOffsets: this.orgOffsets,
      orgLists: this.orgLists,
      orgStatusOffsets: this.orgStatusOffsets,
      orgStatusLists: this.orgStatusLists,
      levelSpan: this.levelSpan,
      checkpointShift: this.checkpointShift,
    };
  }

  /** Builds the index of a set of columns in a few passes over them. */
  static build(
    cols: JobColumns,
    typeCount: number,
    statusCount: number,
    levelCount: number,
    orgCount: number,
    /** Entries between two code checkpoints, a power of two (tests set small ones); by default from the codes. */
    checkpointEvery?: number,
  ): FilterIndex {
    return new FilterIndex(
      cols,
      buildState(cols, typeCount, statusCount, levelCount, orgCount, checkpointEvery),
    );
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
      this.orgLists.positions.byteLength +
      this.orgOffsets.byteLength +
      this.orgLists.codes.byteLength +
      this.orgLists.checkpoints.byteLength +
      this.orgStatusOffsets.byteLength +
      this.orgStatusLists.positions.byteLength +
      this.orgStatusLists.codes.byteLength +
      this.orgStatusLists.checkpoints.byteLength
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

  /**
   * The matches among one org's jobs in [lo, hi): a slice of the org's list, or of its list for the status; with
   * a type (set) or a level, the wanted codes of that slice, counted from checkpoints, and the page found from
   * them.
   */
  private scanOrg(f: IndexFilter, lo: number, hi: number, offset: number, limit: number): IndexPage {
    const orgCount = this.orgOffsets.length - 1;
    const statusCount = this.dimSizes[1]!;
    if (f.org >= orgCount || f.status >= statusCount)
      return { total: 0, positions: EMPTY, start: 0, count: 0 };
    let lists: CodedLists;
    let from: number;
    let to: number;
    if (f.status >= 0) {
      const list = f.org * statusCount + f.status;
      lists = this.orgStatusLists;
      from = this.orgStatusOffsets[list]!;
      to = this.orgStatusOffsets[list + 1]!;
    } else {
      lists = this.orgLists;
      from = this.orgOffsets[f.org]!;
      to = this.orgOffsets[f.org + 1]!;
    }
    const a = lists.positions;
    const s = lowerBound(a, from, to, lo);
    const e = lowerBound(a, s, to, hi);
    if (f.types === null && f.level < 0) {
      const total = e - s;
      if (offset >= total || limit <= 0) return { total, positions: EMPTY, start: 0, count: 0 };
      return { total, positions: a, start: s + offset, count: Math.min(limit, total - offset) };
    }
    // The wanted codes: a wanted type (any type when none is given) with the level (any level when none is given).
    const typeCount = this.dimSizes[0]!;
    const span = this.levelSpan;
    const table = new Uint8Array(typeCount * span);
    const wanted: number[] = [];
    const levelFrom = Math.max(f.level, 0);
    const levelTo = f.level < 0 ? span : Math.min(span, f.level + 1);
    for (let t = 0; t < typeCount; t++) {
      if (f.types !== null && !f.types.includes(t)) continue;
      for (let l = levelFrom; l < levelTo; l++) {
        table[t * span + l] = 1;
        wanted.push(t * span + l);
      }
    }
    const codes = lists.codes;
    const cp = lists.checkpoints;
    const codeCount = table.length;
    const shift = this.checkpointShift;
    const last = (codes.length >> shift) << shift;
    /** Wanted codes among codes[0 .. k << shift). */
    const atCheckpoint = (k: number): number => {
      let sum = 0;
      for (let w = 0, base = k * codeCount; w < wanted.length; w++) sum += cp[base + wanted[w]!]!;
      return sum;
    };
    /** Wanted codes among codes[0 .. x): the nearer checkpoint, and the codes between it and x. */
    const before = (x: number): number => {
      const k = x >> shift;
      let i = k << shift;
      if (x - i > 1 << (shift - 1) && i < last) {
        let sum = atCheckpoint(k + 1);
        for (let j = x, end = (k + 1) << shift; j < end; j++) sum -= table[codes[j]!]!;
        return sum;
      }
      let sum = atCheckpoint(k);
      for (; i < x; i++) sum += table[codes[i]!]!;
      return sum;
    };
    const base = before(s);
    const total = before(e) - base;
    if (offset >= total || limit <= 0) return { total, positions: EMPTY, start: 0, count: 0 };
    // The page's first match: from the last checkpoint at or before it (binary search), then code by code.
    const target = base + offset;
    let kLo = (s >> shift) + 1;
    let kHi = e >> shift;
    while (kLo <= kHi) {
      const mid = (kLo + kHi) >>> 1;
      if (atCheckpoint(mid) <= target) kLo = mid + 1;
      else kHi = mid - 1;
    }
    // kHi is the last checkpoint after s with at most `target` wanted codes before it (or s's block).
    let i = s;
    let seen = base;
    if (kHi > s >> shift) {
      i = kHi << shift;
      seen = atCheckpoint(kHi);
    }
    const count = Math.min(limit, total - offset);
    const page = new Int32Array(count);
    let n = 0;
    for (; n < count; i++) {
      if (table[codes[i]!] === 1 && seen++ >= target) page[n++] = a[i]!;
    }
    return { total, positions: page, start: 0, count };
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
