// Both clients against the real mock server, in-process, including its token endpoint.
import type { AddressInfo } from 'node:net';
import { createTokenProvider, GraphApiError, TokenError } from '@jobwatch/graph-auth';
import { createManualClock } from '@jobwatch/graph-auth/testing';
import { buildApp } from '@jobwatch/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CASES, fixture } from './api-cases.js';

const JOBS = 1500;
// The mock's token clock: it starts in step with ours (assertions are checked against it) and jumps in one test.
let mockNow = Date.now();
const app = buildApp({
  jobs: JOBS,
  seed: 11,
  orgs: 4,
  now: '2025-06-01T00:00:00Z',
  // Frozen data: a job that starts during a walk would shift the pages.
  clockMode: 'frozen',
  clock: () => mockNow,
  clients: [
    { clientId: 'sf-only', clientSecret: 'sf-only-secret', scopes: ['salesforce.public.read.all'] },
    { clientId: 'd365-only', clientSecret: 'd365-only-secret', scopes: ['dynamics.readwrite.all'] },
    { clientId: 'cert-app', certificate: fixture('client-cert.pem') },
  ],
});
let baseUrl = '';
let tokenUrl = '';
const demo = () => ({ clientId: 'jobwatch-demo', clientSecret: 'jobwatch-demo-secret', tokenUrl });

beforeAll(async () => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  tokenUrl = `${baseUrl}/connect/token`;
});
afterAll(() => app.close());

describe.each(API_CASES)('$name client against the mock', (api) => {
  it('gets a token from the mock with a client secret and iterates every job exactly once, newest first', async () => {
    const client = api.create({ baseUrl }, { credentials: demo() });
    const first = await client.firstPage(10);
    // About JOBS: the mock keeps as much history as its orgs' schedules need for that many.
    expect(first.total).toBeGreaterThan(JOBS * 0.9);
    const ids = new Set<string>();
    let previous = Number.POSITIVE_INFINITY;
    for await (const job of client.jobs(250)) {
      ids.add(job.jobId);
      const started = Date.parse(job.startTime);
      expect(started).toBeLessThanOrEqual(previous);
      previous = started;
    }
    expect(ids.size).toBe(first.total);
  });

  it('yields whole pages of the requested size', async () => {
    const client = api.create({ baseUrl }, { credentials: demo() });
    const sizes: number[] = [];
    let total = 0;
    for await (const page of client.pages(400)) {
      sizes.push(page.jobs.length);
      total = page.total;
    }
    expect(sizes.length).toBe(Math.ceil(total / 400));
    expect(sizes.slice(0, -1).every((n) => n === 400)).toBe(true);
  });

  it('authenticates with a certificate: the mock verifies the RS256 assertion', async () => {
    const client = api.create(
      { baseUrl },
      {
        credentials: {
          clientId: 'cert-app',
          certificatePem: fixture('client-cert.pem'),
          privateKeyPem: fixture('client-key.pem'),
          tokenUrl,
        },
      },
    );
    expect((await client.firstPage(5)).jobs).toHaveLength(5);
  });

  it('throws the API’s typed error for a 400, naming the offending field', async () => {
    const client = api.create({ baseUrl }, { credentials: demo() });
    const error = (await client.badOrganization().catch((e: unknown) => e)) as GraphApiError;
    expect(error).toBeInstanceOf(api.ErrorClass);
    expect(error.status).toBe(400);
    expect(Object.keys(error.fields)).toContain('organizationId');
    expect(error.requestId).toMatch(/^[0-9A-V]{13}:[0-9A-F]{8}$/);
  });

  it('throws a typed 401 for a token the mock did not sign', async () => {
    const client = api.create({ baseUrl }, { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' });
    const error = (await client.firstPage(1).catch((e: unknown) => e)) as GraphApiError;
    expect(error).toBeInstanceOf(api.ErrorClass);
    expect(error.status).toBe(401);
    expect(error.message).not.toContain('eyJ');
  });

  it('throws a typed 403 for a token without this API’s scope', async () => {
    const other = createTokenProvider(demo(), { tokenUrl, scope: api.otherScope });
    const client = api.create({ baseUrl }, { tokenProvider: other });
    await expect(client.firstPage(1)).rejects.toMatchObject({ status: 403 });
  });

  it('reports invalid_scope from the token endpoint for a client that lacks the scope', async () => {
    const lacking = api.name === 'salesforce' ? 'd365-only' : 'sf-only';
    const client = api.create(
      { baseUrl },
      { credentials: { clientId: lacking, clientSecret: `${lacking}-secret`, tokenUrl } },
    );
    const error = (await client.firstPage(1).catch((e: unknown) => e)) as TokenError;
    expect(error).toBeInstanceOf(TokenError);
    expect(error.error).toBe('invalid_scope');
    expect(error.message).not.toContain(`${lacking}-secret`);
  });

  it('honours the mock’s 429 Retry-After and then gets the page', async () => {
    const clock = createManualClock();
    let first = true;
    const fetch: typeof globalThis.fetch = (input, init) => {
      const request = new Request(input, init);
      if (first && request.url.includes(api.path)) {
        first = false;
        request.headers.set('prefer', 'code=429, retry-after=2');
      }
      return globalThis.fetch(request);
    };
    const client = api.create({ baseUrl }, { credentials: demo(), fetch, clock });
    expect((await client.firstPage(3)).jobs).toHaveLength(3);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('keeps listing when the mock says the token expired midway: one refresh, no lost or repeated jobs', async () => {
    let tokenRequests = 0;
    const fetch: typeof globalThis.fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/connect/token')) tokenRequests++;
      return globalThis.fetch(input, init);
    };
    const client = api.create({ baseUrl }, { credentials: demo(), fetch });
    const ids = new Set<string>();
    let pages = 0;
    const before = mockNow;
    try {
      for await (const page of client.pages(500)) {
        for (const job of page.jobs) ids.add(job.jobId);
        // After the first page the mock's clock jumps past the token's lifetime; the client still trusts it.
        if (++pages === 1) mockNow += 2 * 3600_000;
      }
    } finally {
      mockNow = before;
    }
    expect(pages).toBeGreaterThan(1);
    expect(tokenRequests).toBe(2);
    const { total } = await client.firstPage(1);
    expect(ids.size).toBe(total);
  });
});

describe('the shared error base', () => {
  it('is common to both APIs', async () => {
    for (const api of API_CASES) {
      const client = api.create({ baseUrl }, { token: 'x'.repeat(20) });
      await expect(client.firstPage(1)).rejects.toBeInstanceOf(GraphApiError);
    }
  });
});
