// Faults, limits, unknown routes, /openapi, /docs, /healthz, scenarios and hardening, through app.inject().
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiNames, loadSpec, readSpecText, specFileName } from '@jobwatch/specs';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildApp, ConfigError } from '../src/index.js';
import { specForOrigin } from '../src/routes/served-spec.js';
import { apis, bearer, dynamics, get, NOW, salesforce, testApp } from './helpers.js';

let app: FastifyInstance;
let auth: string;
beforeAll(async () => {
  app = testApp();
  auth = await bearer(app);
});
afterAll(() => app.close());

/**
 * Sends a request with setTimeout faked and reports whether it had answered once `waitMs - 1` ms of timer time had
 * passed, then its answer once `waitMs` had. Timer time, not the wall clock: a slow machine cannot change the outcome.
 */
async function answerAfter(
  target: FastifyInstance,
  url: string,
  headers: Record<string, string>,
  waitMs: number,
): Promise<{ answeredEarly: boolean; statusCode: number; body: string }> {
  await target.ready();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    let answered = false;
    const pending = get(target, url, headers.authorization, headers).then((response) => {
      answered = true;
      return response;
    });
    // Let the request reach the route, which schedules its delay (setImmediate is not faked).
    for (let i = 0; i < 10_000 && vi.getTimerCount() === 0 && !answered; i++)
      await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(waitMs - 1);
    const answeredEarly = answered;
    await vi.advanceTimersByTimeAsync(1);
    const response = await pending;
    return { answeredEarly, statusCode: response.statusCode, body: response.body };
  } finally {
    vi.useRealTimers();
  }
}

describe.each(apis)('%s: fault injection (Prefer)', (_name, c) => {
  const url = `${c.path}?${c.range}`;
  it.each([429, 500, 502, 503, 504])('answers Prefer: code=%i in the API shape', async (code) => {
    const response = await get(app, url, auth, { prefer: `code=${code}` });
    expect(response.statusCode).toBe(code);
    expect(response.headers['content-type']).toBe(c.errorType);
    expect(response.headers['request-id']).toBeTruthy();
  });

  it('gives a 429 a Retry-After (default 1, or as asked)', async () => {
    expect((await get(app, url, auth, { prefer: 'code=429' })).headers['retry-after']).toBe('1');
    expect((await get(app, url, auth, { prefer: 'code=429, retry-after=2' })).headers['retry-after']).toBe(
      '2',
    );
  });

  it('combines code and latency: the fault answers after the delay', async () => {
    const answer = await answerAfter(app, url, { authorization: auth, prefer: 'code=429, latency=20' }, 20);
    expect(answer.answeredEarly).toBe(false);
    expect(answer.statusCode).toBe(429);
    expect(answer.body).toContain('429');
  });

  it('delays with Prefer: latency and still answers the page', async () => {
    const answer = await answerAfter(app, url, { authorization: auth, prefer: 'latency=20' }, 20);
    expect(answer.answeredEarly).toBe(false);
    expect(answer.statusCode).toBe(200);
    expect(c.jobs(JSON.parse(answer.body))).toHaveLength(10);
  });

  it('rejects an unsupported code or latency naming the Prefer header', async () => {
    for (const prefer of ['code=404', 'latency=99999']) {
      const response = await get(app, url, auth, { prefer });
      expect(response.statusCode).toBe(400);
      expect(c.errorFields(response.json())).toContain('Prefer');
    }
  });

  it('still requires a token before a fault is injected', async () => {
    expect((await get(app, url, undefined, { prefer: 'code=500' })).statusCode).toBe(401);
  });
});

describe('global latency', () => {
  it('applies --latency to the API routes only', async () => {
    const slow = testApp({ latency: { min: 30, max: 30 }, auth: false });
    for (const c of [salesforce, dynamics]) {
      const page = await answerAfter(slow, `${c.path}?${c.range}`, {}, 30);
      expect(page.answeredEarly).toBe(false);
      expect(page.statusCode).toBe(200);
    }
    // /healthz answers with no timer time passing at all.
    const health = await answerAfter(slow, '/healthz', {}, 1);
    expect(health.answeredEarly).toBe(true);
    expect(health.statusCode).toBe(200);
    await slow.close();
  });
  it('rejects latency out of bounds', () => {
    expect(() => testApp({ latency: 40_000 })).toThrow(ConfigError);
  });
});

describe.each(apis)('%s: limits and unknown routes', (_name, c) => {
  it('answers a URL over the limit with 414 in the API shape', async () => {
    const response = await get(app, `${c.path}?${c.range}&x=${'a'.repeat(9000)}`, auth);
    expect(response.statusCode).toBe(414);
    expect(response.headers['content-type']).toBe(c.errorType);
    expect(response.headers['request-id']).toBeTruthy();
  });

  it('answers another method with 405 and Allow', async () => {
    const response = await app.inject({ method: 'POST', url: c.path, headers: { authorization: auth } });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
    expect(response.headers['content-type']).toBe(c.errorType);
  });

  it('answers an unknown path under the API with 404 in its shape', async () => {
    const response = await get(app, `${c.path}/nope`, auth);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe(c.errorType);
    expect(response.headers['request-id']).toBeTruthy();
  });

  it('answers a malformed path with 400 in the API shape, not 500', async () => {
    const response = await get(app, `${c.path.slice(0, c.path.lastIndexOf('/'))}/%E0%A4%A`, auth);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe(c.errorType);
    expect(JSON.stringify(response.json())).toContain('The request URL is malformed.');
    expect(response.headers['request-id']).toBeTruthy();
  });

  it('routes the path case-insensitively, as ASP.NET Core does', async () => {
    expect((await get(app, `${c.path.toUpperCase()}?${c.range}`, auth)).statusCode).toBe(200);
  });

  it('never answers 500, whatever the query (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'pageSize',
              'PAGEINDEX',
              'type',
              'status',
              'startTime',
              'finishTime',
              'endTime',
              'organizationId',
              'level',
              '__proto__',
              'constructor',
              'x',
            ),
            fc.string({ maxLength: 30 }),
          ),
          { maxLength: 8 },
        ),
        async (pairs) => {
          const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
          const response = await get(app, `${c.path}?${query}`, auth);
          return response.statusCode === 200 || response.statusCode === 400;
        },
      ),
      { numRuns: 150 },
    );
  });

  it.each(['%', '%zz', '%E0%A4%A', 'a=%', '%00=1', '&&&=&='])(
    'never answers 500 for raw query %j',
    async (raw) => {
      const response = await get(app, `${c.path}?${c.range}&${raw}`, auth);
      expect([200, 400]).toContain(response.statusCode);
    },
  );
});

describe('other routes', () => {
  it('answers 404 with a problem body and a request-id elsewhere', async () => {
    const response = await get(app, '/nope');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.headers['request-id']).toBeTruthy();
  });

  it('answers a malformed path outside the APIs with 400 problem details, not 500', async () => {
    const response = await get(app, '/%E0%A4%A');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toMatchObject({ status: 400, detail: 'The request URL is malformed.' });
    expect(response.headers['request-id']).toBeTruthy();
  });

  it('serves /healthz', async () => {
    const response = await get(app, '/healthz');
    const [sf, d365] = app.mock.apis;
    expect(response.json()).toMatchObject({
      status: 'ok',
      now: new Date(NOW).toISOString(),
      clock: { mode: 'frozen', speed: 1, startedAt: new Date(NOW).toISOString(), quantumMs: 1000 },
      datasets: { salesforce: { jobs: sf!.dataset.size }, dynamics365: { jobs: d365!.dataset.size } },
    });
    expect(sf!.dataset.size).toBeGreaterThan(4000);
  });

  it.each([
    ['salesforce', '/openapi/salesforce-backup.yaml'],
    ['dynamics365', '/openapi/dynamics365-backup.yaml'],
  ] as const)('serves the %s spec at %s, with the enum names in its descriptions', async (api, url) => {
    const response = await get(app, url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/yaml; charset=utf-8');
    // Not listening (inject): no origin to name, so servers and token URLs are as written.
    expect(parseYaml(response.body)).toEqual(specForOrigin(loadSpec(api), undefined));
    expect(response.body).toContain('Values: `');
  });

  it('once listening on a random port, serves every spec naming itself first (relative, then that origin) and its token endpoint', async () => {
    const listening = buildApp({ now: NOW, jobs: 100 });
    try {
      await listening.listen({ port: 0, host: '127.0.0.1' });
      const { port } = listening.server.address() as { port: number };
      const origin = `http://127.0.0.1:${port}`;
      for (const api of apiNames) {
        const response = await fetch(`${origin}/openapi/${specFileName(api)}`);
        expect(response.status).toBe(200);
        const served = parseYaml(await response.text());
        expect(served).toEqual(specForOrigin(loadSpec(api), origin));
        expect(served.servers.slice(0, 2).map((s: { url: string }) => s.url)).toEqual(['/', origin]);
        expect(served.servers.map((s: { url: string }) => s.url)).not.toContain('http://127.0.0.1:4010');
        const flows = Object.values(served.components.securitySchemes).flatMap((scheme) =>
          Object.values((scheme as { flows: Record<string, { tokenUrl: string }> }).flows),
        );
        expect(flows.map((f) => f.tokenUrl)).toEqual(flows.map(() => '/connect/token'));
        expect(flows.length).toBeGreaterThan(0);
      }
      // The files in specs/ are what they were.
      expect(readSpecText('salesforce')).toContain(
        'tokenUrl: https://identity.avepointonlineservices.com/connect/token',
      );
    } finally {
      await listening.close();
    }
  });

  it('serves /docs with both specs and local assets only (no CDN)', async () => {
    const response = await get(app, '/docs');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('/openapi/salesforce-backup.yaml');
    expect(response.body).toContain('/openapi/dynamics365-backup.yaml');
    expect(response.body).not.toMatch(/https?:\/\/(?!127)/);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    for (const asset of [
      '/docs/assets/swagger-ui-bundle.js',
      '/docs/assets/swagger-ui.css',
      '/docs/init.js',
    ]) {
      expect((await get(app, asset)).statusCode).toBe(200);
    }
  });
});

describe('scenario files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-'));

  it('rejects an unreadable or malformed scenario with a message naming the problem', () => {
    expect(() => buildApp({ now: NOW, scenario: join(dir, 'missing.yaml') })).toThrow(/cannot read/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'unknownApi: []\n');
    expect(() => buildApp({ now: NOW, scenario: bad })).toThrow(/unknownApi/);
  });

  it('refuses a scenario file over 10 MiB at once, before reading it', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(10 * 1024 * 1024)}\n`);
    const started = performance.now();
    expect(() => buildApp({ now: NOW, scenario: big })).toThrow(/big\.yaml is over 10485760 bytes/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('accepts an empty scenario', async () => {
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '{}');
    const withScenario = buildApp({ now: NOW, jobs: 100, scenario: empty, auth: false });
    expect((await get(withScenario, `${dynamics.path}?${dynamics.range}`)).statusCode).toBe(200);
    await withScenario.close();
  });
});

describe('options', () => {
  it.each([
    [{ seed: -1 }, /seed/],
    [{ jobs: 1.5 }, /jobs/],
    [{ orgs: 0 }, /orgs/],
    [{ now: 'yesterday' }, /now/],
  ])('rejects %j', (options, message) => {
    expect(() => buildApp(options)).toThrow(message);
  });

  it('defaults now to the current time, and the clock to real at speed 1', () => {
    const defaults = buildApp({ jobs: 10, clock: () => Date.parse('2025-03-04T05:06:07.250Z') });
    expect(defaults.mock.options.now.toISOString()).toBe('2025-03-04T05:06:07.250Z');
    expect(defaults.mock.clock).toMatchObject({ mode: 'real', speed: 1 });
    // The clock's instants are whole seconds.
    expect(defaults.mock.clock.startMs).toBe(Date.parse('2025-03-04T05:06:07Z'));
  });
});
