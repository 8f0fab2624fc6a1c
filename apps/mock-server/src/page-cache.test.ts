import { describe, expect, it } from 'vitest';
import { type OriginPages, PageCache } from './page-cache.js';

const head = (n: number, length = 100) => `${n}:`.padEnd(length, 'x');

describe('PageCache', () => {
  it('returns what was stored for the exact target, per origin', () => {
    const cache = new PageCache({ maxEntries: 10, maxBytes: 1e6, maxEntryBytes: 1000 });
    const a: OriginPages = new Map();
    const b: OriginPages = new Map();
    cache.set(a, '/x?p=1', 'A');
    expect(cache.get(a, '/x?p=1')).toBe('A');
    expect(cache.get(a, '/x?P=1')).toBeUndefined();
    expect(cache.get(b, '/x?p=1')).toBeUndefined();
  });

  it('keeps at most maxEntries, evicting the oldest first', () => {
    const cache = new PageCache({ maxEntries: 3, maxBytes: 1e6, maxEntryBytes: 1000 });
    const pages: OriginPages = new Map();
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) cache.set(pages, key, head(i));
    expect(cache.size).toBe(3);
    expect(cache.get(pages, 'a')).toBeUndefined();
    expect(cache.get(pages, 'b')).toBe(head(1));
    expect(cache.get(pages, 'd')).toBe(head(3));
  });

  it('returns exactly the bytes stored while the arena wraps, whatever the sizes (model check)', () => {
    // A seeded walk against a model: sizes vary so that writes wrap at odd places and overwrite several heads.
    const cache = new PageCache({ maxEntries: 40, maxBytes: 5000, maxEntryBytes: 1200 });
    const pages: OriginPages = new Map();
    const stored = new Map<string, string>();
    let state = 99;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    for (let i = 0; i < 5000; i++) {
      const key = `k${Math.floor(next() * 300)}`;
      const got = cache.get(pages, key);
      if (got === undefined) stored.delete(key);
      else expect(got).toBe(stored.get(key));
      if (next() < 0.5) {
        const text = `${i}:`.padEnd(1 + Math.floor(next() * 1300), String.fromCharCode(33 + (i % 90)));
        cache.set(pages, key, text);
        if (got === undefined && text.length <= 1200) stored.set(key, text);
      }
      expect(cache.size).toBeLessThanOrEqual(40);
      expect(cache.byteSize).toBeLessThanOrEqual(5000);
      expect(pages.size).toBe(cache.size);
    }
  });

  it('keeps within maxBytes and skips bodies above maxEntryBytes', () => {
    const cache = new PageCache({ maxEntries: 1000, maxBytes: 2000, maxEntryBytes: 500 });
    const pages: OriginPages = new Map();
    for (let i = 0; i < 100; i++) {
      cache.set(pages, `t${i}`, head(i, 400));
      expect(cache.byteSize).toBeLessThanOrEqual(2000);
    }
    expect(cache.size).toBeGreaterThan(0);
    cache.set(pages, 'big', head(0, 501));
    expect(cache.get(pages, 'big')).toBeUndefined();
  });

  it('caches nothing when disabled', () => {
    const cache = new PageCache({ maxEntries: 0, maxBytes: 1e6, maxEntryBytes: 1000 });
    const pages: OriginPages = new Map();
    cache.set(pages, 'a', 'A');
    expect(cache.enabled).toBe(false);
    expect(cache.get(pages, 'a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
