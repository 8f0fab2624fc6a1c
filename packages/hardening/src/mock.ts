// Starting the REAL mock process (apps/mock-server/dist/bin.js via startMockProcess) with this package's
// defaults, getting tokens from its token endpoint, and reading its memory from /proc.
import { readFileSync } from 'node:fs';
import { DEMO_CLIENT, dynamics365, salesforce } from '@jobwatch/api-descriptions';
import { type MockProcess, startMockProcess } from '@jobwatch/mock-server/process';
import { json, postForm } from './http.js';

export type { MockProcess };

export const DEMO_CLIENT_ID = DEMO_CLIENT.clientId;
export const DEMO_CLIENT_SECRET = DEMO_CLIENT.clientSecret;
export const SALESFORCE_SCOPE = salesforce.scope;
export const DYNAMICS_SCOPE = dynamics365.scope;
/** A fixed dataset "now", so that runs and replicas agree. */
export const FIXED_NOW = '2025-06-01T00:00:00Z';
export const FIXED_NOW_MS = Date.parse(FIXED_NOW);

export interface StartOptions {
  seed?: number;
  jobs?: number;
  orgs?: number;
  now?: string;
  logLevel?: string;
  /** Further flags. */
  args?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Starts the mock bin on a free 127.0.0.1 port with a fixed now and warn-level logs unless told otherwise. */
export function startMock(options: StartOptions = {}): Promise<MockProcess> {
  const args = [
    '--host',
    '127.0.0.1',
    '--now',
    options.now ?? FIXED_NOW,
    // A frozen data clock: replicas started at different moments answer the same instant.
    '--clock',
    'frozen',
    '--log-level',
    options.logLevel ?? 'warn',
    // The suites here judge Dynamics 365 by its 2024-10 spec (src/apis.ts), so that is the revision they start;
    // a pinned revision answers every request itself, whatever its time format (the mock's default, auto, would
    // send a request with one corrupted time to 2025-04 as a mix of formats).
    '--dynamics-revision',
    '2024-10',
  ];
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  if (options.jobs !== undefined) args.push('--jobs', String(options.jobs));
  if (options.orgs !== undefined) args.push('--orgs', String(options.orgs));
  args.push(...(options.args ?? []));
  return startMockProcess({
    args,
    ...(options.env === undefined ? {} : { env: options.env }),
    timeoutMs: options.timeoutMs ?? 120_000,
  });
}

export interface TokenResult {
  status: number;
  body: unknown;
  token: string | undefined;
}

/** client_credentials with a client secret in the form. */
export async function requestToken(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  scope?: string,
): Promise<TokenResult> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  if (scope !== undefined) form.set('scope', scope);
  const response = await postForm(tokenUrl, form.toString());
  const body = json(response.text);
  const token =
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { access_token?: unknown }).access_token === 'string'
      ? (body as { access_token: string }).access_token
      : undefined;
  return { status: response.status, body, token };
}

/** A token for the demo client (both scopes unless `scope` narrows it); throws when the mock refuses. */
export async function demoToken(mock: MockProcess, scope?: string): Promise<string> {
  const result = await requestToken(mock.tokenUrl, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, scope);
  if (result.token === undefined)
    throw new Error(`token endpoint answered ${result.status}: ${JSON.stringify(result.body)}`);
  return result.token;
}

/** VmRSS of a process in kB, or NaN when it is gone. */
export function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** True while the process exists (signal 0 probes without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
