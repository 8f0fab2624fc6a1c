// The HTTP edges over a real socket (buildApp + listen on 127.0.0.1, port 0): what Node answers before routing,
// timeouts, framing errors, Host and absolute-form targets, nextLink limits, methods and statuses.

import { generateKeyPairSync } from 'node:crypto';
import { connect } from 'node:net';
import { signClientAssertion } from '@jobwatch/graph-auth';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, dynamics, get, salesforce, testApp } from './helpers.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

let app: FastifyInstance;
let port: number;
let auth: string;

beforeAll(async () => {
  app = testApp({
    // Short timeouts, so that a stalled request is answered in well under a second.
    timeouts: { headersMs: 300, requestMs: 500, checkIntervalMs: 50 },
    clients: [
      { clientId: 'cert-client', certificate: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    ],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  auth = await bearer(app);
});
afterAll(() => app.close());

interface Exchange {
  /** Everything the server wrote before it closed the connection (or the bound passed). */
  text: string;
  /** The status lines, in order. */
  statuses: number[];
}

/**
 * Writes raw bytes (then `later`, after the first answer arrived), and collects what comes back until the server
 * closes (bounded by `waitMs`).
 */
function exchange(raw: string, waitMs = 3_000, later?: string): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const statuses = [...text.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => Number(m[1]));
      resolve({ text, statuses });
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk: Buffer) => {
      const first = text === '';
      text += chunk.toString('latin1');
      if (first && later !== undefined) socket.write(later);
    });
    socket.on('error', () => {});
    socket.on('close', done);
    socket.write(raw);
  });
}

function header(text: string, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)$`, 'im').exec(text)?.[1]?.trim();
}

function body(text: string): unknown {
  return JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
}

describe('timeouts (408, not a generic 400)', () => {
  it('answers stalled headers with 408 in problem+json, with a request-id', async () => {
    const { statuses, text } = await exchange('GET /healthz HTTP/1.1\r\nHost: a\r\nX-Slow: ');
    expect(statuses).toEqual([408]);
    expect(header(text, 'request-id')).toMatch(/:/);
    expect(body(text)).toMatchObject({ status: 408, title: 'Request Timeout' });
  });

  it('answers a stalled token request body with 408 as RFC 6749 JSON', async () => {
    const { statuses, text } = await exchange(
      'POST /connect/token HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type',
    );
    expect(statuses).toEqual([408]);
    expect(header(text, 'request-id')).toMatch(/:/);
    expect(body(text)).toMatchObject({ error: 'invalid_request' });
  });
});

describe('framing errors', () => {
  it('answers a request with a broken chunked body once, never with a second unsolicited response', async () => {
    const { statuses } = await exchange(
      'GET /healthz HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot-a-chunk\r\n\r\n',
    );
    expect(statuses).toHaveLength(1);
  });

  it('answers once when the broken chunk arrives after the response (no unsolicited 400)', async () => {
    const { statuses } = await exchange(
      'GET /healthz HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n',
      1_000,
      'zz\r\nnot-a-chunk\r\n\r\n',
    );
    expect(statuses).toEqual([200]);
  });

  it('answers an invalid Transfer-Encoding once', async () => {
    const { statuses } = await exchange(
      'POST /connect/token HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n5\r\ngrant\r\nXYZ\r\n',
    );
    expect(statuses).toHaveLength(1);
  });
});

describe('answers Node would give without a request-id', () => {
  it('an HTTP/1.1 request without Host: 400 in the path shape, with a request-id', async () => {
    const { statuses, text } = await exchange(`GET ${salesforce.path}?${salesforce.range} HTTP/1.1\r\n\r\n`);
    expect(statuses).toEqual([400]);
    expect(header(text, 'request-id')).toMatch(/:/);
    expect(body(text)).toMatchObject({ statusCode: 400, data: null });
  });

  it('Expect other than 100-continue: 417 with a request-id', async () => {
    const { statuses, text } = await exchange('GET /healthz HTTP/1.1\r\nHost: a\r\nExpect: foo\r\n\r\n');
    expect(statuses).toEqual([417]);
    expect(header(text, 'request-id')).toMatch(/:/);
  });

  it('CONNECT: 405 with a request-id, not a silent close', async () => {
    const { statuses, text } = await exchange(
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
    );
    expect(statuses).toEqual([405]);
    expect(header(text, 'request-id')).toMatch(/:/);
  });
});

function nextLinkOf(text: string): string {
  return (body(text) as { data: { nextLink: string } }).data.nextLink;
}

describe('nextLink origin', () => {
  const target = `${salesforce.path}?${salesforce.range}&pageSize=1`;
  const own = () => `http://127.0.0.1:${port}`;

  it('uses the server origin, not a Host that is not a valid host', async () => {
    const { statuses, text } = await exchange(
      `GET ${target} HTTP/1.1\r\nHost: a"b\r\nAuthorization: ${auth}\r\nConnection: close\r\n\r\n`,
    );
    expect(statuses).toEqual([200]);
    const link = nextLinkOf(text);
    expect(link.startsWith(`${own()}${salesforce.path}?`)).toBe(true);
    expect(() => new URL(link)).not.toThrow();
  });

  it('uses the server origin for HTTP/1.0 without Host', async () => {
    const { text } = await exchange(`GET ${target} HTTP/1.0\r\nAuthorization: ${auth}\r\n\r\n`);
    expect(nextLinkOf(text).startsWith(`${own()}${salesforce.path}?`)).toBe(true);
  });

  it('keeps a valid Host', async () => {
    const { text } = await exchange(
      `GET ${target} HTTP/1.1\r\nHost: jobs.example:8080\r\nAuthorization: ${auth}\r\nConnection: close\r\n\r\n`,
    );
    expect(nextLinkOf(text).startsWith(`http://jobs.example:8080${salesforce.path}?`)).toBe(true);
  });

  it('serves an absolute-form target by its path, in the API shape', async () => {
    const ok = await exchange(
      `GET http://jobs.example${target} HTTP/1.1\r\nHost: other\r\nAuthorization: ${auth}\r\nConnection: close\r\n\r\n`,
    );
    expect(ok.statuses).toEqual([200]);
    expect(nextLinkOf(ok.text).startsWith(`http://jobs.example${salesforce.path}?`)).toBe(true);
    const missing = await exchange(
      `GET http://jobs.example/backup/sfbapi/nothing HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`,
    );
    expect(missing.statuses).toEqual([404]);
    expect(body(missing.text)).toMatchObject({ statusCode: 404, data: null });
  });
});

describe('client assertion audience over HTTP', () => {
  const form = (assertion: string) =>
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'cert-client',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }).toString();

  it("accepts this server's token URL at the address it listens on (and localhost)", async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const assertion = await signClientAssertion({
        clientId: 'cert-client',
        audience: `${origin}/connect/token`,
        privateKey,
      });
      const response = await fetch(`http://127.0.0.1:${port}/connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form(assertion),
      });
      expect(response.status, origin).toBe(200);
    }
  });

  it('refuses an assertion for the token URL a forged Host names', async () => {
    const assertion = await signClientAssertion({
      clientId: 'cert-client',
      audience: 'http://evil.example/connect/token',
      privateKey,
    });
    const payload = form(assertion);
    const { statuses, text } = await exchange(
      `POST /connect/token HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n${payload}`,
    );
    expect(statuses).toEqual([401]);
    expect(body(text)).toMatchObject({ error: 'invalid_client' });
  });
});

describe('nextLink within the limits', () => {
  it('refuses a first request whose nextLink would be over the URL limit (414 in the API shape)', async () => {
    const base = `${salesforce.path}?${salesforce.range}&pageSize=1&pad=`;
    const target = base + 'x'.repeat(8192 - base.length);
    expect(target.length).toBe(8192);
    const response = await get(app, target, auth);
    expect(response.statusCode).toBe(414);
    expect(response.json()).toMatchObject({ statusCode: 414, data: null });
    expect(response.json().message).toMatch(/nextLink/);
  });

  it('refuses a query whose percent-encoding would make nextLink too long', async () => {
    const base = `${salesforce.path}?${salesforce.range}&pageSize=1&pad=`;
    const target = base + '|'.repeat(3000);
    const response = await get(app, target, auth);
    expect(response.statusCode).toBe(414);
  });

  it('serves a target whose nextLink fits, and the nextLink is followable', async () => {
    const base = `${salesforce.path}?${salesforce.range}&pageSize=1&pageIndex=1&pad=`;
    const target = base + 'x'.repeat(8192 - base.length);
    const first = await get(app, target, auth);
    expect(first.statusCode).toBe(200);
    const next = new URL(first.json().data.nextLink);
    expect(next.pathname.length + next.search.length).toBeLessThanOrEqual(8192);
    expect((await get(app, next.pathname + next.search, auth)).statusCode).toBe(200);
  });
});

describe('methods and statuses', () => {
  it.each([
    ['a JSON body', 'application/json', '{"a":'],
    ['a huge body', 'application/json', 'x'.repeat(64 * 1024)],
    ['a form', 'application/x-www-form-urlencoded', 'a=1'],
  ])(
    'answers POST to an API path with %s: 405 with Allow, whatever the body',
    async (_name, type, payload) => {
      for (const c of [salesforce, dynamics]) {
        const response = await app.inject({
          method: 'POST',
          url: c.path,
          headers: { 'content-type': type },
          payload,
        });
        expect(response.statusCode).toBe(405);
        expect(response.headers.allow).toBe('GET, HEAD');
        expect(response.headers['content-type']).toBe(c.errorType);
      }
    },
  );

  it('answers GET /connect/token with 405, Allow: POST and a message that says POST', async () => {
    const response = await app.inject({ method: 'GET', url: '/connect/token' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expect(JSON.stringify(response.json())).toMatch(/use POST/);
  });

  it.each(['OPTIONS', 'PUT', 'DELETE', 'PATCH', 'POST'] as const)(
    'answers %s on /docs, /healthz and /openapi/* with 405 and Allow',
    async (method) => {
      for (const url of ['/docs', '/healthz', '/openapi/salesforce-backup.yaml', '/docs/init.js']) {
        const response = await app.inject({ method, url });
        expect(response.statusCode, url).toBe(405);
        expect(response.headers.allow, url).toBe('GET, HEAD');
        expect(response.headers['request-id']).toBeTruthy();
      }
    },
  );

  it('still answers 404 where no method has a route', async () => {
    expect((await app.inject({ method: 'DELETE', url: '/nothing-here' })).statusCode).toBe(404);
  });
});

describe('page cache and host churn', () => {
  it('keeps caching for new origins after hundreds of distinct Host values', async () => {
    const cached = testApp();
    const token = await bearer(cached);
    const target = `${salesforce.path}?${salesforce.range}&pageSize=2`;
    for (let i = 0; i < 300; i++) await get(cached, target, token, { host: `h${i}.example` });
    const before = cached.mock.pageCache.size;
    await get(cached, target, token, { host: 'fresh.example' });
    expect(cached.mock.pageCache.size).toBe(before + 1);
    await get(cached, target, token, { host: 'fresh.example' });
    expect(cached.mock.pageCache.size).toBe(before + 1); // the second was a hit
    await cached.close();
  });
});

/** The responses in a stream of HTTP/1.1 responses, framed by their content-length. */
function responses(text: string): { status: number; body: string }[] {
  const out: { status: number; body: string }[] = [];
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\r\n\r\n', at);
    if (end === -1) break;
    const head = text.slice(at, end);
    const length = Number(/^content-length: (\d+)$/im.exec(head)?.[1] ?? Number.NaN);
    out.push({ status: Number(head.slice(9, 12)), body: text.slice(end + 4, end + 4 + length) });
    at = end + 4 + length;
  }
  return out;
}

describe('responses written together (fast-path write batch)', () => {
  it('answers pipelined requests in the order sent, fast path and Fastify mixed', async () => {
    const request = (target: string, extra = '') =>
      `GET ${target} HTTP/1.1\r\nHost: a\r\nAuthorization: ${auth}\r\n${extra}\r\n`;
    const raw = [
      request(`${salesforce.path}?${salesforce.range}&pageSize=3`),
      request('/healthz'),
      request(`${salesforce.path}?${salesforce.range}&pageSize=abc`),
      request(`${dynamics.path}?${dynamics.range}&pageSize=2`, 'Connection: close\r\n'),
    ].join('');
    const answers = responses((await exchange(raw)).text);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 200]);
    const [first, health, refused, last] = answers.map((a) => JSON.parse(a.body) as unknown);
    expect(salesforce.jobs(first)).toHaveLength(3);
    expect(health).toMatchObject({ status: 'ok' });
    expect(salesforce.errorFields(refused)).toEqual(['pageSize']);
    expect(dynamics.jobs(last)).toHaveLength(2);
  });

  it('answers many requests that arrive at once, each on its own connection, with its own page', async () => {
    const sizes = Array.from({ length: 40 }, (_, i) => 1 + (i % 9));
    const answers = await Promise.all(
      sizes.map((size) =>
        fetch(`http://127.0.0.1:${port}${salesforce.path}?${salesforce.range}&pageSize=${size}`, {
          headers: { authorization: auth },
        }).then(async (r) => ({ status: r.status, jobs: salesforce.jobs(await r.json()).length })),
      ),
    );
    expect(answers).toEqual(sizes.map((size) => ({ status: 200, jobs: size })));
  });
});
