// The lazily derived part of a job: counts that add up for its outcome, sizes that scale with records, and a
// duration that follows from the work. Generic over the API: each model only supplies its count groups and sizes.
import { JobFlags } from './engine/columns.js';
import { AD_HOC } from './engine/plan.js';
import type { ApiModel, CountGroup, JobCore, JobDetails, Outcome } from './model.js';
import { Rng } from './random.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './time.js';

/** Salts: each stream of draws of a job is independent, so adding a field never shifts the others. */
export const Salt = {
  type: 1,
  status: 2,
  level: 3,
  delay: 4,
  suffix: 5,
  totals: 11,
  counts: 12,
  derived: 13,
  progress: 14,
  scenario: 15,
  duration: 16,
  correlated: 17,
  incident: 18,
} as const;

/** Splits each group's total according to the outcome; failed and finished-with-exception runs carry failures. */
export function fillCounts(
  groups: readonly CountGroup[],
  totals: Record<string, number>,
  outcome: Outcome,
  rng: Rng,
  progress = 1,
): Record<string, number> {
  const values: Record<string, number> = {};
  let failureCarried = false;
  for (const group of groups) {
    const total = outcome === 'skipped' ? 0 : (totals[group.total] ?? 0);
    let successful = total;
    let failed = 0;
    let skipped = 0;
    let warning = 0;
    if (total > 0) {
      switch (outcome) {
        case 'inProgress':
          successful = Math.floor(total * progress * (0.9 + 0.1 * rng.next()));
          break;
        case 'finished':
          // A few records skipped, never all of them: a finished run processed something.
          if (group.skipped && total >= 20 && rng.chance(0.08))
            skipped = Math.min(total - 1, Math.ceil(total * rng.logUniform(1e-4, 0.01)));
          break;
        case 'exception':
          if (!failureCarried || rng.chance(0.3)) {
            failed = Math.min(total, Math.max(1, Math.round(total * rng.logUniform(5e-4, 0.05))));
            failureCarried = true;
          }
          if (group.warning && rng.chance(0.6))
            warning = Math.min(total - failed, rng.int(1, Math.max(1, total >> 5)));
          break;
        case 'failed': {
          const done = Math.floor(total * rng.next() * 0.8);
          const rest = total - done;
          failed = failureCarried
            ? Math.floor(rest * rng.next())
            : Math.max(1, Math.ceil(rest * (0.05 + 0.95 * rng.next())));
          failureCarried = true;
          skipped = rest - failed;
          break;
        }
        case 'stopped':
          // Stopped or paused by a user part way: what was not reached is skipped, not failed. Metadata (which
          // has no skipped count) is read first, so it is complete.
          if (group.skipped) skipped = total - Math.floor(total * (0.1 + 0.8 * rng.next()));
          break;
        case 'skipped':
          break;
      }
      if (!group.skipped) {
        // Salesforce metadata has no skipped count: what was not processed counts as failed (decision 6).
        failed += outcome === 'inProgress' ? 0 : skipped;
        skipped = 0;
      }
      successful = outcome === 'inProgress' ? successful : total - failed - skipped - warning;
    }
    values[group.total] = total;
    values[group.successful] = successful;
    values[group.failed] = failed;
    if (group.skipped) values[group.skipped] = skipped;
    if (group.warning) values[group.warning] = warning;
  }
  return values;
}

/** The period of a schedule (for runs that overrun their slot). */
function periodOf(model: ApiModel, sched: number): number {
  const spec = model.schedules[sched];
  if (spec === undefined) return MS_PER_DAY;
  if (spec.cadence === 'weekly') return 7 * MS_PER_DAY;
  if (spec.cadence === 'every') return (spec.everyHours ?? 24) * MS_PER_HOUR;
  return MS_PER_DAY;
}

/** The soft cap of a run of a schedule: long work approaches it and never reaches it. */
function capOf(model: ApiModel, sched: number): number {
  const spec = sched === AD_HOC ? undefined : model.schedules[sched];
  return (spec?.capHours ?? model.adHocCapHours) * MS_PER_HOUR;
}

/**
 * How long a run takes, from the work it does (model.deriveFields): compressed below the schedule's soft cap
 * (cap * (1 - e^(-work/cap)): short runs keep their length, none reaches the cap); a run that overruns its slot
 * lasts between one and two periods (the next run is Skipped, the one after runs); a story's long run 2.5-4 h.
 * Rounded up to the API's time resolution, so that finishTime > startTime always holds.
 */
export function shapeRunMs(
  model: ApiModel,
  seed: number,
  job: JobCore,
  workMs: number,
  outcome: Outcome,
): number {
  const rng = new Rng(seed, job.key, Salt.duration);
  let ms: number;
  if (outcome === 'skipped') ms = workMs;
  else if (job.flags & JobFlags.overrun) {
    const period = periodOf(model, job.sched);
    ms = period + 5 * MS_PER_MINUTE + rng.next() * (period - 10 * MS_PER_MINUTE);
  } else if (job.flags & JobFlags.long) ms = 2.5 * MS_PER_HOUR + rng.next() * 1.5 * MS_PER_HOUR;
  else {
    const cap = capOf(model, job.sched);
    ms = cap * (1 - Math.exp(-workMs / cap));
  }
  const r = model.timeResolutionMs;
  return Math.min(model.maxRunMs - r, Math.max(r, Math.ceil(ms / r) * r));
}

/** Rounds a run's length up to the API's time resolution (scenario jobs: their own times decide the rest). */
export function roundRunMs(model: ApiModel, runMs: number): number {
  const r = model.timeResolutionMs;
  return Math.min(model.maxRunMs - r, Math.max(r, Math.ceil(runMs / r) * r));
}

/** A run's final counts and length (the same whatever the instant). */
export interface FinalRun {
  /** Final counts; shared by every description of the run, so never modified. */
  readonly values: Record<string, number>;
  readonly runMs: number;
}

/** A run's final counts and length (the same whatever the instant). */
export function finalRun(model: ApiModel, seed: number, job: JobCore): FinalRun {
  const totals = model.planTotals(new Rng(seed, job.key, Salt.totals), job);
  const outcome = model.outcomes[job.statusIdx]!;
  const values = fillCounts(model.countGroups, totals, outcome, new Rng(seed, job.key, Salt.counts));
  const workMs = model.deriveFields(new Rng(seed, job.key, Salt.derived), job, values, outcome);
  return { values, runMs: shapeRunMs(model, seed, job, workMs, outcome) };
}

/**
 * The counts of a run part way through: each part of the final counts in proportion to the time elapsed, so they
 * only grow, their sum stays at or under the total (decision 6), and they reach the final counts when it ends.
 */
export function progressValues(
  groups: readonly CountGroup[],
  final: Record<string, number>,
  progress: number,
): Record<string, number> {
  const values: Record<string, number> = {};
  for (const group of groups) {
    values[group.total] = final[group.total]!;
    values[group.successful] = Math.floor(final[group.successful]! * progress);
    values[group.failed] = Math.floor(final[group.failed]! * progress);
    if (group.skipped) values[group.skipped] = 0;
    if (group.warning) values[group.warning] = Math.floor(final[group.warning]! * progress);
  }
  return values;
}

/**
 * Every non-filter field of a generated job as of instant `atMs`: its final state once it has finished, else
 * the run part way through (in progress: no finish time, counts in proportion to the time elapsed).
 */
export function describeJob(
  model: ApiModel,
  seed: number,
  job: JobCore,
  atMs: number,
  final: FinalRun = finalRun(model, seed, job),
): JobDetails {
  const { values, runMs } = final;
  const finishMs = job.startMs + runMs;
  if (atMs >= finishMs) return { finishMs, values };
  const progress = Math.max(0, (atMs - job.startMs) / runMs);
  const partial = progressValues(model.countGroups, values, progress);
  model.deriveFields(new Rng(seed, job.key, Salt.derived), job, partial, 'inProgress');
  return { finishMs: null, values: partial };
}
