import { describe, expect, it } from 'vitest';
import { checkPageSize, flattenPages } from '../src/index.js';

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
