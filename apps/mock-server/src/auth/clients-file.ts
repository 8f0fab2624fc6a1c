// The clients file (`--clients <file>`, JSON or YAML), read from disk: Node only.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';
import type { ClientConfig } from './clients.js';

/**
 * Reads a clients file: a JSON or YAML list of `{ clientId, clientSecret?, certificate?, certificateFile?, scopes? }`.
 * `certificateFile` is a path to a PEM file, relative to the clients file.
 */
export function loadClientsFile(path: string): ClientConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`--clients: cannot read ${path}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `--clients: ${path} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!Array.isArray(data)) throw new ConfigError(`--clients: ${path} must hold a list of clients`);
  return data.map((entry: unknown, index) => {
    const where = `--clients: ${path}: entry ${index}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new ConfigError(`${where} is not an object`);
    const e = entry as Record<string, unknown>;
    const allowed = new Set(['clientId', 'clientSecret', 'certificate', 'certificateFile', 'scopes']);
    for (const key of Object.keys(e))
      if (!allowed.has(key)) throw new ConfigError(`${where}: unknown field ${key}`);
    if (typeof e.clientId !== 'string' || e.clientId === '')
      throw new ConfigError(`${where}: clientId must be a non-empty string`);
    if (e.clientSecret !== undefined && typeof e.clientSecret !== 'string')
      throw new ConfigError(`${where}: clientSecret must be a string`);
    if (e.certificate !== undefined && typeof e.certificate !== 'string')
      throw new ConfigError(`${where}: certificate must be a PEM string`);
    if (
      e.scopes !== undefined &&
      (!Array.isArray(e.scopes) || !e.scopes.every((s) => typeof s === 'string'))
    ) {
      throw new ConfigError(`${where}: scopes must be a list of strings`);
    }
    let certificate = e.certificate as string | undefined;
    if (e.certificateFile !== undefined) {
      if (typeof e.certificateFile !== 'string')
        throw new ConfigError(`${where}: certificateFile must be a path`);
      const certPath = resolve(dirname(path), e.certificateFile);
      try {
        certificate = readFileSync(certPath, 'utf8');
      } catch {
        throw new ConfigError(`${where}: cannot read certificateFile ${certPath}`);
      }
    }
    const config: ClientConfig = { clientId: e.clientId };
    if (e.clientSecret !== undefined) config.clientSecret = e.clientSecret as string;
    if (certificate !== undefined) config.certificate = certificate;
    if (e.scopes !== undefined) config.scopes = e.scopes as string[];
    return config;
  });
}
