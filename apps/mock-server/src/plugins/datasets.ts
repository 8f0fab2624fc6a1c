// Datasets: both APIs' engine datasets and profiles, built once per app from the options (seed, size, now,
// scenario). They are built before the Fastify instance, because the server factory (the fast path) and the
// framework error handler need the profiles; the routes that serve them are the jobs plugin's.
import type { DataClock } from '../clock.js';
import { buildEngineApis, type EngineApi, readScenarioFile } from '../engine.js';
import type { ResolvedOptions } from '../options.js';

/** Both datasets, built for the instant the data clock starts at. */
export function loadDatasets(options: ResolvedOptions, clock: DataClock): EngineApi[] {
  const scenario =
    typeof options.scenario === 'string' ? readScenarioFile(options.scenario) : options.scenario;
  return buildEngineApis({
    seed: options.seed,
    jobs: options.jobs,
    orgs: options.orgs,
    now: new Date(clock.startMs),
    dynamicsRevision: options.dynamicsRevision,
    ...(scenario === undefined ? {} : { scenario }),
  });
}
