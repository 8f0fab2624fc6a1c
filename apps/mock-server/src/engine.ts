// The one module that knows the engine's entry points: datasets and profiles per API, and scenario files.
// Everything else in the server codes against the interfaces of @jobwatch/jobs-engine's types.ts.
import { readFileSync, statSync } from 'node:fs';
import {
  type ApiName,
  allProfiles,
  createDataset,
  type EngineDataset,
  MAX_SCENARIO_BYTES,
  parseScenario,
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

export interface EngineOptions {
  seed: number;
  jobs: number;
  /** undefined: the engine's default for `jobs`. */
  orgs: number | undefined;
  now: Date;
  scenario?: Scenario;
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

/** Builds both datasets (once per app). A bad scenario is reported as a ConfigError naming the problem. */
export function buildEngineApis(options: EngineOptions): EngineApi[] {
  return engineApiNames.map((api) => {
    const revisions = servedRevisions(api, options.dynamicsRevision);
    try {
      const { orgs, dynamicsRevision: _mode, ...rest } = options;
      const dataset = createDataset(api, orgs === undefined ? rest : { ...rest, orgs });
      return { api, profile: revisions[0]!, revisions, dataset };
    } catch (error) {
      throw new ConfigError(`scenario: ${(error as Error).message}`);
    }
  });
}

/** Reads a scenario file (JSON or YAML); the engine parses and validates it, naming the problem. */
export function readScenarioFile(path: string): Scenario {
  let text: string;
  try {
    // Refused before it is read: a file over the limit would cost seconds and gigabytes to parse.
    if (statSync(path).size > MAX_SCENARIO_BYTES) {
      throw new ConfigError(
        `--scenario: ${path} is over ${MAX_SCENARIO_BYTES} bytes (10 MiB), the most a scenario may be`,
      );
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`--scenario: cannot read ${path}`);
  }
  try {
    return parseScenario(text, path);
  } catch (error) {
    throw new ConfigError(`--scenario: ${(error as Error).message.split('\n')[0]}`);
  }
}
