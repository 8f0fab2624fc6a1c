// One definition of behaviour: the same requests, sent to the Fastify mock listening on 127.0.0.1 (its fast path
// and its Fastify routes) and to the MSW handlers built with the same options, get the same status, the same
// headers that carry meaning, and the same body, byte for byte, except the per-response ids (requestId, traceId,
// timestamp) and a token's own text. The requests are random (a seeded PRNG): valid and invalid values of every
// spec parameter of every revision, repeats, unknown names, bad encodings, other methods, auth variants and
// Prefer faults, and every nextLink of a 200 followed once.
import {
  type ApiDescription,
  allDescriptions,
  DEMO_CLIENT,
  dynamics365,
  msToTicks,
  salesforce,
} from '@jobwatch/api-descriptions';
import { seededRandom } from '@jobwatch/jobs-engine';
import type { FastifyInstance } from 'fastify';
import { getResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/index.js';
import { createJobwatchHandlers } from '../../src/msw/index.js';

const NOW = '2025-06-01T00:00:00Z';
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;
const REQUESTS = 320;
const SF_ONLY = { clientId: 'sf-only', clientSecret: 'sf-only-secret', scopes: [salesforce.scope] };
/** The options both are built with (a frozen clock: the same instant for both). */
const OPTIONS = { seed: 7, jobs: 3000, now: NOW, clockMode: 'frozen' as const, clients: [SF_ONLY] };

/** The headers whose values are part of the behaviour (request-id is checked for presence only). */
const COMPARED_HEADERS = [
  'content-type',
  'allow',
  'www-authenticate',
  'retry-after',
  'cache-control',
  'date',
];

let app: FastifyInstance;
let origin: string;
const handlers = createJobwatchHandlers(OPTIONS);
let tokens: { both: string; salesforceOnly: string };
/** Real organization ids of each API (from /mock/stories), so that organization filters find jobs. */
const organizations = new Map<string, string[]>();

beforeAll(async () => {
  app = buildApp(OPTIONS);
  origin = await app.listen({ host: '127.0.0.1', port: 0 });
  // Tokens are signed with a key derived from the seed: the server's are valid on the handlers too.
  tokens = {
    both: await app.mock.issueToken(DEMO_CLIENT.clientId, [salesforce.scope, dynamics365.scope]),
    salesforceOnly: await app.mock.issueToken(SF_ONLY.clientId, SF_ONLY.scopes),
  };
  const { stories } = (await (await fetch(`${origin}/mock/stories`)).json()) as {
    stories: { api: string; organizationId: string | null }[];
  };
  for (const { api, organizationId } of stories) {
    if (organizationId !== null) organizations.set(api, [...(organizations.get(api) ?? []), organizationId]);
  }
  expect([...organizations.keys()].sort()).toEqual(['dynamics365', 'salesforce']);
});
afterAll(() => app.close());

interface Sent {
  method: string;
  target: string;
  headers: Record<string, string>;
  body?: string;
}

interface Answer {
  status: number;
  headers: Record<string, string | null>;
  body: string;
  requestId: string | null;
}

/** The per-response ids and a token's text out of a body, so that two answers compare byte for byte. */
function withoutIds(body: string, requestId: string | null): string {
  let text = body;
  if (requestId !== null) text = text.split(requestId).join('<request-id>');
  return text
    .replace(/"traceId":"[^"]*"/g, '"traceId":"<trace-id>"')
    .replace(/"timestamp":"[^"]*"/g, '"timestamp":"<timestamp>"')
    .replace(/"access_token":"[^"]*"/g, '"access_token":"<token>"');
}

async function answerOf(response: Response | undefined, what: string): Promise<Answer> {
  if (response === undefined) throw new Error(`the MSW handlers did not answer ${what}`);
  const headers: Record<string, string | null> = {};
  for (const name of COMPARED_HEADERS) headers[name] = response.headers.get(name);
  const requestId = response.headers.get('request-id');
  return { status: response.status, headers, body: withoutIds(await response.text(), requestId), requestId };
}

function requestOf(sent: Sent): Request {
  const init: RequestInit = { method: sent.method, headers: sent.headers };
  if (sent.body !== undefined) init.body = sent.body;
  return new Request(`${origin}${sent.target}`, init);
}

async function both(sent: Sent): Promise<{ server: Answer; msw: Answer }> {
  const what = `${sent.method} ${sent.target}`;
  const server = await answerOf(await fetch(requestOf(sent)), what);
  const msw = await answerOf(await getResponse(handlers, requestOf(sent)), what);
  return { server, msw };
}

// ---- the random requests -------------------------------------------------------------------------------------

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Values for a parameter: what a client would send, and what it should not. */
function valuesFor(description: ApiDescription, name: string): { valid: string[]; invalid: string[] } {
  const time = (offsetDays: number) => description.time.formatQuery(msToTicks(NOW_MS - offsetDays * DAY));
  const invalid = ['', 'abc', '-1', '1e3', '%zz', 'é', '99999999999999999999', ' 1', '0x10'];
  if (/time$/i.test(name)) {
    const start = name === description.time.start;
    return {
      valid: start ? [time(30), time(90), time(400), time(7)] : [time(0), time(1), time(20)],
      invalid: [
        new Date(NOW_MS).toISOString().slice(0, 10),
        '2025-05-01T00:00:00Z',
        '638800000000000000',
        ...invalid,
      ],
    };
  }
  if (name === description.paging.pageSize)
    return {
      valid: ['1', '5', '10', '50', String(description.paging.maxPageSize)],
      invalid: ['0', '1001', ...invalid],
    };
  if (name === description.paging.pageIndex)
    return { valid: ['1', '1', '2', '3', '40'], invalid: ['0', '100000', ...invalid] };
  const enumValues = [description.filters.type, description.filters.status, description.filters.level]
    .filter((filter) => filter !== null && filter.param === name)
    .flatMap((filter) => [...filter!.values, ...(filter!.all === null ? [] : [filter!.all])].map(String));
  if (enumValues.length > 0) return { valid: enumValues, invalid: ['999', ...invalid] };
  return { valid: organizations.get(description.api) ?? [], invalid: ['org', ...invalid] };
}

/** A query: in half of them every value is valid (and the required parameters are there), in the rest anything goes. */
function randomQuery(random: Random, description: ApiDescription): string {
  const wellFormed = random() < 0.5;
  const pairs: string[] = [];
  const names = description.params.map((p) => p.name);
  for (const param of description.params) {
    if (param.deprecated && wellFormed) continue;
    if (!(param.required && wellFormed) && random() >= 0.4) continue;
    const values = valuesFor(description, param.name);
    const pool = wellFormed || random() < 0.5 ? values.valid : values.invalid;
    pairs.push(`${param.name}=${encodeURIComponent(pick(random, pool))}`);
  }
  if (!wellFormed) {
    if (random() < 0.15) pairs.push(`${pick(random, names)}=1`); // a repeat
    if (random() < 0.1) pairs.push('unknownParam=1');
    if (random() < 0.1) pairs.push(pick(random, ['%zz=1', 'pageSize', '=3', '&&', 'a=%E9']));
    if (random() < 0.1) pairs.push(`${pick(random, names).toLowerCase()}=1`);
  }
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

function randomApiRequest(random: Random): Sent {
  const description = pick(random, allDescriptions);
  const path = random() < 0.05 ? description.path.toUpperCase() : description.path;
  const method = random() < 0.9 ? 'GET' : pick(random, ['HEAD', 'POST', 'DELETE', 'PUT']);
  const auth = random();
  const headers: Record<string, string> = {};
  if (auth < 0.8) headers.authorization = `Bearer ${tokens.both}`;
  else if (auth < 0.86) headers.authorization = `Bearer ${tokens.salesforceOnly}`;
  else if (auth < 0.9) headers.authorization = 'Bearer not.a.token';
  else if (auth < 0.93) headers.authorization = `Basic ${btoa('a:b')}`;
  else if (auth < 0.95) headers.authorization = `bearer ${tokens.both}`;
  const fault = random();
  if (fault < 0.04) headers.prefer = pick(random, ['code=503', 'code=429, retry-after=7', 'code=500']);
  else if (fault < 0.06) headers.prefer = pick(random, ['code=200', 'latency=abc', 'retry-after=99999']);
  return { method, target: `${path}${randomQuery(random, description)}`, headers };
}

function randomTokenRequest(random: Random): Sent {
  const form = 'application/x-www-form-urlencoded';
  const variants: Sent[] = [
    {
      method: 'POST',
      target: '/connect/token',
      headers: { 'content-type': form },
      body: `grant_type=client_credentials&client_id=${DEMO_CLIENT.clientId}&client_secret=${DEMO_CLIENT.clientSecret}`,
    },
    {
      method: 'POST',
      target: '/connect/token',
      headers: { 'content-type': form },
      body: `grant_type=client_credentials&client_id=${DEMO_CLIENT.clientId}&client_secret=wrong`,
    },
    {
      method: 'POST',
      target: '/connect/token',
      headers: {
        'content-type': form,
        authorization: `Basic ${btoa(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.clientSecret}`)}`,
      },
      body: 'grant_type=client_credentials&scope=unknown.scope',
    },
    {
      method: 'POST',
      target: '/connect/token',
      headers: { 'content-type': form, authorization: 'Basic !!!' },
      body: 'grant_type=client_credentials',
    },
    {
      method: 'POST',
      target: '/connect/token',
      headers: { 'content-type': form },
      body: 'grant_type=password',
    },
    {
      method: 'POST',
      target: '/connect/token',
      headers: { 'content-type': form },
      body: 'grant_type=client_credentials&grant_type=client_credentials',
    },
    {
      method: 'POST',
      target: '/connect/token',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":"client_credentials"}',
    },
    {
      method: 'POST',
      target: '/connect/token',
      headers: { 'content-type': form },
      body: `grant_type=client_credentials&x=${'a'.repeat(17_000)}`,
    },
    {
      method: 'POST',
      target: '/connect/token',
      headers: { 'content-type': form },
      body: `grant_type=client_credentials&client_id=${SF_ONLY.clientId}&client_secret=${SF_ONLY.clientSecret}&scope=${encodeURIComponent(dynamics365.scope)}`,
    },
    { method: 'GET', target: '/connect/token', headers: {} },
  ];
  return pick(random, variants);
}

function randomRequests(seed: number, count: number): Sent[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const kind = random();
    if (kind < 0.85) return randomApiRequest(random);
    if (kind < 0.96) return randomTokenRequest(random);
    return {
      method: 'GET',
      target: pick(random, ['/mock/stories', '/mock/stories?api=salesforce', '/mock/stories?api=nope']),
      headers: {},
    };
  });
}

function nextLinkOf(body: string): string | null {
  const match = /"(?:nextLink|@odata\.nextLink)":"([^"]+)"/.exec(body);
  return match === null ? null : match[1]!;
}

describe('the MSW handlers answer as the server does', () => {
  it(`gives the same status, headers and body for ${REQUESTS} random requests and their nextLinks`, async () => {
    const statuses = new Map<number, number>();
    let followed = 0;
    for (const sent of randomRequests(2025, REQUESTS)) {
      const { server, msw } = await both(sent);
      const what = `${sent.method} ${sent.target.slice(0, 200)}`;
      expect(msw, what).toEqual({ ...server, requestId: msw.requestId });
      expect(msw.requestId, `${what}: request-id`).toMatch(/^0[0-9A-V]{12}:[0-9A-F]{8}$/);
      statuses.set(server.status, (statuses.get(server.status) ?? 0) + 1);
      const next = server.status === 200 ? nextLinkOf(server.body) : null;
      if (next?.startsWith(origin)) {
        followed++;
        const again = await both({ ...sent, target: next.slice(origin.length) });
        expect(again.msw, `next of ${what}`).toEqual({ ...again.server, requestId: again.msw.requestId });
      }
    }
    console.info(
      `statuses: ${JSON.stringify(Object.fromEntries(statuses))}; nextLinks followed: ${followed}`,
    );
    // The mix really covers pages, validation errors, auth failures, faults, 405 and the token endpoint.
    for (const status of [200, 400, 401, 403, 405, 413, 415, 503]) {
      expect(statuses.get(status) ?? 0, `answers with status ${status}`).toBeGreaterThan(0);
    }
    expect(statuses.get(200)!).toBeGreaterThan(REQUESTS / 5);
    expect(followed).toBeGreaterThan(10);
  });
});
