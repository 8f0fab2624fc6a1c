// The one module that knows the engine's entry points: datasets and profiles per API, and scenario files.
// Everything else in the server codes against the interfaces of @jobwatch/jobs-engine's types.ts.
import { readFileSync } from 'node:fs';
import {
  type ApiName,
  createDataset,
  type EngineDataset,
  parseScenario,
  profiles,
  type Scenario,
  type SplitPageProfile,
} from '@jobwatch/jobs-engine';
import { ConfigError } from './errors.js';

export interface EngineApi {
  readonly api: ApiName;
  readonly profile: SplitPageProfile;
  readonly dataset: EngineDataset;
}

export interface EngineOptions {
  seed: number;
  jobs: number;
  /** undefined: the engine's default for `jobs`. */
  orgs: number | undefined;
  now: Date;
  scenario?: Scenario;
}

export const engineApiNames: readonly ApiName[] = ['salesforce', 'dynamics365'];

/** Builds both datasets (once per app). A bad scenario is reported as a ConfigError naming the problem. */
export function buildEngineApis(options: EngineOptions): EngineApi[] {
  return engineApiNames.map((api) => {
    try {
      const { orgs, ...rest } = options;
      const dataset = createDataset(api, orgs === undefined ? rest : { ...rest, orgs });
      return { api, profile: profiles[api], dataset };
    } catch (error) {
      throw new ConfigError(`scenario: ${(error as Error).message}`);
    }
  });
}

/** Reads a scenario file (JSON or YAML); the engine parses and validates it, naming the problem. */
export function readScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`--scenario: cannot read ${path}`);
  }
  try {
    return parseScenario(text, path);
  } catch (error) {
    throw new ConfigError(`--scenario: ${(error as Error).message.split('\n')[0]}`);
  }
}
