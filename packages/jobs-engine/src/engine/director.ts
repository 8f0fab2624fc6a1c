// Correlated outcomes and the stories a dashboard must handle, placed in absolute time.
//
// Natural events (any org, drawn per org and time block): failure streaks of 2-5 nights, outages of 2-6 days in
// which an org runs nothing, and incident hours in which most jobs of every org fail.
//
// On top, a story director guarantees that each story is in the last 7 days at every instant. Time is cut into
// 3-day blocks (from the Unix epoch, UTC); any 7-day window holds at least one whole block and the first two
// days of it. The director's orgs are the first 12 of the dataset (the "pool"), which exist at every default
// --jobs size, so the stories never depend on how many orgs a dataset has:
// - streak: pool org (b mod 4) fails every nightly backup from 4 days before block b to its end, so at any
//   instant of block b its last 3+ finished backups failed, and its latest one did;
// - outage: pool org 4 + (b mod 8) runs nothing from 2.5 days before block b to its end (no backup in 48 h);
// - incident: in one hour of block b's first two days, every job that starts fails; the hour is the one in which
//   most pool orgs start a job (at least 3 in practice; the tests check it at 200 instants for 3 seeds);
// - long run: the nightly backup of pool org (b + 3) mod 4 on one of block b's first two days runs 2.5-4 h;
// - paused (APIs with a Paused status): the nightly backup of pool org (b + 2) mod 4 on the other day is paused.
// The rotation keeps roles apart: the long and paused nights never fall in a streak or an outage.
import type { ApiModel } from '../model.js';
import { hash3 } from '../random.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../time.js';
import { AD_HOC, adHocDay, dstLeadMs, type OrgPlan, type StreamPlan, slotStart } from './plan.js';

export const BLOCK_MS = 3 * MS_PER_DAY;
export const POOL_SIZE = 12;
const STREAK_LEAD_MS = 4 * MS_PER_DAY;
const OUTAGE_LEAD_MS = 2.5 * MS_PER_DAY;
const STORY_HOURS = 48;

/** Natural events: chances and lengths. */
const NATURAL_STREAK_BLOCK_MS = 14 * MS_PER_DAY;
const NATURAL_STREAK_CHANCE = 0.2;
const NATURAL_STREAK_FAIL = 0.85;
const NATURAL_OUTAGE_BLOCK_MS = 45 * MS_PER_DAY;
const NATURAL_OUTAGE_CHANCE = 0.15;
const NATURAL_INCIDENT_CHANCE = 1 / 400;
const NATURAL_INCIDENT_FAIL = 0.7;

const unit32 = (h: number) => h / 0x100000000;
const mod = (a: number, m: number) => ((a % m) + m) % m;

export type StoryNight = 'long' | 'paused' | null;

export class Director {
  private readonly streakSet: number;
  private readonly outageSet: number;
  private readonly incidentHours = new Map<number, number>();
  private lastHour = Number.NaN;
  private lastHourFailure = 0;

  constructor(
    private readonly model: ApiModel,
    private readonly seed: number,
    orgCount: number,
    /** The pool orgs' plans (the first min(8, orgs) orgs). */
    private readonly pool: readonly OrgPlan[],
    private readonly adHoc: AdHocTables,
    private readonly nightlySched: number,
    private readonly hasPaused: boolean,
  ) {
    this.streakSet = Math.min(4, orgCount);
    this.outageSet = Math.max(0, Math.min(POOL_SIZE, orgCount) - 4);
  }

  streakOrg(block: number): number {
    return this.streakSet > 0 ? mod(block, this.streakSet) : -1;
  }
  outageOrg(block: number): number {
    return this.outageSet > 0 ? 4 + mod(block, this.outageSet) : -1;
  }
  longOrg(block: number): number {
    return this.streakSet > 0 ? mod(block + 3, this.streakSet) : -1;
  }
  pausedOrg(block: number): number {
    return this.streakSet > 0 && this.hasPaused ? mod(block + 2, this.streakSet) : -1;
  }
  /** Which of the block's first two days holds the long night (the paused night is the other one). */
  private longDay(block: number): number {
    return hash3(this.seed, block, 0x1046) & 1;
  }

  /** The share of time org o is not in an outage, on average (to size a dataset's history). */
  availability(o: number): number {
    if (o < POOL_SIZE) {
      return o >= 4 && this.outageSet > 0 ? 1 - (OUTAGE_LEAD_MS + BLOCK_MS) / (BLOCK_MS * this.outageSet) : 1;
    }
    return 1 - (NATURAL_OUTAGE_CHANCE * 4 * MS_PER_DAY) / NATURAL_OUTAGE_BLOCK_MS;
  }

  /**
   * Org o's outages that meet [fromMs, toMs), as [start, end) pairs, newest first (they never overlap): the
   * generator walks them with a cursor instead of asking isOutage for every slot.
   */
  outages(o: number, fromMs: number, toMs: number): Float64Array {
    const pairs: number[] = [];
    if (this.outageSet > 0 && o >= 4 && o < 4 + this.outageSet) {
      for (let b = Math.floor(toMs / BLOCK_MS) + 1; (b + 1) * BLOCK_MS > fromMs; b--) {
        if (this.outageOrg(b) === o) pairs.push(b * BLOCK_MS - OUTAGE_LEAD_MS, (b + 1) * BLOCK_MS);
      }
    } else if (o >= POOL_SIZE) {
      for (
        let q = Math.floor(toMs / NATURAL_OUTAGE_BLOCK_MS);
        (q + 1) * NATURAL_OUTAGE_BLOCK_MS > fromMs;
        q--
      ) {
        const h = hash3(this.seed ^ 0x0d7a, o, q);
        if (unit32(h) >= NATURAL_OUTAGE_CHANCE) continue;
        const start = q * NATURAL_OUTAGE_BLOCK_MS + (mix(h, 1) % 40) * MS_PER_DAY;
        pairs.push(start, start + (2 + (mix(h, 2) % 5)) * MS_PER_DAY);
      }
    }
    return Float64Array.from(pairs);
  }

  /** Whether org o runs nothing at ms (the director's outage or a natural one). */
  isOutage(o: number, ms: number): boolean {
    if (this.outageSet > 0) {
      for (let b = Math.floor(ms / BLOCK_MS); b * BLOCK_MS - OUTAGE_LEAD_MS <= ms; b++) {
        if (this.outageOrg(b) === o && ms < (b + 1) * BLOCK_MS) return true;
      }
    }
    if (o < POOL_SIZE) return false; // the pool's time is the director's
    const q = Math.floor(ms / NATURAL_OUTAGE_BLOCK_MS);
    for (const block of [q - 1, q]) {
      const h = hash3(this.seed ^ 0x0d7a, o, block);
      if (unit32(h) >= NATURAL_OUTAGE_CHANCE) continue;
      const start = block * NATURAL_OUTAGE_BLOCK_MS + (mix(h, 1) % 40) * MS_PER_DAY;
      const length = (2 + (mix(h, 2) % 5)) * MS_PER_DAY;
      if (ms >= start && ms < start + length) return true;
    }
    return false;
  }

  /** The chance that org o's nightly backup starting at ms fails for a streak (0 when none). */
  streakFailure(o: number, ms: number): number {
    for (let b = Math.floor(ms / BLOCK_MS); b * BLOCK_MS - STREAK_LEAD_MS <= ms; b++) {
      if (this.streakOrg(b) === o && ms < (b + 1) * BLOCK_MS) return 1;
    }
    const q = Math.floor(ms / NATURAL_STREAK_BLOCK_MS);
    for (const block of [q - 1, q]) {
      const h = hash3(this.seed ^ 0x57ea, o, block);
      if (unit32(h) >= NATURAL_STREAK_CHANCE) continue;
      const start = block * NATURAL_STREAK_BLOCK_MS + (mix(h, 1) % 12) * MS_PER_DAY;
      const length = (2 + (mix(h, 2) % 4)) * MS_PER_DAY;
      if (ms >= start && ms < start + length) return NATURAL_STREAK_FAIL;
    }
    return 0;
  }

  /** A story night of the director: the nightly backup of org o starting at ms runs long or is paused. */
  storyNight(o: number, ms: number): StoryNight {
    const b = Math.floor(ms / BLOCK_MS);
    const day = Math.floor((ms - b * BLOCK_MS) / MS_PER_DAY);
    if (day > 1) return null;
    const longDay = this.longDay(b);
    if (day === longDay && this.longOrg(b) === o) return 'long';
    if (day !== longDay && this.pausedOrg(b) === o) return 'paused';
    return null;
  }

  /** The chance that a job starting at ms fails for an incident (0 when none). */
  incidentFailure(ms: number): number {
    const hour = Math.floor(ms / MS_PER_HOUR);
    // Jobs come in time order, dozens an hour: the last hour's answer is asked for again most of the time.
    if (hour === this.lastHour) return this.lastHourFailure;
    let failure: number;
    if (hour * MS_PER_HOUR === this.incidentHour(Math.floor(ms / BLOCK_MS))) failure = 1;
    else {
      failure =
        unit32(hash3(this.seed ^ 0x1c1d, hour, 0)) < NATURAL_INCIDENT_CHANCE ? NATURAL_INCIDENT_FAIL : 0;
    }
    this.lastHour = hour;
    this.lastHourFailure = failure;
    return failure;
  }

  /** The director's incident hour of a block (start ms): where most pool orgs start a job. */
  incidentHour(block: number): number {
    const known = this.incidentHours.get(block);
    if (known !== undefined) return known;
    const from = block * BLOCK_MS;
    const to = from + STORY_HOURS * MS_PER_HOUR;
    const masks = new Uint32Array(STORY_HOURS);
    const mark = (o: number, ms: number) => {
      if (ms < from || ms >= to || this.isOutage(o, ms)) return;
      masks[Math.floor((ms - from) / MS_PER_HOUR)]! |= 1 << o; // o < POOL_SIZE <= 31
    };
    const pairs: number[] = [];
    this.pool.forEach((plan, o) => {
      for (const s of plan.streams) {
        if (s.sched === AD_HOC) {
          for (let d = Math.floor(from / MS_PER_DAY) - 1; d <= Math.floor(to / MS_PER_DAY) + 1; d++) {
            adHocDay(this.model, s, d, this.adHoc.mix, this.adHoc.types, this.adHoc.fullBackupIdx, pairs);
            for (let i = 0; i < pairs.length; i += 2) mark(o, pairs[i]!);
          }
          continue;
        }
        // Continuous protection may be skipped (it did not run), and story nights are not failures.
        if (s.overrunChance > 0) continue;
        const lead = dstLeadMs(s);
        for (
          let k = Math.floor((from - s.phaseMs) / s.periodMs);
          k * s.periodMs + s.phaseMs < to + lead;
          k++
        ) {
          const start = slotStart(s, k, this.model.timeResolutionMs);
          if (s.sched === this.nightlySched && this.storyNight(o, start) !== null) continue;
          mark(o, start);
        }
      }
    });
    let best = 0;
    let bestCount = -1;
    let bestTie = 0;
    for (let h = 0; h < STORY_HOURS; h++) {
      let count = 0;
      for (let m = masks[h]!; m !== 0; m &= m - 1) count++;
      const tie = hash3(this.seed, block, h);
      if (count > bestCount || (count === bestCount && tie > bestTie)) {
        best = h;
        bestCount = count;
        bestTie = tie;
      }
    }
    const hourMs = from + best * MS_PER_HOUR;
    this.incidentHours.set(block, hourMs);
    return hourMs;
  }
}

/** The ad-hoc mix of a model, resolved to type indices once. */
export interface AdHocTables {
  mix: Float64Array;
  types: number[];
  fullBackupIdx: number;
}

function mix(h: number, salt: number): number {
  return hash3(h, salt, 0x3a11);
}

export type { StreamPlan };
