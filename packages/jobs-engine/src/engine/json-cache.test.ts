import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import { codecFor, JsonCache } from './json-cache.js';

const text = (p: number, rendering: string, length: number) =>
  `{"p":${p},"r":"${rendering}","pad":"${'x'.repeat(length)}"}`;

describe('JsonCache (a byte arena used as a ring)', () => {
  it('gives back exactly what was cached, per rendering, and nothing else', () => {
    const cache = new JsonCache(100, 50, 64 * 1024);
    cache.set('value', 3, text(3, 'value', 10));
    cache.set('name', 3, text(3, 'name', 20));
    expect(cache.get('value', 3)).toBe(text(3, 'value', 10));
    expect(cache.get('name', 3)).toBe(text(3, 'name', 20));
    expect(cache.get('value', 4)).toBeUndefined();
    expect(cache.get('other', 3)).toBeUndefined();
    expect(cache.count).toBe(2);
  });

  it('finds a text cached after its rendering was asked for (and missed), and after a resize', () => {
    const cache = new JsonCache(10, 50, 64 * 1024);
    expect(cache.get('value', 1)).toBeUndefined();
    cache.set('value', 1, text(1, 'value', 5));
    expect(cache.get('value', 1)).toBe(text(1, 'value', 5));
    expect(cache.get('name', 1)).toBeUndefined();
    cache.resize(20);
    cache.set('value', 15, text(15, 'value', 5));
    expect(cache.get('value', 15)).toBe(text(15, 'value', 5));
    expect(cache.get('value', 1)).toBe(text(1, 'value', 5));
  });

  it('evicts the oldest first, by entries and by bytes, and never returns an overwritten text', () => {
    const random = seededRandom(9);
    const byEntries = new JsonCache(1000, 20, 1 << 20);
    const byBytes = new JsonCache(1000, 10_000, 4096);
    const written: { p: number; r: string; t: string }[] = [];
    for (let i = 0; i < 5000; i++) {
      const p = Math.floor(random() * 1000);
      const r = random() < 0.5 ? 'value' : 'name';
      const t = text(p, r, Math.floor(random() * 300));
      for (const cache of [byEntries, byBytes]) {
        if (cache.get(r, p) === undefined) cache.set(r, p, t);
      }
      written.push({ p, r, t });
      // Every cached text is the one last written for its slot while it was absent.
      for (const cache of [byEntries, byBytes]) {
        for (let k = Math.max(0, written.length - 40); k < written.length; k++) {
          const w = written[k]!;
          const got = cache.get(w.r, w.p);
          if (got !== undefined) expect(got).toMatch(new RegExp(`^\\{"p":${w.p},"r":"${w.r}",`));
        }
      }
    }
    expect(byEntries.count).toBe(20);
    expect(byBytes.count).toBeGreaterThan(5);
    expect(byBytes.count).toBeLessThan(4096 / 20);
    // The newest text is always there.
    const last = written[written.length - 1]!;
    expect(byEntries.get(last.r, last.p)).toBeDefined();
    expect(byBytes.get(last.r, last.p)).toBeDefined();
  });

  it('keeps its texts when it grows to more jobs', () => {
    const cache = new JsonCache(10, 10, 4096);
    cache.set('value', 9, '{"a":9}');
    cache.set('name', 2, '{"b":2}');
    cache.resize(20);
    expect(cache.get('value', 9)).toBe('{"a":9}');
    expect(cache.get('name', 2)).toBe('{"b":2}');
    cache.set('value', 19, '{"c":19}');
    expect(cache.get('value', 19)).toBe('{"c":19}');
    for (let p = 0; p < 20; p++) cache.set('name', p, `{"n":${p}}`);
    expect(cache.get('value', 9)).toBeUndefined(); // evicted (10 entries at most), not mixed up
    expect(cache.get('name', 19)).toBe('{"n":19}');
  });

  it('is disabled with no entries or no arena, and skips texts larger than the arena', () => {
    for (const cache of [new JsonCache(10, 0, 4096), new JsonCache(10, 10, 0)]) {
      cache.set('value', 1, '{}');
      expect(cache.get('value', 1)).toBeUndefined();
    }
    const small = new JsonCache(10, 10, 64);
    small.set('value', 1, text(1, 'value', 100));
    expect(small.get('value', 1)).toBeUndefined();
    small.set('value', 2, '{"a":1}');
    expect(small.get('value', 2)).toBe('{"a":1}');
  });

  it('writes and reads texts alike with the Node Buffer and with TextEncoder/TextDecoder (browsers)', () => {
    const text = '{"jobId":"BK20241015105312327583","name":"a\\u00e9b","n":12}';
    for (const nodeBuffer of [undefined, Buffer as unknown as Parameters<typeof codecFor>[1]]) {
      const arena = new Uint8Array(256);
      const codec = codecFor(arena, nodeBuffer);
      codec.write(arena, text, 16);
      expect(codec.read(arena, 16, 16 + text.length)).toBe(text);
      expect(arena[15]).toBe(0);
      expect(arena[16 + text.length]).toBe(0);
    }
  });
});
