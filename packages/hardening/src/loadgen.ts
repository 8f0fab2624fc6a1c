// Shared by the load and soak scripts: the 1,000,000-job mock with auth on, a seeded mix of distinct valid queries
// over both APIs, autocannon runs with per-event bookkeeping, and small formatting helpers.

import { cpus } from 'node:os';
import { seededRandom } from '@jobwatch/jobs-engine';
import autocannon, { type Result } from 'autocannon';
import { apiCase, broadQuery, msToTicks } from './apis.js';
import { get, json } from './http.js';
import { demoToken, FIXED_NOW_MS, type MockProcess, startMock } from './mock.js';

const DAY = 86_400_000;

/** A number from the environment, or the fallback. */
export function envNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${text}"`);
  return value;
}

/** `--name value` or `--name=value` from argv, else the environment variable, else the fallback. */
export function option(flag: string, envName: string, fallback: number): number {
  const argv = process.argv.slice(2);
  const at = argv.findIndex((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
  if (at >= 0) {
    const text = argv[at]!.includes('=') ? argv[at]!.split('=')[1]! : argv[at + 1];
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${flag} must be a positive number, got "${text}"`);
    return value;
  }
  return envNumber(envName, fallback);
}

/** The project's seeded PRNG (the engine's), so runs compare. */
const prng = seededRandom;

export interface Fixture {
  mock: MockProcess;
  token: string;
  paths: string[];
  startMs: number;
}

/** Organization ids of the dataset (a broad first page), to put org filters in the mix. */
async function orgIds(
  mock: MockProcess,
  token: string,
): Promise<Record<'salesforce' | 'dynamics365', string[]>> {
  const out = { salesforce: [] as string[], dynamics365: [] as string[] };
  for (const api of ['salesforce', 'dynamics365'] as const) {
    const response = await get(mock.baseUrl, broadQuery(api, 365, 1000), token);
    out[api] = apiCase(api).orgIdsOf(json(response.text));
  }
  return out;
}

/**
 * `count` distinct valid page queries, alternating APIs: time ranges of 1–90 days in the last year, type/status
 * filters, some org filters, page sizes 10/25/50/100 and pages 1–20.
 */
export function queryMix(
  count: number,
  seed: number,
  orgs: Record<'salesforce' | 'dynamics365', string[]>,
): string[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const seen = new Set<string>();
  for (let guard = 0; seen.size < count && guard < count * 20; guard++) {
    const api = seen.size % 2 === 0 ? 'salesforce' : 'dynamics365';
    const endDay = Math.floor(random() * 365);
    const to = FIXED_NOW_MS - endDay * DAY;
    const from = to - (1 + Math.floor(random() * 90)) * DAY;
    const page = `&pageSize=${pick([10, 10, 10, 25, 50, 100])}&pageIndex=${1 + Math.floor(random() * 20)}`;
    const org = random() < 0.2 && orgs[api].length > 0 ? `&organizationId=${pick(orgs[api])}` : '';
    if (api === 'salesforce') {
      const iso = (ms: number) =>
        random() < 0.5 ? new Date(ms).toISOString().slice(0, 10) : new Date(ms).toISOString();
      seen.add(
        `/backup/sfbapi/jobs?startTime=${iso(from)}&finishTime=${iso(to)}&type=${pick([0, 0, 0, 1, 2, 3, 11, 20])}` +
          `&status=${pick([0, 0, 1, 2, 3, 4])}&level=${pick([0, 0, 0, 1, 3])}${org}${page}`,
      );
    } else {
      const status = pick(['', '', '&status=3', '&status=4', '&status=7', '&status=2']);
      seen.add(
        `/dynamicsbackup/jobs?startTime=${msToTicks(from)}&finishTime=${msToTicks(to)}&type=${pick([0, 0, 1, 3, 8, 33, 63])}` +
          `${status}${org}${page}`,
      );
    }
  }
  return [...seen];
}

/** Starts the mock with `jobs` jobs per API (auth on), gets a token, builds the query mix. */
export async function setUp(jobs: number, distinct: number, seed = 7): Promise<Fixture> {
  const started = performance.now();
  const mock = await startMock({ jobs, timeoutMs: 300_000 });
  const startMs = performance.now() - started;
  const token = await demoToken(mock);
  const paths = queryMix(distinct, seed, await orgIds(mock, token));
  return { mock, token, paths, startMs };
}

export interface LoadEvents {
  /** Wall-clock ms of each reqError, with its code. */
  errors: { at: number; code: string }[];
  /** Responses by status, and the time of each (ms) for the shutdown bookkeeping. */
  responses: number;
  responsesAt: number[];
  statuses: Record<string, number>;
}

export interface LoadRun {
  result: Result;
  events: LoadEvents;
}

/** One autocannon run rotating through `paths` (a shared cursor across connections). */
export function runLoad(
  fixture: Fixture,
  options: {
    connections: number;
    durationS: number;
    keepTimes?: boolean;
    onStart?: (stop: () => void) => void;
  },
): Promise<LoadRun> {
  let cursor = 0;
  const events: LoadEvents = { errors: [], responses: 0, responsesAt: [], statuses: {} };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: fixture.mock.baseUrl,
        connections: options.connections,
        duration: options.durationS,
        timeout: 10,
        headers: { authorization: `Bearer ${fixture.token}` },
        requests: [
          {
            setupRequest: (request) => {
              request.path = fixture.paths[cursor]!;
              cursor = cursor + 1 === fixture.paths.length ? 0 : cursor + 1;
              return request;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ result, events })),
    );
    instance.on('response', (_client: unknown, statusCode: number) => {
      events.responses++;
      events.statuses[statusCode] = (events.statuses[statusCode] ?? 0) + 1;
      if (options.keepTimes) events.responsesAt.push(Date.now());
    });
    instance.on('reqError', (error: NodeJS.ErrnoException) => {
      events.errors.push({ at: Date.now(), code: error.code ?? error.message });
    });
    options.onStart?.(() => instance.stop());
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** Writes a line to stderr (progress) — stdout carries the final report. */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The first line of a report: the machine, the Node version and when, so that figures are read in their context. */
export function machineHeader(): string {
  return `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${new Date().toISOString()}`;
}

/** Runs a script's main; a throw is reported on stderr under the script's name and exits 1. */
export function runScript(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name} failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
