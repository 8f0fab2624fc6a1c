// Shared set-up of the inject suites: one app per options set (datasets are built once per app), a token helper,
// and the per-API facts the table-driven tests iterate over, taken from the API descriptions.
import {
  type ApiDescription,
  type ApiName,
  DEMO_CLIENT,
  dynamics365 as dynamics365Description,
  dynamics365V2025_04,
  msToTicks,
  msToTickText,
  readPage,
  salesforce as salesforceDescription,
} from '@jobwatch/api-descriptions';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { type AppOptions, buildApp } from '../src/index.js';

export const NOW = '2025-06-01T00:00:00Z';
export const NOW_MS = Date.parse(NOW);
/** Ticks of an instant as the Dynamics query writes them. */
export const ticks = msToTickText;
const DAY = 86_400_000;

/** An API's description plus what these suites add: a valid 90-day range and the error media type as sent. */
export interface ApiCase {
  api: ApiName;
  description: ApiDescription;
  path: string;
  scope: string;
  /** A valid time range covering the last 90 days. */
  range: string;
  /** The content-type header of an error. */
  errorType: string;
  /** The offending field names of an error body. */
  errorFields(body: unknown): string[];
  /** The jobs of a page body. */
  jobs(body: unknown): Record<string, unknown>[];
  total(body: unknown): number;
}

function apiCase(description: ApiDescription): ApiCase {
  const { time } = description;
  const bound = (ms: number) => time.formatQuery(msToTicks(ms));
  const day = (ms: number) => (time.format === 'iso' ? bound(ms).slice(0, 10) : bound(ms));
  return {
    api: description.api,
    description,
    path: description.path,
    scope: description.scope,
    range: `${time.start}=${day(NOW_MS - 90 * DAY)}&${time.finish}=${day(NOW_MS)}`,
    errorType: `${description.errors.contentType}; charset=utf-8`,
    errorFields: (body) => description.errors.namedParameters(body) ?? [],
    jobs: (body) => readPage(description, body).jobs ?? [],
    total: (body) => readPage(description, body).total ?? Number.NaN,
  };
}

export const salesforce: ApiCase = apiCase(salesforceDescription);
export const dynamics: ApiCase = apiCase(dynamics365Description);

/** Dynamics 365 revision 2025-04 on the same path: ISO times (type is required), a nextLink page, integer enums. */
const dynamics2025Case = apiCase(dynamics365V2025_04);
export const dynamics2025: ApiCase = { ...dynamics2025Case, range: `${dynamics2025Case.range}&type=0` };

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
      client_id: DEMO_CLIENT.clientId,
      client_secret: DEMO_CLIENT.clientSecret,
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
