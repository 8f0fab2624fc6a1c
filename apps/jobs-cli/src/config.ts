// Where to connect and how to authenticate, from flags first, then environment variables, then defaults that
// work against a locally running mock with no configuration at all.
import { readFileSync } from 'node:fs';
import { MOCK_BASE_URL as DEFAULT_BASE_URL, DEMO_CLIENT } from '@jobwatch/api-descriptions';
import { type ApiClientOptions, type ApiTarget, isLoopbackUrl, isRegion } from '@jobwatch/graph-auth';
import type { Flags } from './args.js';
import { UsageError } from './errors.js';

// The mock's default address, and its demo client (used only when the base URL is local and no credentials are
// given).
export { DEFAULT_BASE_URL, DEMO_CLIENT };

/** The resolved connection: a target for the clients and their options. */
export interface Connection {
  target: ApiTarget;
  /** For messages: the base URL or the region. */
  where: string;
  options: ApiClientOptions;
}

type Env = Record<string, string | undefined>;

/** Resolves the connection from flags and the environment. Throws UsageError for contradictions and bad files. */
export function resolveConnection(flags: Flags, env: Env): Connection {
  const flagOrEnv = (flag: string | undefined, name: string) =>
    flag !== undefined ? flag : nonEmpty(env[name]);
  // A flag for one kind of target hides the environment's other kind, so `--region uk` works with JOBS_BASE_URL set.
  const baseUrl = flags['base-url'] ?? (flags.region === undefined ? nonEmpty(env.JOBS_BASE_URL) : undefined);
  const region = flags.region ?? (flags['base-url'] === undefined ? nonEmpty(env.JOBS_REGION) : undefined);
  if (baseUrl !== undefined && region !== undefined)
    throw new UsageError('give a base URL or a region, not both');

  let target: ApiTarget;
  let where: string;
  if (region !== undefined) {
    if (!isRegion(region)) throw new UsageError(`unknown region '${region}'`);
    target = { region };
    where = `region ${region}`;
  } else {
    const url = baseUrl ?? DEFAULT_BASE_URL;
    if (!/^https?:\/\/[^/]/.test(url))
      throw new UsageError(`--base-url must be an http(s) URL, got '${url}'`);
    target = { baseUrl: url };
    where = url.replace(/\/+$/, '');
  }
  const local = target.baseUrl !== undefined && isLoopbackUrl(target.baseUrl);

  const timeoutText = flagOrEnv(flags['timeout-ms'], 'JOBS_TIMEOUT_MS');
  const timeoutMs = timeoutText === undefined ? undefined : positiveInteger(timeoutText, '--timeout-ms');
  const transport = timeoutMs === undefined ? {} : { timeoutMs };

  const token = flagOrEnv(flags.token, 'JOBS_TOKEN');
  if (token !== undefined) return { target, where, options: { token, ...transport } };

  const tokenUrl =
    flagOrEnv(flags['token-url'], 'JOBS_TOKEN_URL') ?? (local ? `${where}/connect/token` : undefined);
  // Only a region or a loopback base URL has a token URL by default (the clients refuse to guess one for a proxy).
  if (tokenUrl === undefined && region === undefined) {
    throw new UsageError(
      `--base-url ${where} is not local: give --token-url (or JOBS_TOKEN_URL), or use --region`,
    );
  }
  const endpoint = tokenUrl === undefined ? {} : { tokenUrl };
  const certPath = flagOrEnv(flags.cert, 'JOBS_CERT');
  const keyPath = flagOrEnv(flags.key, 'JOBS_KEY');
  let clientId = flagOrEnv(flags['client-id'], 'JOBS_CLIENT_ID');
  let clientSecret = flagOrEnv(flags['client-secret'], 'JOBS_CLIENT_SECRET');

  if (certPath !== undefined || keyPath !== undefined) {
    if (certPath === undefined || keyPath === undefined) throw new UsageError('--cert and --key go together');
    if (clientId === undefined) throw new UsageError('--cert needs --client-id (or JOBS_CLIENT_ID)');
    const certificatePem = readPem(certPath, '--cert');
    const privateKeyPem = readPem(keyPath, '--key');
    return {
      target,
      where,
      options: { credentials: { clientId, certificatePem, privateKeyPem, ...endpoint }, ...transport },
    };
  }
  // Against a local mock the demo client needs no configuration; a secret alone is taken as the demo client's.
  if (local && clientId === undefined) clientId = DEMO_CLIENT.clientId;
  if (local && clientId === DEMO_CLIENT.clientId && clientSecret === undefined)
    clientSecret = DEMO_CLIENT.clientSecret;
  if (clientId === undefined || clientSecret === undefined) {
    throw new UsageError(
      'no credentials: set --client-id and --client-secret (or JOBS_CLIENT_ID/JOBS_CLIENT_SECRET), --cert/--key, or --token',
    );
  }
  return { target, where, options: { credentials: { clientId, clientSecret, ...endpoint }, ...transport } };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function readPem(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${flag}: cannot read ${path}`);
  }
}

/** Parses a positive integer flag value. */
export function positiveInteger(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`${flag} must be a positive integer, got '${text}'`);
  return Number(text);
}
