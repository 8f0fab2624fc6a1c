// Generates the jobs of one API whose start lies in [fromMs, toMs), already in the API's order, in one pass and
// without a sort.
//
// Every org has a few streams (engine/plan.ts): its periodic schedules and its ad-hoc stream. Each stream yields
// its jobs newest first (a slot's job starts within its slot), so a k-way merge over all streams (a loser tree)
// gives the global order: O(n log streams). A job is a function of (seed, org, schedule, slot) only: the range
// decides which slots are kept, never what a slot holds.
import { Salt } from '../details.js';
import type { ApiModel, OrgProfile } from '../model.js';
import { cumulativeWeights, keyState, unit, unitFrom } from '../random.js';
import { MS_PER_DAY } from '../time.js';
import { allocateColumns, type JobColumns, JobFlags, truncateColumns } from './columns.js';
import type { AdHocTables, Director } from './director.js';
import {
  AD_HOC,
  adHocDay,
  dstLeadMs,
  jobKey,
  localDay,
  type OrgPlan,
  type StreamPlan,
  slotStart,
} from './plan.js';

/** What generation needs besides the model: the orgs, their plans and the story director. */
export interface GenerationContext {
  model: ApiModel;
  seed: number;
  orgs: readonly OrgProfile[];
  plans: readonly OrgPlan[];
  director: Director;
  adHoc: AdHocTables;
  nightlySched: number;
  /** Status indices (-1 when the API has none). */
  failedIdx: number;
  skippedIdx: number;
  pausedIdx: number;
}

export function adHocTables(model: ApiModel): AdHocTables {
  const types = model.adHoc.map(([code]) => {
    const idx = model.types.findIndex((t) => t.code === code);
    if (idx < 0) throw new Error(`${model.api}: ad-hoc type ${code} is not a type`);
    return idx;
  });
  const fullBackupIdx =
    model.adHocFullBackupCode === null
      ? -1
      : model.types.findIndex((t) => t.code === model.adHocFullBackupCode);
  return { mix: cumulativeWeights(model.adHoc.map(([, w]) => w)), types, fullBackupIdx };
}

/** Whether slot k of a stream overruns into the next slot (never two in a row: the next one was skipped). */
function overruns(s: StreamPlan, k: number): boolean {
  const draw = (slot: number) => unit(s.seed, slot, 0x0e77) < s.overrunChance;
  return draw(k) && !draw(k - 1);
}

/** The final status and flags of one generated job. */
function decide(
  ctx: GenerationContext,
  s: StreamPlan,
  slot: number,
  start: number,
  typeIdx: number,
  state: number,
): number {
  let flags = 0;
  if (s.overrunChance > 0 && ctx.skippedIdx >= 0) {
    // Skipped means the previous run of this schedule is still going.
    if (overruns(s, slot - 1)) return ctx.skippedIdx << 8;
    if (overruns(s, slot)) flags |= JobFlags.overrun;
  }
  if (s.sched === ctx.nightlySched) {
    const story = ctx.director.storyNight(s.org, start);
    if (story === 'paused' && ctx.pausedIdx >= 0) return (ctx.pausedIdx << 8) | flags;
    if (story === 'long') flags |= JobFlags.long;
    const streak = ctx.director.streakFailure(s.org, start);
    if (streak > 0 && unitFrom(state, Salt.correlated) < streak) return (ctx.failedIdx << 8) | flags;
  }
  const incident = ctx.director.incidentFailure(start);
  if (incident > 0 && unitFrom(state, Salt.incident) < incident) return (ctx.failedIdx << 8) | flags;
  return (ctx.model.drawStatus(unitFrom(state, Salt.status), typeIdx) << 8) | flags;
}

interface StreamState {
  plan: StreamPlan;
  /** Periodic: the next slot to try (going down). Ad-hoc: the next local day. */
  next: number;
  last: number;
  /** Ad-hoc: the current day's [start, type] pairs and the read position. */
  day: number[];
  dayPos: number;
  dayIndex: number;
  /** The org's outages in range (director.outages), newest first, and the first one not after the cursor. */
  outages: Float64Array;
  outage: number;
}

/** The number of jobs the range will hold, about (to size the columns). */
function estimate(plans: readonly OrgPlan[], fromMs: number, toMs: number): number {
  const days = Math.max(0, toMs - fromMs) / MS_PER_DAY;
  return Math.ceil(plans.reduce((sum, p) => sum + p.jobsPerDay, 0) * days * 1.05) + 1024;
}

export function generateColumns(ctx: GenerationContext, fromMs: number, toMs: number): JobColumns {
  const { model, seed, orgs } = ctx;
  const res = model.timeResolutionMs;
  const suffixRange = 10 ** model.suffixDigits;
  const prefixRank = rankPrefixes(model.prefixes);
  const rankToPrefix = new Int32Array(prefixRank.length);
  prefixRank.forEach((rank, idx) => {
    rankToPrefix[rank] = idx;
  });

  const streams: StreamState[] = [];
  for (const [o, plan] of ctx.plans.entries()) {
    const outages = ctx.director.outages(o, fromMs, toMs);
    for (const s of plan.streams) {
      if (s.sched === AD_HOC) {
        streams.push({
          plan: s,
          // A day's jobs may start up to dstLeadMs before its standard-time span.
          next: localDay(s, toMs + dstLeadMs(s)),
          last: localDay(s, fromMs),
          day: [],
          dayPos: 0,
          dayIndex: 0,
          outages,
          outage: 0,
        });
      } else {
        streams.push({
          plan: s,
          next: Math.floor((toMs + dstLeadMs(s) - s.phaseMs) / s.periodMs),
          last: Math.floor((fromMs - s.phaseMs) / s.periodMs),
          day: [],
          dayPos: 0,
          dayIndex: 0,
          outages,
          outage: 0,
        });
      }
    }
  }
  /** Whether a start (never later than the stream's previous one) falls in one of the org's outages. */
  const inOutage = (st: StreamState, start: number): boolean => {
    const o = st.outages;
    while (st.outage < o.length && o[st.outage]! > start) st.outage += 2;
    return st.outage < o.length && start < o[st.outage + 1]!;
  };
  const S = streams.length;
  let leaves = 1;
  while (leaves < S) leaves <<= 1;
  const headTime = new Float64Array(leaves);
  const headTie = new Float64Array(leaves);
  const headType = new Uint8Array(S);
  const headSlot = new Float64Array(S);
  const headKey = new Uint32Array(S);

  /** Moves stream i to its next job in range; false when it has none left. */
  const advance = (i: number): boolean => {
    const st = streams[i]!;
    const s = st.plan;
    if (s.sched === AD_HOC) {
      for (;;) {
        while (st.dayPos < st.day.length) {
          const start = st.day[st.dayPos]!;
          const typeIdx = st.day[st.dayPos + 1]!;
          const j = st.dayPos >> 1;
          st.dayPos += 2;
          if (start >= toMs || start < fromMs || inOutage(st, start)) continue;
          setHead(i, start, typeIdx, st.dayIndex, jobKey(s, st.dayIndex, j + 1));
          return true;
        }
        if (st.next < st.last) return false;
        st.dayIndex = st.next--;
        adHocDay(model, s, st.dayIndex, ctx.adHoc.mix, ctx.adHoc.types, ctx.adHoc.fullBackupIdx, st.day);
        st.dayPos = 0;
      }
    }
    while (st.next >= st.last) {
      const k = st.next--;
      const start = slotStart(s, k, res);
      if (start >= toMs) continue;
      if (start < fromMs) return false;
      if (inOutage(st, start)) continue;
      setHead(i, start, s.typeIdx, k, jobKey(s, k, 0));
      return true;
    }
    return false;
  };
  const setHead = (i: number, start: number, typeIdx: number, slot: number, key: number) => {
    const s = streams[i]!.plan;
    headTime[i] = start;
    headType[i] = typeIdx;
    headSlot[i] = slot;
    headKey[i] = key;
    const suffix = Math.floor(unit(seed, key, Salt.suffix) * suffixRange);
    headTie[i] = prefixRank[model.prefixIndex(typeIdx, orgs[s.org]!)]! * suffixRange + suffix;
  };
  // The merge is a loser tree over the streams (leaves padded to a power of two): each internal node keeps the
  // stream that lost there, so replaying the winner's path after it advances costs one comparison a level, half
  // a binary heap's sift. A stream with no job left holds -Infinity and always loses.
  const loser = new Int32Array(leaves);
  for (let i = S; i < leaves; i++) headTime[i] = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < S; i++) if (!advance(i)) headTime[i] = Number.NEGATIVE_INFINITY;
  // Order: newer first, then the larger (prefix, suffix), which is jobId descending for equal times; the stream
  // number settles full ties, so the order is a function of the jobs alone.
  const beats = (a: number, b: number): boolean => {
    const ta = headTime[a]!;
    const tb = headTime[b]!;
    if (ta !== tb) return ta > tb;
    const ea = headTie[a]!;
    const eb = headTie[b]!;
    return ea !== eb ? ea > eb : a < b;
  };
  {
    const winner = new Int32Array(2 * leaves);
    for (let i = 0; i < leaves; i++) winner[leaves + i] = i;
    for (let n = leaves - 1; n >= 1; n--) {
      const a = winner[2 * n]!;
      const b = winner[2 * n + 1]!;
      if (beats(a, b)) {
        winner[n] = a;
        loser[n] = b;
      } else {
        winner[n] = b;
        loser[n] = a;
      }
    }
    loser[0] = winner[1]!;
  }

  let cols = allocateColumns(
    headTime[loser[0]!] === Number.NEGATIVE_INFINITY ? 0 : estimate(ctx.plans, fromMs, toMs),
  );
  let p = 0;
  let lastTime = Number.NaN;
  let lastTie = 0;
  for (;;) {
    const i: number = loser[0]!;
    if (headTime[i] === Number.NEGATIVE_INFINITY) break;
    const s = streams[i]!.plan;
    const t = headTime[i]!;
    let tie = headTie[i]!;
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
    if (p === cols.size) cols = grow(cols);
    const typeIdx = headType[i]!;
    const key = headKey[i]!;
    const state = keyState(seed, key);
    const decided = decide(ctx, s, headSlot[i]!, t, typeIdx, state);
    cols.startMs[p] = t;
    cols.type[p] = typeIdx;
    cols.status[p] = decided >> 8;
    cols.flags[p] = decided & 0xff;
    cols.level[p] = model.drawLevel(unitFrom(state, Salt.level), typeIdx);
    cols.org[p] = s.org;
    cols.prefix[p] = rankToPrefix[Math.floor(tie / suffixRange)]!;
    cols.suffix[p] = tie % suffixRange;
    cols.key[p] = key;
    cols.sched[p] = s.sched;
    p++;
    if (!advance(i)) headTime[i] = Number.NEGATIVE_INFINITY;
    let w: number = i;
    for (let n = (i + leaves) >> 1; n >= 1; n >>= 1) {
      const l = loser[n]!;
      if (beats(l, w)) {
        loser[n] = w;
        w = l;
      }
    }
    loser[0] = w;
  }
  return truncateColumns(cols, p);
}

function grow(c: JobColumns): JobColumns {
  const bigger = allocateColumns(Math.max(1024, Math.ceil(c.size * 1.5)));
  bigger.startMs.set(c.startMs);
  bigger.type.set(c.type);
  bigger.status.set(c.status);
  bigger.level.set(c.level);
  bigger.org.set(c.org);
  bigger.prefix.set(c.prefix);
  bigger.suffix.set(c.suffix);
  bigger.key.set(c.key);
  bigger.sched.set(c.sched);
  bigger.flags.set(c.flags);
  return bigger;
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
