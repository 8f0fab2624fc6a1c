// Reading a scenario file from disk (Node only); the engine parses and validates it.
import { readFileSync, statSync } from 'node:fs';
import { MAX_SCENARIO_BYTES, parseScenario, type Scenario } from '@jobwatch/jobs-engine';
import { ConfigError } from './errors.js';

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
