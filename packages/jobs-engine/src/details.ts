// The lazily derived part of a job: counts that add up for its outcome, sizes that scale with records, and a
// duration that follows from the work. Generic over the API: each model only supplies its count groups and sizes.
import type { ApiModel, CountGroup, JobCore, JobDetails, Outcome } from './model.js';
import { Rng, unit } from './random.js';

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
          if (group.skipped && rng.chance(0.08))
            skipped = Math.min(total, Math.ceil(total * rng.logUniform(1e-4, 0.01)));
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
          skipped = total - Math.floor(total * rng.next());
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

/** Rounds a run's length up to the API's time resolution, so that finishTime > startTime always holds. */
export function roundRunMs(model: ApiModel, runMs: number): number {
  const r = model.timeResolutionMs;
  return Math.min(model.maxRunMs, Math.max(r, Math.ceil(runMs / r) * r));
}

/** How long the run takes when it reaches `finalStatusIdx` (used at build time to decide who is still running). */
export function runLengthMs(model: ApiModel, seed: number, job: JobCore, finalStatusIdx: number): number {
  const totals = model.planTotals(new Rng(seed, job.key, Salt.totals), job);
  const outcome = model.outcomes[finalStatusIdx]!;
  const values = fillCounts(model.countGroups, totals, outcome, new Rng(seed, job.key, Salt.counts));
  return roundRunMs(model, model.deriveFields(new Rng(seed, job.key, Salt.derived), job, values, outcome));
}

/** Derives every non-filter field of a generated job from (seed, key) and its filter fields. */
export function describeJob(model: ApiModel, seed: number, job: JobCore, nowMs: number): JobDetails {
  const totals = model.planTotals(new Rng(seed, job.key, Salt.totals), job);
  const running = job.statusIdx === model.inProgressStatus;
  // A running job was drawn with a final status like any other; its counts are that run, part way through.
  const finalStatus = running ? model.drawStatus(unitStatus(seed, job.key), job.typeIdx) : job.statusIdx;
  const finalOutcome = model.outcomes[finalStatus]!;
  const finalValues = fillCounts(
    model.countGroups,
    totals,
    finalOutcome,
    new Rng(seed, job.key, Salt.counts),
  );
  const runMs = roundRunMs(
    model,
    model.deriveFields(new Rng(seed, job.key, Salt.derived), job, finalValues, finalOutcome),
  );
  if (!running) return { finishMs: job.startMs + runMs, values: finalValues };
  const progress = Math.min(0.99, Math.max(0, (nowMs - job.startMs) / runMs));
  const values = fillCounts(
    model.countGroups,
    totals,
    'inProgress',
    new Rng(seed, job.key, Salt.progress),
    progress,
  );
  model.deriveFields(new Rng(seed, job.key, Salt.derived), job, values, 'inProgress');
  return { finishMs: null, values };
}

/** The uniform a job's status is drawn from (shared by the generator and describeJob). */
export function unitStatus(seed: number, key: number): number {
  return unit(seed, key, Salt.status);
}
