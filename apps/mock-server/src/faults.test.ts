import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { injectedError, parseLatency, parsePrefer } from './faults.js';

describe('parseLatency', () => {
  it.each([
    ['200', { min: 200, max: 200 }],
    ['100-300', { min: 100, max: 300 }],
    ['0', { min: 0, max: 0 }],
  ])('reads %s', (text, range) => expect(parseLatency(text)).toEqual(range));
  it.each(['abc', '300-100', '-5', '1.5', '40000', '1-40000'])('rejects %s', (text) => {
    expect(() => parseLatency(text)).toThrow(/--latency/);
  });
});

describe('parsePrefer (Prism convention)', () => {
  it('reads code, latency and retry-after, separated by commas or semicolons', () => {
    expect(parsePrefer('code=429, latency=100')).toEqual({ code: 429, latencyMs: 100, retryAfter: null });
    expect(parsePrefer('code=429; retry-after=2')).toEqual({ code: 429, latencyMs: null, retryAfter: 2 });
  });
  it('ignores preferences it does not know', () => {
    expect(parsePrefer('return=minimal')).toEqual({ code: null, latencyMs: null, retryAfter: null });
  });
  it.each(['code=404', 'code=abc', 'latency=30001', 'latency=-1', 'retry-after=99999'])(
    'rejects %s',
    (header) => {
      const result = parsePrefer(header);
      expect(result).toBeInstanceOf(ApiError);
      expect((result as ApiError).problems[0]).toMatchObject({ field: 'Prefer', code: 'InvalidParameter' });
    },
  );
  it('gives a 429 a Retry-After, default 1 s', () => {
    expect(injectedError({ code: 429, latencyMs: null, retryAfter: null }).headers).toEqual({
      'retry-after': '1',
    });
    expect(injectedError({ code: 429, latencyMs: null, retryAfter: 5 }).headers).toEqual({
      'retry-after': '5',
    });
    expect(injectedError({ code: 503, latencyMs: null, retryAfter: null }).status).toBe(503);
  });
});
