import { describe, expect, it } from 'vitest';
import { checkPageSize, fetchNextPage, flattenPages, GraphError, toPageWireQuery } from '../src/index.js';

describe('flattenPages', () => {
  it('yields every item of every page in order, skipping empty pages', async () => {
    async function* pages() {
      yield [1, 2];
      yield [];
      yield [3];
    }
    const items: number[] = [];
    for await (const item of flattenPages(pages(), (p) => p)) items.push(item);
    expect(items).toEqual([1, 2, 3]);
  });

  it('closes the page source when the consumer stops early', async () => {
    let closed = false;
    let fetched = 0;
    async function* pages() {
      try {
        for (;;) {
          fetched++;
          yield [fetched, fetched];
        }
      } finally {
        closed = true;
      }
    }
    for await (const item of flattenPages(pages(), (p) => p)) if (item === 2) break;
    expect(closed).toBe(true);
    expect(fetched).toBe(2);
  });

  it('passes errors of the source through', async () => {
    async function* pages(): AsyncGenerator<number[]> {
      yield [1];
      throw new Error('page 2 failed');
    }
    const seen: number[] = [];
    await expect(async () => {
      for await (const item of flattenPages(pages(), (p) => p)) seen.push(item);
    }).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1]);
  });

  it('checks page sizes', () => {
    expect(checkPageSize(1000)).toBe(1000);
    expect(() => checkPageSize(0)).toThrow(RangeError);
    expect(() => checkPageSize(1001)).toThrow(RangeError);
    expect(() => checkPageSize(2.5)).toThrow(RangeError);
  });
});

describe('toPageWireQuery', () => {
  const toWire = (filters: { from: string }) =>
    ({ start: filters.from.toUpperCase() }) as {
      start: string;
      pageIndex?: number;
      pageSize?: number;
    };

  it('converts the filters and adds the page window the caller gave', () => {
    expect(toPageWireQuery({ from: 'a', pageIndex: 2, pageSize: 50 }, toWire)).toEqual({
      start: 'A',
      pageIndex: 2,
      pageSize: 50,
    });
  });

  it('leaves out a window the caller did not give, and keeps it from the filters', () => {
    const seen: unknown[] = [];
    const wire = toPageWireQuery({ from: 'a' }, (filters) => {
      seen.push(filters);
      return toWire(filters);
    });
    expect(wire).toStrictEqual({ start: 'A' });
    expect(seen).toStrictEqual([{ from: 'a' }]);
  });
});

describe('fetchNextPage', () => {
  it('requests the link as JSON with the signal and returns the body', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      calls.push([String(input), init]);
      return Response.json({ ok: 1 });
    }) as typeof globalThis.fetch;
    const signal = new AbortController().signal;
    await expect(fetchNextPage(fetch, 'https://x.test/next', 'Some API', signal)).resolves.toEqual({ ok: 1 });
    expect(calls).toEqual([['https://x.test/next', { headers: { accept: 'application/json' }, signal }]]);
  });

  it('names the API when the body is not JSON', async () => {
    const fetch = (async () => new Response('<html>')) as typeof globalThis.fetch;
    const answer = fetchNextPage(fetch, 'https://x.test/next', 'Some API', undefined);
    await expect(answer).rejects.toThrow(GraphError);
    await expect(fetchNextPage(fetch, 'https://x.test/next', 'Some API', undefined)).rejects.toThrow(
      'Some API: the next page is not JSON',
    );
  });
});
