// Shared set-up of the inject suites: one app per options set (datasets are built once per app), a token helper,
// and per-API facts the table-driven tests iterate over.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { type AppOptions, buildApp } from '../src/index.js';

export const NOW = '2025-06-01T00:00:00Z';
export const NOW_MS = Date.parse(NOW);
const TICKS_AT_EPOCH = 621_355_968_000_000_000n;
export const ticks = (ms: number) => (BigInt(ms) * 10_000n + TICKS_AT_EPOCH).toString();
const DAY = 86_400_000;

export interface ApiCase {
  api: 'salesforce' | 'dynamics365';
  path: string;
  scope: string;
  /** A valid time range covering the last 90 days. */
  range: string;
  errorType: string;
  /** The offending field names of an error body. */
  errorFields(body: unknown): (string | null)[];
  /** The jobs of a page body. */
  jobs(body: unknown): Record<string, unknown>[];
  total(body: unknown): number;
  firstPage: number;
}

type Json = Record<string, unknown>;

export const salesforce: ApiCase = {
  api: 'salesforce',
  path: '/backup/sfbapi/jobs',
  scope: 'salesforce.public.read.all',
  range: `startTime=${new Date(NOW_MS - 90 * DAY).toISOString().slice(0, 10)}&finishTime=${NOW.slice(0, 10)}`,
  errorType: 'application/json; charset=utf-8',
  errorFields: (body) => ((body as Json).errors as Json[]).map((e) => e.field as string | null),
  jobs: (body) => ((body as Json).data as Json).jobs as Json[],
  total: (body) => ((body as Json).data as Json).totalCount as number,
  firstPage: 0,
};

export const dynamics: ApiCase = {
  api: 'dynamics365',
  path: '/dynamicsbackup/jobs',
  scope: 'Dynamics.ReadWrite.All',
  range: `startTime=${ticks(NOW_MS - 90 * DAY)}&finishTime=${ticks(NOW_MS)}`,
  errorType: 'application/problem+json; charset=utf-8',
  errorFields: (body) => Object.keys(((body as Json).errors as Json | undefined) ?? {}),
  jobs: (body) => (body as Json).result as Json[],
  total: (body) => (body as Json).totalNumber as number,
  firstPage: 1,
};

/** Dynamics 365 revision 2025-04 on the same path: ISO times (type is required), a nextLink page, integer enums. */
export const dynamics2025: ApiCase = {
  ...dynamics,
  range: `startTime=${new Date(NOW_MS - 90 * DAY).toISOString().slice(0, 10)}&finishTime=${NOW.slice(0, 10)}&type=0`,
  jobs: (body) => (body as Json).jobs as Json[],
  total: (body) => (body as Json).totalCount as number,
};

export const apis: [string, ApiCase][] = [
  ['salesforce', salesforce],
  ['dynamics365', dynamics],
  ['dynamics365 2025-04', dynamics2025],
];

export function testApp(options: AppOptions = {}): FastifyInstance {
  return buildApp({ now: NOW, clockMode: 'frozen', jobs: 5000, ...options });
}

export async function getToken(
  app: FastifyInstance,
  form: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/connect/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'jobwatch-demo',
      client_secret: 'jobwatch-demo-secret',
      ...form,
    }).toString(),
  });
}

export async function bearer(app: FastifyInstance, scope?: string): Promise<string> {
  const response = await getToken(app, scope === undefined ? {} : { scope });
  return `Bearer ${(response.json() as { access_token: string }).access_token}`;
}

export async function get(
  app: FastifyInstance,
  url: string,
  authorization?: string,
  headers: Record<string, string> = {},
) {
  return app.inject({ method: 'GET', url, headers: authorization ? { authorization, ...headers } : headers });
}

/** The items, after checking that there is at least one: a loop or `.every` over nothing asserts nothing. */
export function nonEmpty<T>(items: T[], what = 'items'): T[] {
  expect(items.length, `expected at least one of the ${what}`).toBeGreaterThan(0);
  return items;
}
