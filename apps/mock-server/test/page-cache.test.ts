// The page cache must be invisible: a cached page is byte-identical to an uncached render (apart from the
// per-response ids), auth still runs on every request, errors are never cached, and nextLink keeps the origin
// and spelling of each request.
import { nextPageUrl } from '@jobwatch/jobs-engine';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CACHE_MAX_ENTRY_BYTES } from '../src/limits.js';
import { requestUrlOf } from '../src/routes/jobs.js';
import { apis, bearer, get, salesforce, testApp } from './helpers.js';

const META = /"(requestId|timestamp|traceId)":"[^"]*"/g;
const stripMeta = (body: string) => body.replace(META, '');

let cached: FastifyInstance;
let uncached: FastifyInstance;
let auth: string;
beforeAll(async () => {
  cached = testApp();
  uncached = testApp({ pageCache: 0 });
  await Promise.all([cached.ready(), uncached.ready()]);
  auth = await bearer(cached);
});
afterAll(() => Promise.all([cached.close(), uncached.close()]));

describe.each(apis)('%s page cache', (_name, c) => {
  const targets = [
    `${c.path}?${c.range}&pageSize=10&pageIndex=2`,
    `${c.path}?${c.range}&pageSize=7&status=${c.api === 'salesforce' ? 2 : 3}`,
    `${c.path.toUpperCase()}?${c.range.replace('startTime', 'STARTTIME')}&pageindex=3&x=%C3%A9&y=a+b`,
    // The biggest page here that still fits under the per-entry cap (PAGE_CACHE_MAX_ENTRY_BYTES).
    `${c.path}?${c.range}&pageSize=50`,
  ];

  it.each(targets)('answers %s from the cache with the bytes of an uncached render', async (target) => {
    const sizeBefore = cached.mock.pageCache.size;
    const first = await get(cached, target, auth);
    const size = cached.mock.pageCache.size;
    const hits = cached.mock.pageCache.hits;
    const second = await get(cached, target, auth);
    const plain = await get(uncached, target, auth);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(size).toBe(sizeBefore + 1); // the first answer was rendered and stored
    expect(cached.mock.pageCache.hits).toBe(hits + 1); // the second was read back from the cache
    expect(cached.mock.pageCache.size).toBe(size);
    expect(stripMeta(second.body)).toBe(stripMeta(first.body));
    expect(stripMeta(second.body)).toBe(stripMeta(plain.body));
    expect(second.headers['content-type']).toBe(plain.headers['content-type']);
    // Fresh ids on every response, also from the cache.
    if (c.api === 'salesforce') {
      const [a, b] = [first.json(), second.json()];
      expect(b.requestId).toBe(second.headers['request-id']);
      expect(b.requestId).not.toBe(a.requestId);
      expect(b.traceId).not.toBe(a.traceId);
    }
    expect(second.headers['request-id']).not.toBe(first.headers['request-id']);
  });

  it('renders a page above the per-entry cap every time, with the same bytes, and never stores it', async () => {
    const target = `${c.path}?${c.range}&pageSize=1000`;
    const { size, hits } = cached.mock.pageCache;
    const first = await get(cached, target, auth);
    const second = await get(cached, target, auth);
    const plain = await get(uncached, target, auth);
    expect(first.statusCode).toBe(200);
    expect(first.body.length).toBeGreaterThan(PAGE_CACHE_MAX_ENTRY_BYTES);
    expect(cached.mock.pageCache.size).toBe(size);
    expect(cached.mock.pageCache.hits).toBe(hits);
    expect(stripMeta(second.body)).toBe(stripMeta(first.body));
    expect(stripMeta(second.body)).toBe(stripMeta(plain.body));
  });

  it('still checks the bearer token of every request for a cached page', async () => {
    const target = targets[0]!;
    expect((await get(cached, target, auth)).statusCode).toBe(200);
    expect((await get(cached, target)).statusCode).toBe(401);
    expect((await get(cached, target, 'Bearer not-a-token')).statusCode).toBe(401);
    const other = await bearer(
      cached,
      c.api === 'salesforce' ? 'Dynamics.ReadWrite.All' : 'salesforce.public.read.all',
    );
    expect((await get(cached, target, other)).statusCode).toBe(403);
  });

  it('caches no error', async () => {
    const size = cached.mock.pageCache.size;
    for (const target of [`${c.path}?${c.range}&pageSize=0`, `${c.path}?pageSize=1&pagesize=2`]) {
      const a = await get(cached, target, auth);
      const b = await get(cached, target, auth);
      expect(a.statusCode).toBe(400);
      expect(stripMeta(b.body)).toBe(stripMeta(a.body));
    }
    expect(cached.mock.pageCache.size).toBe(size);
  });
});

describe('nextLink from the cache', () => {
  it('keeps the origin of each request (the origin is part of the key)', async () => {
    const target = `${salesforce.path}?${salesforce.range}&pageSize=5`;
    for (const host of ['127.0.0.1:4010', 'LocalHost:80', 'example.com:8080', 'bad host', '127.0.0.1:4010']) {
      for (const app of [cached, uncached]) {
        const response = await get(app, target, auth, { host });
        const origin = host === 'bad host' ? 'http://localhost' : new URL(`http://${host}`).origin;
        expect(response.json().data.nextLink).toBe(`${origin}${target}&pageIndex=2`);
      }
    }
  });

  it.each([
    "?x='&pageIndex=1",
    '?x=é&pageIndex=1',
    '?x=%7B%7D&x2={}&pageIndex=1',
    '?pageIndex=1&x=a|b^c`d',
    '?pageIndex=1&x="<>',
    '?',
  ])('is what new URL gives for a target that URL parsing rewrites: %s', async (suffix) => {
    const target = `${salesforce.path}${suffix}${suffix === '?' ? '' : '&'}${salesforce.range}&pageSize=5`;
    for (const app of [cached, uncached, cached]) {
      const response = await get(app, target, auth);
      expect(response.statusCode).toBe(200);
      // inject's default Host is localhost:80.
      expect(response.json().data.nextLink).toBe(nextPageUrl(new URL(target, 'http://localhost:80'), 2));
    }
  });
});

describe('requestUrlOf', () => {
  it('gives the pathname and search that new URL gives, for any target', () => {
    // Characters that URL parsing keeps, rewrites (percent-encodes, resolves, drops) or rejects.
    const chars = [...'aZ09-._~!$&()*+,;=:@/?%.\'"<>`{}|^[]#\\ é\t'];
    const target = fc
      .array(fc.constantFrom(...chars, 'pageIndex=', '%2e', '%41', '..', '//'), { maxLength: 24 })
      .map((parts) => `/${parts.join('')}`);
    fc.assert(
      fc.property(target, fc.constantFrom('http://127.0.0.1:4010', 'http://localhost'), (t, origin) => {
        const url = requestUrlOf(t, origin);
        let expected: URL | null = null;
        for (const base of [origin, 'http://localhost']) {
          try {
            expected ??= new URL(t, base);
          } catch {
            // tried next
          }
        }
        if (expected === null) return; // not a URL at all: only "does not throw" is asked
        // A lone trailing `?` is an empty search either way.
        const search = (u: { search: string }) => (u.search === '?' ? '' : u.search);
        expect([url.origin, url.pathname, search(url)]).toEqual([
          expected.origin,
          expected.pathname,
          search(expected),
        ]);
        expect(nextPageUrl(url, 3)).toBe(nextPageUrl(expected, 3));
      }),
      { numRuns: 2000 },
    );
  });
});
