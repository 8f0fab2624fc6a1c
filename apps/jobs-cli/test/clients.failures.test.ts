// Failure paths of both clients through an injected fetch, with a manual clock: no waiting, no timing assertions.
import { type GraphApiError, GraphNetworkError, GraphTimeoutError } from '@jobwatch/graph-auth';
import { createManualClock, type ManualClock } from '@jobwatch/graph-auth/testing';
import { describe, expect, it } from 'vitest';
import { API_CASES, type ApiCase } from './api-cases.js';

const BASE = 'https://graph-us.avepointonlineservices.com';
const TOKEN_URL = 'https://identity.avepointonlineservices.com/connect/token';
const credentials = { clientId: 'app', clientSecret: 'app-secret-value', tokenUrl: TOKEN_URL };

type Fault = (request: Request, clock: ManualClock) => Response | Promise<Response> | undefined;

/** A fake API of `total` jobs and a token endpoint; `fault` may answer a jobs request instead of the API. */
function fakeServer(api: ApiCase, total: number, fault?: Fault) {
  const clock = createManualClock();
  const log = { token: 0, jobs: [] as Request[] };
  let gate: Promise<void> | undefined;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.url === TOKEN_URL) {
      log.token++;
      const n = log.token;
      await gate;
      return Response.json({ token_type: 'Bearer', expires_in: 3600, access_token: `token-${n}` });
    }
    log.jobs.push(request);
    const early = await fault?.(request, clock);
    if (early) return early;
    return Response.json(api.pageBody(new URL(request.url), total));
  };
  return {
    clock,
    log,
    fetch,
    holdTokens() {
      let release!: () => void;
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return release;
    },
  };
}

const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ status: code }), {
    status: code,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe.each(API_CASES)('$name client failure paths', (api) => {
  it('waits out a 429 with Retry-After and continues the listing', async () => {
    const server = fakeServer(api, 30, (_r, clock) =>
      server.log.jobs.length === 2
        ? status(429, { 'retry-after': new Date(clock.now() + 7000).toUTCString() })
        : undefined,
    );
    const client = api.create({ baseUrl: BASE }, { credentials, fetch: server.fetch, clock: server.clock });
    let count = 0;
    for await (const _ of client.jobs(10)) count++;
    expect(count).toBe(30);
    expect(server.clock.sleeps).toEqual([7000]);
    expect(server.log.jobs).toHaveLength(4);
  });

  it('retries 5xx with backoff then succeeds, and gives up after maxAttempts', async () => {
    const server = fakeServer(api, 5, () => (server.log.jobs.length <= 2 ? status(503) : undefined));
    const client = api.create(
      { baseUrl: BASE },
      { credentials, fetch: server.fetch, clock: server.clock, random: () => 1 - 1e-9 },
    );
    expect((await client.firstPage(5)).jobs).toHaveLength(5);
    expect(server.clock.sleeps).toEqual([249, 499]);

    const down = fakeServer(api, 5, () => status(500));
    const failing = api.create(
      { baseUrl: BASE },
      { credentials, fetch: down.fetch, clock: down.clock, retry: { maxAttempts: 3 } },
    );
    const error = await failing.firstPage(5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(api.ErrorClass);
    expect((error as GraphApiError).status).toBe(500);
    expect(down.log.jobs).toHaveLength(3);
  });

  it('times out a stalled request and retries it; a persistent stall is a GraphTimeoutError', async () => {
    const stall: Fault = (request, clock) =>
      new Promise<Response>((_, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason));
        clock.advance(5000);
      });
    const server = fakeServer(api, 5, (request, clock) =>
      server.log.jobs.length === 1 ? stall(request, clock) : undefined,
    );
    const client = api.create(
      { baseUrl: BASE },
      { credentials, fetch: server.fetch, clock: server.clock, timeoutMs: 5000 },
    );
    expect((await client.firstPage(5)).jobs).toHaveLength(5);
    expect(server.log.jobs).toHaveLength(2);

    const dead = fakeServer(api, 5, stall);
    const stuck = api.create(
      { baseUrl: BASE },
      { credentials, fetch: dead.fetch, clock: dead.clock, timeoutMs: 5000, retry: { maxAttempts: 2 } },
    );
    await expect(stuck.firstPage(5)).rejects.toBeInstanceOf(GraphTimeoutError);
  });

  it('combines the timeout with the caller’s signal: an abort is not retried', async () => {
    const controller = new AbortController();
    const server = fakeServer(
      api,
      5,
      (request) =>
        new Promise<Response>((_, reject) => {
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
          controller.abort(new Error('caller stopped'));
        }),
    );
    const client = api.create({ baseUrl: BASE }, { credentials, fetch: server.fetch, clock: server.clock });
    await expect(client.firstPage(5, controller.signal)).rejects.toThrow('caller stopped');
    expect(server.log.jobs).toHaveLength(1);
  });

  it('reports a network failure after the retries', async () => {
    const server = fakeServer(api, 5, () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) });
    });
    const client = api.create({ baseUrl: BASE }, { credentials, fetch: server.fetch, clock: server.clock });
    const error = (await client.firstPage(5).catch((e: unknown) => e)) as GraphNetworkError;
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect(error.code).toBe('ECONNRESET');
    expect(server.log.jobs).toHaveLength(4);
  });

  it('refreshes an expiring token during a long listing and carries on', async () => {
    const server = fakeServer(api, 100);
    const client = api.create({ baseUrl: BASE }, { credentials, fetch: server.fetch, clock: server.clock });
    let count = 0;
    for await (const _ of client.jobs(10)) {
      // Every page of ten takes 100 minutes: the listing outlives several one-hour tokens.
      if (++count % 10 === 0) server.clock.advance(10 * 60_000 * 10);
    }
    expect(count).toBe(100);
    const used = server.log.jobs.map((r) => r.headers.get('authorization'));
    expect(new Set(used).size).toBe(server.log.token);
    expect(server.log.token).toBeGreaterThanOrEqual(10);
  });

  it('shares one token request among many parallel calls', async () => {
    const server = fakeServer(api, 5);
    const release = server.holdTokens();
    const client = api.create({ baseUrl: BASE }, { credentials, fetch: server.fetch, clock: server.clock });
    const calls = Array.from({ length: 20 }, () => client.firstPage(5));
    release();
    await Promise.all(calls);
    expect(server.log.token).toBe(1);
    expect(new Set(server.log.jobs.map((r) => r.headers.get('authorization')))).toEqual(
      new Set(['Bearer token-1']),
    );
  });
});
