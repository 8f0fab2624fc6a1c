import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY,
  isRetryableStatus,
  parseRetryAfter,
  resolveRetry,
} from '../src/index.js';

describe('retry policy', () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('retries 429 and 5xx only', () => {
    expect([400, 401, 403, 404, 409, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([
      429, 500, 502, 503,
    ]);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const top = () => 0.999_999;
    expect(backoffDelay(0, DEFAULT_RETRY, top)).toBe(249);
    expect(backoffDelay(1, DEFAULT_RETRY, top)).toBe(499);
    expect(backoffDelay(3, DEFAULT_RETRY, top)).toBe(1999);
    expect(backoffDelay(20, DEFAULT_RETRY, top)).toBe(7999);
    expect(backoffDelay(5, DEFAULT_RETRY, () => 0)).toBe(0);
  });

  it('validates its options', () => {
    expect(resolveRetry({ maxAttempts: 2 }).maxAttempts).toBe(2);
    expect(() => resolveRetry({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => resolveRetry({ baseDelayMs: -1 })).toThrow(RangeError);
  });
});
