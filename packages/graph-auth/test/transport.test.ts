import { describe, expect, it } from 'vitest';
import {
  createApiTransport,
  createAuthorizedFetch,
  type ErrorParser,
  GraphApiError,
  GraphNetworkError,
  GraphTimeoutError,
  staticTokenProvider,
  type TokenProvider,
} from '../src/index.js';
import { createManualClock } from '../src/testing.js';
import { hang, json, networkFailure, scriptedFetch, tokenAnswer } from './helpers.js';

const parseError: ErrorParser = (answer) =>
  new GraphApiError({
    status: answer.status,
    code: answer.defaultCode,
    message: `HTTP ${answer.status}: ${answer.bodyText}`,
    requestId: answer.requestId,
    retryAfterMs: answer.retryAfterMs,
  });

const url = 'https://graph-us.avepointonlineservices.com/backup/sfbapi/jobs?startTime=2024-01-01';
const ok = () => json(200, { ok: true });

function counting(tokens: string[]): TokenProvider & { issued: number; invalidated: string[] } {
  const provider = {
    issued: 0,
    invalidated: [] as string[],
    refreshable: true,
    current: undefined as string | undefined,
    async getToken() {
      if (provider.current === undefined) {
        provider.current = tokens[provider.issued++] ?? 'exhausted';
      }
      return provider.current;
    },
    invalidate(token: string) {
      provider.invalidated.push(token);
      if (provider.current === token) provider.current = undefined;
    },
  };
  return provider;
}

function setup(
  steps: Parameters<typeof scriptedFetch>[0],
  extra: { maxAttempts?: number; timeoutMs?: number } = {},
) {
  const clock = createManualClock();
  const { fetch, requests } = scriptedFetch(steps);
  const tokens = counting(['tok-A', 'tok-B']);
  const authorized = createAuthorizedFetch({
    tokenProvider: tokens,
    parseError,
    fetch,
    clock,
    random: () => 0.5,
    retry: { maxAttempts: extra.maxAttempts ?? 4 },
    timeoutMs: extra.timeoutMs ?? 1000,
  });
  return { clock, requests, tokens, authorized };
}

describe('createAuthorizedFetch', () => {
  it('sends the bearer token and returns the answer with its body', async () => {
    const { authorized, requests } = setup([ok]);
    const response = await authorized(url);
    expect(await response.json()).toEqual({ ok: true });
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer tok-A');
  });

  it('honours Retry-After in seconds on a 429, then succeeds', async () => {
    const { authorized, requests, clock } = setup([() => json(429, {}, { 'retry-after': '3' }), ok]);
    expect((await authorized(url)).status).toBe(200);
    expect(requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const clock = createManualClock(Date.UTC(2025, 0, 1, 0, 0, 0));
    const { fetch } = scriptedFetch([
      () => json(429, {}, { 'retry-after': new Date(Date.UTC(2025, 0, 1, 0, 0, 12)).toUTCString() }),
      ok,
    ]);
    const authorized = createAuthorizedFetch({
      tokenProvider: staticTokenProvider('t'),
      parseError,
      fetch,
      clock,
    });
    await authorized(url);
    expect(clock.sleeps).toEqual([12_000]);
  });

  it('gives up at once when Retry-After exceeds the bound, and reports the wait', async () => {
    const { authorized, requests } = setup([() => json(429, { m: 'slow down' }, { 'retry-after': '3600' })]);
    const error = await authorized(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphApiError);
    expect((error as GraphApiError).status).toBe(429);
    expect((error as GraphApiError).retryAfterMs).toBe(3_600_000);
    expect(requests).toHaveLength(1);
  });

  it('retries 5xx with exponential backoff and full jitter, then succeeds', async () => {
    const { authorized, requests, clock } = setup([
      () => json(500, {}),
      () => json(503, {}),
      () => json(502, {}),
      ok,
    ]);
    expect((await authorized(url)).status).toBe(200);
    expect(requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([125, 250, 500]);
  });

  it('stops after maxAttempts and throws the last answer as a typed error', async () => {
    const { authorized, requests } = setup([() => json(500, {}), () => json(500, {}), () => json(500, {})], {
      maxAttempts: 2,
    });
    await expect(authorized(url)).rejects.toMatchObject({
      status: 500,
      code: 'ServerError',
      requestId: 'req-500',
    });
    expect(requests).toHaveLength(2);
  });

  it('retries network errors and reports a GraphNetworkError when they persist', async () => {
    const { authorized, requests } = setup([networkFailure, ok]);
    expect((await authorized(url)).status).toBe(200);
    expect(requests).toHaveLength(2);

    const failing = setup([networkFailure, networkFailure], { maxAttempts: 2 });
    const error = await failing.authorized(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect((error as GraphNetworkError).code).toBe('ECONNREFUSED');
    expect((error as Error).message).toBe(
      'Cannot reach https://graph-us.avepointonlineservices.com (ECONNREFUSED)',
    );
  });

  it('times out a stalled attempt, retries it, and reports GraphTimeoutError when all attempts stall', async () => {
    let clockRef: ReturnType<typeof createManualClock> | undefined;
    const stall = (request: Request) => {
      const pending = hang(request);
      clockRef!.advance(1000); // the per-attempt timeout elapses while the request hangs
      return pending;
    };
    const once = setup([stall, ok]);
    clockRef = once.clock;
    expect((await once.authorized(url)).status).toBe(200);
    expect(once.requests[0]!.signal.aborted).toBe(true);

    const always = setup([stall, stall], { maxAttempts: 2 });
    clockRef = always.clock;
    const error = await always.authorized(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphTimeoutError);
    expect((error as GraphTimeoutError).timeoutMs).toBe(1000);
    expect(always.clock.pendingTimers()).toBe(0);
  });

  it('never retries other 4xx answers', async () => {
    for (const status of [400, 403, 404]) {
      const { authorized, requests } = setup([() => json(status, {})]);
      await expect(authorized(url)).rejects.toMatchObject({ status });
      expect(requests).toHaveLength(1);
    }
  });

  it('refreshes the token once on a 401 and retries', async () => {
    const { authorized, requests, tokens } = setup([() => json(401, {}), ok]);
    expect((await authorized(url)).status).toBe(200);
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer tok-A', 'Bearer tok-B']);
    expect(tokens.invalidated).toEqual(['tok-A']);
  });

  it('reports a second 401 rather than looping', async () => {
    const { authorized, requests } = setup([() => json(401, {}), () => json(401, {})]);
    await expect(authorized(url)).rejects.toMatchObject({ status: 401, code: 'Unauthorized' });
    expect(requests).toHaveLength(2);
  });

  it('does not retry a 401 with a fixed token', async () => {
    const { fetch, requests } = scriptedFetch([() => json(401, {})]);
    const authorized = createAuthorizedFetch({
      tokenProvider: staticTokenProvider('fixed'),
      parseError,
      fetch,
    });
    await expect(authorized(url)).rejects.toMatchObject({ status: 401 });
    expect(requests).toHaveLength(1);
  });

  it('stops at once when the caller aborts, with the caller’s reason', async () => {
    const controller = new AbortController();
    const { authorized, requests } = setup([
      (request) => {
        const pending = hang(request);
        controller.abort(new Error('stop'));
        return pending;
      },
    ]);
    await expect(authorized(url, { signal: controller.signal })).rejects.toThrow('stop');
    expect(requests).toHaveLength(1);
  });

  it('keeps the token out of error messages even when the server echoes it', async () => {
    const { fetch } = scriptedFetch([
      () => json(400, { message: 'bad token tok-echoed-1 in Bearer tok-echoed-1' }),
    ]);
    const authorized = createAuthorizedFetch({
      tokenProvider: staticTokenProvider('tok-echoed-1'),
      parseError,
      fetch,
    });
    const error = (await authorized(url).catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('tok-echoed-1');
    expect(error.message).toContain('[redacted]');
  });
});

describe('createApiTransport', () => {
  it('builds a token provider from credentials with the API scope and the region’s token URL', async () => {
    const { fetch, requests } = scriptedFetch([() => tokenAnswer('gov-token'), ok]);
    const transport = createApiTransport(
      { region: 'gov' },
      { credentials: { clientId: 'c', clientSecret: 'secret-123' }, fetch },
      { scope: 'Dynamics.ReadWrite.All', parseError },
    );
    expect(transport.baseUrl).toBe('https://graph-gov.avepointonlineservices.com');
    await transport.fetch(`${transport.baseUrl}/dynamicsbackup/jobs`);
    expect(requests[0]!.url).toBe('https://identity-gov.avepointonlineservices.com/connect/token');
    expect(new URLSearchParams(await requests[0]!.text()).get('scope')).toBe('Dynamics.ReadWrite.All');
    expect(requests[1]!.headers.get('authorization')).toBe('Bearer gov-token');
  });

  it('on a loopback base URL asks that server for tokens, not the production identity service', async () => {
    const { fetch, requests } = scriptedFetch([() => tokenAnswer('mock-token'), ok]);
    const transport = createApiTransport(
      { baseUrl: 'http://127.0.0.1:4321/' },
      { credentials: { clientId: 'jobwatch-demo', clientSecret: 'jobwatch-demo-secret' }, fetch },
      { scope: 'salesforce.public.read.all', parseError },
    );
    await transport.fetch(`${transport.baseUrl}/backup/sfbapi/jobs`);
    expect(requests.map((r) => r.url)).toEqual([
      'http://127.0.0.1:4321/connect/token',
      'http://127.0.0.1:4321/backup/sfbapi/jobs',
    ]);
  });

  it('on another base URL without a token URL fails at creation, before any credential is sent', () => {
    const { fetch, requests } = scriptedFetch([]);
    expect(() =>
      createApiTransport(
        { baseUrl: 'https://proxy.example/graph' },
        { credentials: { clientId: 'c', clientSecret: 'secret-123' }, fetch },
        { scope: 's', parseError },
      ),
    ).toThrow(/No token URL for the base URL https:\/\/proxy\.example\/graph: give credentials\.tokenUrl/);
    expect(requests).toHaveLength(0);
    // A token or a token provider needs no token URL at all.
    expect(() =>
      createApiTransport(
        { baseUrl: 'https://proxy.example/graph' },
        { token: 't', fetch },
        { scope: 's', parseError },
      ),
    ).not.toThrow();
  });

  it('requires a way to authenticate', () => {
    expect(() => createApiTransport({ region: 'us' }, {} as never, { scope: 's', parseError })).toThrow(
      /required/,
    );
  });
});
