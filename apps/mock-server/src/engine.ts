// The one module that knows the engine's entry points: datasets and profiles per API, and scenario files.
// Everything else in the server codes against the interfaces of @jobwatch/jobs-engine's types.ts. Reading a
// scenario file is scenario-file.ts (Node only); this module also runs in a browser (the MSW handlers).
import {
  type ApiName,
  allProfiles,
  createDataset,
  type EngineDataset,
  profiles,
  type Scenario,
  type SplitPageProfile,
} from '@jobwatch/jobs-engine';
import type { SpecName } from '@jobwatch/specs';
import { ConfigError } from './errors.js';
import type { DynamicsRevisionMode } from './options.js';

export interface EngineApi {
  readonly api: ApiName;
  /** The profile of the API's first revision: error shapes outside a request's revision (404, 405, 414). */
  readonly profile: SplitPageProfile;
  /** Every revision served on the API's path, oldest first; one dataset feeds them all. */
  readonly revisions: readonly SplitPageProfile[];
  readonly dataset: EngineDataset;
}

/** What the datasets are built from, besides the data clock and the scenario. */
export interface DatasetSettings {
  seed: number;
  jobs: number;
  /** undefined: the engine's default for `jobs`. */
  orgs: number | undefined;
  dynamicsRevision: DynamicsRevisionMode;
}

export const engineApiNames: readonly ApiName[] = ['salesforce', 'dynamics365'];

/** The spec a revision is validated by: an API's first revision goes by the API's name, a later one `<api>-<revision>`. */
export function specOf(profile: SplitPageProfile): SpecName {
  const first = profiles[profile.api];
  return (
    first.revision === profile.revision ? profile.api : `${profile.api}-${profile.revision}`
  ) as SpecName;
}

/** The revisions served for an API: all of them, unless the Dynamics revision is pinned. */
function servedRevisions(api: ApiName, mode: DynamicsRevisionMode): SplitPageProfile[] {
  const all = allProfiles.filter((p) => p.api === api);
  return api === 'dynamics365' && mode !== 'auto' ? all.filter((p) => p.revision === mode) : all;
}

/**
 * Builds both datasets (once per app), for the instant the data clock starts at. A bad scenario is reported as a
 * ConfigError naming the problem.
 */
export function datasetsAt(
  settings: DatasetSettings,
  clock: { readonly startMs: number },
  scenario: Scenario | undefined,
): EngineApi[] {
  const { seed, jobs, orgs } = settings;
  const options = {
    seed,
    jobs,
    now: new Date(clock.startMs),
    ...(orgs === undefined ? {} : { orgs }),
    ...(scenario === undefined ? {} : { scenario }),
  };
  return engineApiNames.map((api) => {
    const revisions = servedRevisions(api, settings.dynamicsRevision);
    try {
      return { api, profile: revisions[0]!, revisions, dataset: createDataset(api, options) };
    } catch (error) {
      throw new ConfigError(`scenario: ${(error as Error).message}`);
    }
  });
}
