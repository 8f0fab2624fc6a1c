// Datasets: both APIs' engine datasets and profiles, built once per app from the options (seed, size, now,
// scenario). They are built before the Fastify instance, because the server factory (the fast path) and the
// framework error handler need the profiles; the routes that serve them are the jobs plugin's.
import type { DataClock } from '../clock.js';
import { datasetsAt, type EngineApi } from '../engine.js';
import type { ResolvedOptions } from '../options.js';
import { readScenarioFile } from '../scenario-file.js';

/** Both datasets, built for the instant the data clock starts at. */
export function loadDatasets(options: ResolvedOptions, clock: DataClock): EngineApi[] {
  const scenario =
    typeof options.scenario === 'string' ? readScenarioFile(options.scenario) : options.scenario;
  return datasetsAt(options, clock, scenario);
}
