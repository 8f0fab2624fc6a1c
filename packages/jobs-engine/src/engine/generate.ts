// Generates the jobs of one API already in the API's order, in one pass and without a sort.
//
// Each organization runs on its own schedule: a fixed cadence (daily for small datasets, down to every few
// minutes, continuous-data-protection style, when an org must hold many jobs) aligned to an org-specific phase.
// Slot k of an org starts at anchor - k * cadence; its job starts within the slot (scheduled types within a few
// minutes of the slot time, ad-hoc ones anywhere in it). Each org's stream is therefore already newest first, and
// a k-way merge over the orgs (a binary heap) yields the global order: O(n log orgs).
import { runLengthMs, Salt } from '../details.js';
import type { ApiModel, OrgProfile } from '../model.js';
import { hash3, keyState, unitFrom } from '../random.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../time.js';
import { allocateColumns, type JobColumns } from './columns.js';

const CADENCES_MS = [5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440, 2880, 4320, 10080].map(
  (minutes) => minutes * MS_PER_MINUTE,
);
const MIN_SPAN_MS = 30 * MS_PER_DAY;
const MAX_SPAN_MS = 365 * MS_PER_DAY;
/** Scheduled runs start within this delay of their slot. */
const MAX_SCHEDULED_DELAY_MS = 3 * MS_PER_MINUTE;

/** The history window: about one run per org per day, clamped to [30 days, 1 year]. */
export function historySpanMs(jobs: number, orgs: number): number {
  return Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, (jobs / Math.max(1, orgs)) * MS_PER_DAY));
}

/** The largest usual cadence that fits `count` runs in the window (finer, to the second, when none does). */
export function cadenceFor(spanMs: number, count: number): number {
  const ideal = spanMs / Math.max(1, count);
  let cadence = 0;
  for (const c of CADENCES_MS) if (c <= ideal) cadence = c;
  return cadence > 0 ? cadence : Math.max(1000, Math.floor(ideal / 1000) * 1000);
}

/** Splits the jobs over the orgs by weight (largest remainders first, ties by org order). */
export function jobsPerOrg(orgs: readonly OrgProfile[], jobs: number): Int32Array {
  const counts = new Int32Array(orgs.length);
  if (orgs.length === 0) return counts;
  const total = orgs.reduce((sum, o) => sum + o.weight, 0);
  let assigned = 0;
  const remainders = orgs.map((o, i) => {
    const exact = (jobs * o.weight) / total;
    counts[i] = Math.floor(exact);
    assigned += counts[i]!;
    return { i, r: exact - counts[i]! };
  });
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let j = 0; assigned < jobs; j++, assigned++) counts[remainders[j % orgs.length]!.i]!++;
  return counts;
}

interface OrgStream {
  cadence: number;
  anchor: number;
  /** Key of the org's first job; job j of the org has key base + j. */
  base: number;
  count: number;
  /** 1 when slot 0 would start after now and is skipped. */
  firstSlot: number;
}

export function generateColumns(
  model: ApiModel,
  seed: number,
  orgs: readonly OrgProfile[],
  jobs: number,
  nowMs: number,
): JobColumns {
  const cols = allocateColumns(jobs);
  const K = orgs.length;
  if (jobs === 0) return cols;
  if (K === 0) throw new Error('a dataset with jobs needs at least one organization');
  const res = model.timeResolutionMs;
  const span = historySpanMs(jobs, K);
  const counts = jobsPerOrg(orgs, jobs);
  const suffixRange = 10 ** model.suffixDigits;
  const prefixRank = rankPrefixes(model.prefixes);

  // Per-org stream state, and the head (next job) of each stream.
  const streams: OrgStream[] = [];
  const headTime = new Float64Array(K);
  const headTie = new Float64Array(K);
  const headType = new Uint8Array(K);
  const headIndex = new Int32Array(K);
  const headState = new Uint32Array(K);
  const heap = new Int32Array(K);
  let heapSize = 0;

  const slotStart = (s: OrgStream, j: number) => s.anchor - (j + s.firstSlot) * s.cadence;
  const drawHead = (o: number, s: OrgStream, j: number) => {
    const key = s.base + j;
    const org = orgs[o]!;
    const state = keyState(seed, key);
    headState[o] = state;
    const typeIdx = model.drawType(unitFrom(state, Salt.type), org);
    const spread = model.types[typeIdx]!.scheduled
      ? Math.min(s.cadence * 0.2, MAX_SCHEDULED_DELAY_MS)
      : s.cadence;
    const t = slotStart(s, j) + Math.floor(unitFrom(state, Salt.delay) * spread);
    headTime[o] = Math.floor(t / res) * res;
    headType[o] = typeIdx;
    const suffix = Math.floor(unitFrom(state, Salt.suffix) * suffixRange);
    headTie[o] = prefixRank[model.prefixIndex(typeIdx, org)]! * suffixRange + suffix;
    headIndex[o] = j;
  };
  let base = 0;
  for (let o = 0; o < K; o++) {
    const cadence = cadenceFor(span, counts[o]!);
    const phase =
      hash3(seed, o, 0xcade) % (cadence >= MS_PER_HOUR ? cadence / (5 * MS_PER_MINUTE) : cadence / 1000);
    const phaseMs = phase * (cadence >= MS_PER_HOUR ? 5 * MS_PER_MINUTE : 1000);
    const anchor = Math.floor((nowMs - phaseMs) / cadence) * cadence + phaseMs;
    const s: OrgStream = { cadence, anchor, base, count: counts[o]!, firstSlot: 0 };
    base += s.count;
    streams.push(s);
    if (s.count === 0) continue;
    drawHead(o, s, 0);
    if (headTime[o]! >= nowMs) {
      s.firstSlot = 1;
      drawHead(o, s, 0);
    }
    heap[heapSize++] = o;
  }

  // Heap order: newer first, then the larger (prefix, suffix), which is jobId descending for equal times.
  const before = (a: number, b: number) =>
    headTime[a]! > headTime[b]! || (headTime[a] === headTime[b] && headTie[a]! > headTie[b]!);
  const siftDown = (i: number) => {
    const item = heap[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heapSize) break;
      const r = l + 1;
      const c = r < heapSize && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[c]!, item)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = item;
  };
  for (let i = (heapSize >> 1) - 1; i >= 0; i--) siftDown(i);

  const rankToPrefix = new Int32Array(prefixRank.length);
  prefixRank.forEach((rank, idx) => {
    rankToPrefix[rank] = idx;
  });
  const recentFrom = nowMs - model.maxRunMs;
  let lastTime = Number.NaN;
  let lastTie = 0;
  for (let p = 0; p < jobs; p++) {
    const o = heap[0]!;
    const s = streams[o]!;
    const org = orgs[o]!;
    const j = headIndex[o]!;
    const key = s.base + j;
    const t = headTime[o]!;
    let tie = headTie[o]!;
    // Job ids must be unique: on a clash (same time text, prefix and digits), take the next lower digits,
    // which keeps the order descending.
    if (t === lastTime && tie >= lastTie) {
      tie = lastTie - 1;
      if (Math.floor(tie / suffixRange) !== Math.floor(lastTie / suffixRange)) {
        throw new Error(`cannot make job ids unique at ${new Date(t).toISOString()}`);
      }
    }
    lastTime = t;
    lastTie = tie;
    const typeIdx = headType[o]!;
    const state = headState[o]!;
    const levelIdx = model.drawLevel(unitFrom(state, Salt.level), typeIdx);
    let statusIdx = model.drawStatus(unitFrom(state, Salt.status), typeIdx);
    if (t > recentFrom) {
      const core = { key, typeIdx, statusIdx, levelIdx, org, startMs: t, jobId: '' };
      if (t + runLengthMs(model, seed, core, statusIdx) > nowMs) statusIdx = model.inProgressStatus;
    }
    cols.startMs[p] = t;
    cols.type[p] = typeIdx;
    cols.status[p] = statusIdx;
    cols.level[p] = levelIdx;
    cols.org[p] = o;
    cols.prefix[p] = rankToPrefix[Math.floor(tie / suffixRange)]!;
    cols.suffix[p] = tie % suffixRange;
    cols.key[p] = key;
    if (j + 1 < s.count) drawHead(o, s, j + 1);
    else heap[0] = heap[--heapSize]!;
    siftDown(0);
  }
  return cols;
}

/** The rank of each prefix in string order, so that a (rank, suffix) number orders like the job id text. */
export function rankPrefixes(prefixes: readonly string[]): Int32Array {
  const order = prefixes.map((_, i) => i).sort((a, b) => (prefixes[a]! < prefixes[b]! ? -1 : 1));
  const rank = new Int32Array(prefixes.length);
  order.forEach((idx, r) => {
    rank[idx] = r;
  });
  return rank;
}
