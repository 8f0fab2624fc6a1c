// Limits of the REAL mock process, verified over TCP/HTTP on 127.0.0.1 (the figures are in README "Limits"):
//   - request target: ≤ 8192 bytes served; 8193+ → 414 in the API's documented error shape; beyond Node's 16 KiB
//     header limit → 431 before routing, connection closed; the server keeps serving either way;
//   - token endpoint body: ≤ 16384 bytes parsed; more → 413 as RFC 6749 invalid_request; keeps serving;
//   - slow and partial requests (stalled headers, stalled body) neither block other clients nor hold a socket for
//     ever: the server answers them 408 (RFC 6749 JSON on the token path) and closes them. The defaults are
//     20 s / 30 s; this suite starts a second mock with --headers-timeout/--request-timeout of a few hundred ms,
//     so the same code path is checked in about a second;
//   - keep-alive: the server announces its idle timeout (72 s) in `Keep-Alive`.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CASES, type ApiCase, broadQuery } from '../src/apis.js';
import { closeSharedAgent, get, json, postForm, send } from '../src/http.js';
import { demoToken, isAlive, type MockProcess, startMock } from '../src/mock.js';

const URL_LIMIT = 8192;
const HEADER_LIMIT = 16 * 1024;
const TOKEN_BODY_LIMIT = 16 * 1024;

let mock: MockProcess;
let token: string;

beforeAll(async () => {
  mock = await startMock();
  token = await demoToken(mock);
});

afterAll(async () => {
  closeSharedAgent();
  expect(await mock?.stop()).toBe(0);
});

/**
 * A valid query padded with an ignored parameter to exactly `length` bytes. It names pageIndex, so that its
 * nextLink is as long as the target itself (the mock refuses a page whose nextLink could not be followed).
 */
function padded(c: ApiCase, length: number, pageIndex = '&pageIndex=1'): string {
  const base = `${broadQuery(c.api, 30, 1)}${pageIndex}&pad=`;
  return base + 'x'.repeat(length - base.length);
}

async function stillServes(c: ApiCase = API_CASES[0]!): Promise<void> {
  const response = await get(mock.baseUrl, broadQuery(c.api, 30, 1), token);
  expect(response.status).toBe(200);
}

describe.each(API_CASES.map((c) => [c.api, c] as [string, ApiCase]))('URL length %s', (_api, c) => {
  it(`a target of exactly ${URL_LIMIT} bytes is served`, async () => {
    const target = padded(c, URL_LIMIT);
    expect(target.length).toBe(URL_LIMIT);
    expect((await get(mock.baseUrl, target, token)).status).toBe(200);
  });

  // Only a response with a nextLink (Salesforce) can grow past the limit; Dynamics 2024-10 pages have none.
  it(`a ${URL_LIMIT}-byte target whose nextLink would be longer (no pageIndex): 414 where there is a nextLink`, async () => {
    const target = padded(c, URL_LIMIT, '');
    expect(target.length).toBe(URL_LIMIT);
    const response = await get(mock.baseUrl, target, token);
    if (c.api !== 'salesforce') {
      expect(response.status).toBe(200);
      return;
    }
    expect(response.status).toBe(414);
    expect(c.error(414, String(response.headers['content-type']), json(response.text)).problems).toEqual([]);
    expect(response.text).toContain('nextLink');
  });

  it(`a target of ${URL_LIMIT + 1} bytes → 414 in the documented shape`, async () => {
    const response = await get(mock.baseUrl, padded(c, URL_LIMIT + 1), token);
    expect(response.status).toBe(414);
    expect(typeof response.headers['request-id']).toBe('string');
    expect(c.error(414, String(response.headers['content-type']), json(response.text)).problems).toEqual([]);
    await stillServes(c);
  });

  it('a 414 comes before auth: no token needed to be told the URL is too long', async () => {
    const response = await get(mock.baseUrl, padded(c, URL_LIMIT * 2 - 100));
    expect(response.status).toBe(414);
  });

  it(`a target beyond the ${HEADER_LIMIT}-byte header limit → 431, then the server still serves`, async () => {
    const response = await get(mock.baseUrl, padded(c, HEADER_LIMIT + 10), token);
    expect(response.status).toBe(431);
    expect(json(response.text)).toMatchObject({ status: 431 });
    await stillServes(c);
  });
});

describe('request headers', () => {
  it('headers beyond 16 KiB → 431, then the server still serves', async () => {
    const response = await get(mock.baseUrl, broadQuery('salesforce', 30, 1), token, {
      'x-big': 'y'.repeat(HEADER_LIMIT),
    });
    expect(response.status).toBe(431);
    await stillServes();
  });

  it('raw non-ASCII bytes in the target → a protocol-level 400 (before routing), then the server still serves', async () => {
    const response = await send(mock.baseUrl, {
      target: `${broadQuery('salesforce', 30, 1)}&x=caf\u00e9`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(400);
    expect(json(response.text)).toMatchObject({ status: 400 });
    await stillServes();
  });
});

describe('token endpoint body', () => {
  const base = 'grant_type=client_credentials&client_id=jobwatch-demo&client_secret=wrong&pad=';
  it(`a body of exactly ${TOKEN_BODY_LIMIT} bytes is parsed (invalid_client, not 413)`, async () => {
    const body = base + 'x'.repeat(TOKEN_BODY_LIMIT - base.length);
    expect(body.length).toBe(TOKEN_BODY_LIMIT);
    const response = await postForm(mock.tokenUrl, body);
    expect(response.status).toBe(401);
    expect(json(response.text)).toMatchObject({ error: 'invalid_client' });
  });

  it(`a body of ${TOKEN_BODY_LIMIT + 1} bytes → 413 invalid_request (RFC 6749 JSON), then tokens are still issued`, async () => {
    const response = await postForm(mock.tokenUrl, base + 'x'.repeat(TOKEN_BODY_LIMIT + 1 - base.length));
    expect(response.status).toBe(413);
    expect(json(response.text)).toMatchObject({ error: 'invalid_request' });
    expect(await demoToken(mock)).toMatch(/^ey/);
  });

  it('a 1 MiB body is refused the same way without the server reading it all into a parse', async () => {
    const response = await postForm(mock.tokenUrl, Buffer.alloc(1024 * 1024, 0x61));
    expect(response.status).toBe(413);
    expect(json(response.text)).toMatchObject({ error: 'invalid_request' });
    expect(isAlive(mock.pid)).toBe(true);
  });
});

describe('keep-alive', () => {
  it('announces its idle timeout', async () => {
    const response = await get(mock.baseUrl, broadQuery('salesforce', 30, 1), token);
    expect(String(response.headers['keep-alive'])).toMatch(/timeout=72\b/);
  });
});

/** Opens a raw socket to `baseUrl`, writes `text`, and resolves when the server closes it (with its answer). */
function stalledSocket(
  baseUrl: string,
  text: string,
): { socket: Socket; closed: Promise<{ answer: string; ms: number }> } {
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  const started = Date.now();
  let answer = '';
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  socket.write(text);
  const closed = new Promise<{ answer: string; ms: number }>((resolve) => {
    socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
  });
  return { socket, closed };
}

const HEADERS_TIMEOUT_MS = 300;
const REQUEST_TIMEOUT_MS = 600;

describe('slow and partial requests', () => {
  let quick: MockProcess;
  beforeAll(async () => {
    quick = await startMock({
      args: [
        '--headers-timeout',
        String(HEADERS_TIMEOUT_MS),
        '--request-timeout',
        String(REQUEST_TIMEOUT_MS),
      ],
    });
  });
  afterAll(async () => {
    expect(await quick?.stop()).toBe(0);
  });

  it('answers stalled clients 408 and closes them, without blocking others', async () => {
    const host = new URL(quick.baseUrl).host;
    const quickToken = await demoToken(quick);
    // 20 clients that stop in the middle of their headers, 20 that promise a body and send 10 bytes of it.
    const headers = Array.from({ length: 20 }, () =>
      stalledSocket(quick.baseUrl, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `),
    );
    const bodies = Array.from({ length: 20 }, () =>
      stalledSocket(
        quick.baseUrl,
        `POST /connect/token HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ngrant_type`,
      ),
    );
    // Meanwhile, normal clients are served.
    for (let i = 0; i < 20; i++) {
      const c = API_CASES[i % 2]!;
      expect((await get(quick.baseUrl, broadQuery(c.api, 30, 1), quickToken)).status).toBe(200);
    }

    // Every stalled socket is answered and closed within a bound (timeout + Node's checking interval + load).
    const bound = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref());
    const results = await Promise.race([Promise.all([...headers, ...bodies].map((s) => s.closed)), bound]);
    for (const s of [...headers, ...bodies]) s.socket.destroy();
    expect(results).not.toBe('timeout');
    if (results === 'timeout') return;
    const headerAnswers = results.slice(0, 20);
    const bodyAnswers = results.slice(20);
    expect(headerAnswers).toHaveLength(20);
    for (const { answer } of headerAnswers) {
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toMatch(/\r\nrequest-id: /);
      expect(answer).toContain('application/problem+json');
    }
    for (const { answer } of bodyAnswers) {
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(json(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'invalid_request' });
    }
    const slowest = (list: { ms: number }[]) => Math.max(...list.map((r) => r.ms));
    console.log(
      `slow clients: all 40 stalled sockets answered 408 and closed; stalled headers after ≤ ${slowest(headerAnswers)} ms ` +
        `(timeout ${HEADERS_TIMEOUT_MS}), stalled bodies after ≤ ${slowest(bodyAnswers)} ms (timeout ${REQUEST_TIMEOUT_MS})`,
    );
    expect((await get(quick.baseUrl, '/healthz')).status).toBe(200);
  }, 30_000);
});
