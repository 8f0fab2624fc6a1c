// Each organization's schedule in absolute time, in its own time zone. A job is a pure function of (seed, organization,
// schedule, slot): slot k of a periodic schedule starts at k * period + phase (+ a small jitter drawn from the slot, -
// an hour in daylight time for daily and weekly schedules), and slot d of the ad-hoc stream is the org's local day d.
// Nothing here depends on "now" or on how many jobs a dataset keeps, so a later "now" or a larger --jobs only adds
// slots.
//
// What an org runs (the tables are in models/<api>.ts, ScheduleSpec):
// - a nightly backup at a fixed local time (21:00-01:45);
// - audit-log backups, weekly retention, automatic exports where the API has them, continuous data protection
//   (hourly) for the orgs that have it;
// - ad-hoc jobs (on-demand backups, restores, compares, exports…), mostly 08:00-18:00 local on weekdays.
// Local times follow each zone's daylight saving time (engine/zones.ts): a daily or weekly schedule, and the
// working hours of the ad-hoc stream, keep their local wall time all year; schedules that repeat within a day
// (audit logs, continuous protection) keep their UTC period.
import type { ApiModel, OrgProfile, ScheduleSpec } from '../model.js';
import { cumulativeWeights, hash3, mix32, pickCumulative, Rng } from '../random.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, weekdayOfDay } from '../time.js';
import { type DstTable, dstTable, withDaylightTime, ZONES } from './zones.js';

/** The ad-hoc stream's schedule number (periodic schedules are numbered from 0 in the model's table). */
export const AD_HOC = 15;

const ZONE_WEIGHTS = cumulativeWeights(ZONES.map((z) => z.weight));
const NIGHTLY_HOURS = [21, 22, 23, 0, 1];
const NIGHTLY_HOUR_WEIGHTS = cumulativeWeights([1, 3, 4, 5, 3]);
const NIGHTLY_MINUTES = [0, 0, 0, 15, 30, 30, 45];
/** Weekly jobs run on the org's maintenance day: mostly Saturday or Sunday (0 = Sunday). */
const WEEKDAY_WEIGHTS = cumulativeWeights([35, 5, 3, 3, 3, 6, 45]);
/** Scheduled runs start within this delay of their slot time. */
export const SCHEDULED_JITTER_MS = 3 * MS_PER_MINUTE;
/** Weekend days see this share of a weekday's ad-hoc jobs. */
const WEEKEND_SHARE = 0.12;
/** Most ad-hoc jobs a day (a Poisson draw is cut there). */
const MAX_AD_HOC_PER_DAY = 12;

/** One stream of jobs of one org: a periodic schedule or the ad-hoc stream. */
export interface StreamPlan {
  readonly org: number;
  /** Index into model.schedules, or AD_HOC. */
  readonly sched: number;
  /** Type index of a periodic schedule; -1 for ad-hoc. */
  readonly typeIdx: number;
  readonly periodMs: number;
  /** Nominal start of slot 0 (UTC ms, within the period). */
  readonly phaseMs: number;
  readonly jitterMs: number;
  readonly capMs: number;
  readonly overrunChance: number;
  /** hash of (seed, org, schedule): the root of every draw of the stream. */
  readonly seed: number;
  /** Ad-hoc: mean jobs on a weekday. */
  readonly perWeekday: number;
  /** The org's standard UTC offset, ms. */
  readonly utcOffsetMs: number;
  /**
   * The zone's daylight time where it moves this stream's local times (daily or longer periods, and the ad-hoc
   * stream); null when the zone has none or the stream keeps a UTC period.
   */
  readonly dst: DstTable | null;
}

/** An org's schedule: its time zone and its streams. */
export interface OrgPlan {
  /** Standard time's UTC offset, ms. */
  readonly utcOffsetMs: number;
  /** The IANA zone the org's local times follow (engine/zones.ts). */
  readonly zoneName: string;
  /** Local minutes after midnight of the nightly backup. */
  readonly nightlyLocalMin: number;
  readonly streams: readonly StreamPlan[];
  /** Expected jobs per day (for sizing a dataset). */
  readonly jobsPerDay: number;
}

const mod = (a: number, m: number) => ((a % m) + m) % m;

/** Draws the schedule of org `o` (stable: a function of the seed and the org's index only). */
export function planOrg(model: ApiModel, seed: number, o: number, org: OrgProfile): OrgPlan {
  const rng = new Rng(seed, o, 0x71e5);
  const zone = ZONES[pickCumulative(ZONE_WEIGHTS, rng.next())]!;
  const utcOffsetMin = zone.offsetMin;
  const dst = dstTable(zone);
  const nightlyLocalMin =
    mod(NIGHTLY_HOURS[pickCumulative(NIGHTLY_HOUR_WEIGHTS, rng.next())]!, 24) * 60 +
    NIGHTLY_MINUTES[Math.floor(rng.next() * NIGHTLY_MINUTES.length)]!;
  const weekday = pickCumulative(WEEKDAY_WEIGHTS, rng.next());
  const weeklyLocalMin = (3 + Math.floor(rng.next() * 4)) * 60 + 15 * Math.floor(rng.next() * 4);
  const perWeekday = rng.logUniform(0.25, 2.2);
  const utcOffsetMs = utcOffsetMin * MS_PER_MINUTE;
  const streams: StreamPlan[] = [];
  let jobsPerDay = 0;
  model.schedules.forEach((spec, sched) => {
    const has = rng.next() < (spec.share ?? 1);
    // Org 1 always has continuous protection where the API has it (the director's pool needs one such org).
    const cdp = org.mix === 1 || o === 1;
    if (!has || (spec.cdpOnly === true && !cdp) || (spec.module && spec.module !== org.module)) return;
    const typeIdx = model.types.findIndex((t) => t.code === spec.typeCode);
    if (typeIdx < 0) throw new Error(`${model.api}: schedule of unknown type ${spec.typeCode}`);
    const { periodMs, localMin } = cadenceOf(spec, nightlyLocalMin, weekday, weeklyLocalMin, rng);
    // Local time → UTC phase within the period (weekly periods count from the Thursday of 1970-01-01).
    const phaseMs = mod(localMin * MS_PER_MINUTE - utcOffsetMs, periodMs);
    streams.push({
      org: o,
      sched,
      typeIdx,
      periodMs,
      phaseMs,
      jitterMs: Math.min(SCHEDULED_JITTER_MS, periodMs / 10),
      capMs: spec.capHours * MS_PER_HOUR,
      overrunChance: spec.overrunChance ?? 0,
      seed: hash3(seed, o, 0x5c00 + sched),
      perWeekday: 0,
      utcOffsetMs,
      dst: periodMs >= MS_PER_DAY ? dst : null,
    });
    jobsPerDay += MS_PER_DAY / periodMs;
  });
  streams.push({
    org: o,
    sched: AD_HOC,
    typeIdx: -1,
    periodMs: MS_PER_DAY,
    phaseMs: 0,
    jitterMs: 0,
    capMs: model.adHocCapHours * MS_PER_HOUR,
    overrunChance: 0,
    seed: hash3(seed, o, 0x5c00 + AD_HOC),
    perWeekday,
    utcOffsetMs,
    dst,
  });
  jobsPerDay += (perWeekday * (5 + 2 * WEEKEND_SHARE)) / 7;
  return { utcOffsetMs, zoneName: zone.name, nightlyLocalMin, streams, jobsPerDay };
}

function cadenceOf(
  spec: ScheduleSpec,
  nightlyLocalMin: number,
  weekday: number,
  weeklyLocalMin: number,
  rng: Rng,
): { periodMs: number; localMin: number } {
  const offset = Math.round((spec.offsetHours ?? 0) * 60);
  switch (spec.cadence) {
    case 'nightly':
      return { periodMs: MS_PER_DAY, localMin: nightlyLocalMin + offset };
    case 'every': {
      const periodMs = (spec.everyHours ?? 24) * MS_PER_HOUR;
      // Continuous protection runs at an org-specific minute of each hour.
      const minute = periodMs <= MS_PER_HOUR ? Math.floor(rng.next() * 60) : 0;
      return { periodMs, localMin: nightlyLocalMin + offset + minute };
    }
    case 'weekly':
      // Day 0 of the epoch was a Thursday (weekday 4).
      return { periodMs: 7 * MS_PER_DAY, localMin: mod(weekday - 4, 7) * 24 * 60 + weeklyLocalMin + offset };
  }
}

/** The start of slot k of a periodic stream, at the API's time resolution. */
export function slotStart(s: StreamPlan, k: number, resolutionMs: number): number {
  const jitter = (mix32(hash3(s.seed, k, 0x7177)) / 0x100000000) * s.jitterMs;
  const start = withDaylightTime(s.dst, k * s.periodMs + s.phaseMs + jitter);
  return Math.floor(start / resolutionMs) * resolutionMs;
}

/**
 * How much earlier than its standard-time slot a job of the stream may start (daylight time moves a local time
 * an hour earlier in UTC): a range [from, to) holds the slots whose standard time is before to + this.
 */
export function dstLeadMs(s: StreamPlan): number {
  return s.dst === null ? 0 : MS_PER_HOUR;
}

/** The key of a job: the seed of every lazily derived field (a function of the stream, slot and index). */
export function jobKey(s: StreamPlan, slot: number, j: number): number {
  return hash3(s.seed, slot, j);
}

/** The ad-hoc jobs of local day `day`: [start, type index] pairs, newest first. */
export function adHocDay(
  model: ApiModel,
  s: StreamPlan,
  day: number,
  adHocMix: Float64Array,
  adHocTypes: readonly number[],
  fullBackupIdx: number,
  out: number[],
): void {
  out.length = 0;
  const rng = new Rng(s.seed, day, 0xad0c);
  const weekday = weekdayOfDay(day);
  const working = weekday >= 1 && weekday <= 5;
  const mean = s.perWeekday * (working ? 1 : WEEKEND_SHARE);
  // Poisson by inversion.
  const u = rng.next();
  let n = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  while (u > cumulative && n < MAX_AD_HOC_PER_DAY) {
    n++;
    p *= mean / n;
    cumulative += p;
  }
  const localMidnight = day * MS_PER_DAY - s.utcOffsetMs;
  const res = model.timeResolutionMs;
  let fullBackups = 0;
  for (let j = 0; j < n; j++) {
    let typeIdx = adHocTypes[pickCumulative(adHocMix, rng.next())]!;
    let localMs: number;
    if (typeIdx === fullBackupIdx) {
      // A full on-demand backup: one a day at most, started in the morning, so it never meets the nightly one.
      if (fullBackups++ > 0) typeIdx = adHocTypes[0]!;
      localMs = (9 + rng.next() * 4) * MS_PER_HOUR;
    } else if (rng.chance(0.9)) {
      // Working hours, busiest late morning and early afternoon.
      localMs = (8 + 10 * ((rng.next() + rng.next()) / 2)) * MS_PER_HOUR;
    } else {
      localMs = rng.next() * MS_PER_DAY;
    }
    if (typeIdx === fullBackupIdx) localMs = Math.min(localMs, 13 * MS_PER_HOUR);
    const start = withDaylightTime(s.dst, localMidnight + localMs);
    out.push(Math.floor(start / res) * res, typeIdx);
  }
  // Newest first (pairs).
  for (let i = 2; i < out.length; i += 2) {
    const t = out[i]!;
    const ty = out[i + 1]!;
    let k = i - 2;
    while (k >= 0 && out[k]! < t) {
      out[k + 2] = out[k]!;
      out[k + 3] = out[k + 1]!;
      k -= 2;
    }
    out[k + 2] = t;
    out[k + 3] = ty;
  }
}

/** The local day (of an org's stream) that an instant falls in. */
export function localDay(s: StreamPlan, ms: number): number {
  return Math.floor((ms + s.utcOffsetMs) / MS_PER_DAY);
}

// Sizing. The default number of organizations grows with the jobs asked for (the square root: 20 orgs for
// 10,000 jobs, 250 for 1,000,000), so that every org keeps a realistic cadence; the history kept behind "now"
// is then as long as the orgs' schedules need to produce about that many jobs.

export const MIN_DEFAULT_ORGS = 12;
export const MAX_HISTORY_DAYS = 36_500;

export function defaultOrganizations(jobs: number): number {
  return Math.max(MIN_DEFAULT_ORGS, Math.min(10_000, Math.round(Math.sqrt(jobs) / 4)));
}

/**
 * Where the history starts: `days` before "now", rounded down to a whole day, hour or minute, whichever is the
 * longest that is at most 1/30 of the history. Rounding lets replicas started a little apart agree on the oldest
 * job (a long history starts at a UTC midnight, so replicas started on the same day agree), and keeping the step
 * under 1/30 of the history keeps the count within about 3% of `--jobs` at every size: rounding a ten-job history
 * down to midnight, as whole days did, kept the day's jobs so far (56 jobs for `--jobs 10`).
 */
export function historyStart(nowMs: number, days: number): number {
  const spanMs = days * MS_PER_DAY;
  const step =
    spanMs >= 30 * MS_PER_DAY ? MS_PER_DAY : spanMs >= 30 * MS_PER_HOUR ? MS_PER_HOUR : MS_PER_MINUTE;
  return Math.floor((nowMs - spanMs) / step) * step;
}

/** Days of history that hold about `jobs` jobs for orgs producing `jobsPerDay` in all. */
export function historyDays(jobs: number, jobsPerDay: number): number {
  if (jobs <= 0 || jobsPerDay <= 0) return 0;
  return Math.min(MAX_HISTORY_DAYS, jobs / jobsPerDay);
}
