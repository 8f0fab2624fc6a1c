// The retry policy shared by the token endpoint and both APIs: what is retried, and how long to wait.

/** How a failed request is retried. */
export interface RetryOptions {
  /** Attempts in all, the first one included. 1 disables retries. Default 4. */
  maxAttempts: number;
  /** The cap of the first backoff, in ms; it doubles with each retry (full jitter). Default 250. */
  baseDelayMs: number;
  /** The largest backoff, in ms. Default 8000. */
  maxDelayMs: number;
  /** The longest `Retry-After` that is honoured, in ms; a longer one ends the retries. Default 60000. */
  maxRetryAfterMs: number;
}

/** The defaults: 4 attempts, backoff capped at 0.25 s, 0.5 s, 1 s … 8 s, `Retry-After` up to a minute. */
export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
});

/** Fills in the defaults and rejects values that would retry forever or never wait. */
export function resolveRetry(options: Partial<RetryOptions> = {}): RetryOptions {
  const retry = { ...DEFAULT_RETRY, ...options };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    throw new RangeError('retry.maxAttempts must be an integer ≥ 1');
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (!Number.isFinite(retry[key]) || retry[key] < 0) throw new RangeError(`retry.${key} must be ≥ 0`);
  }
  return retry;
}

/** True for the statuses worth another attempt: 429 and every 5xx. Other 4xx will not change on a retry. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Reads a `Retry-After` header: delta-seconds or an HTTP date. Returns the wait in ms (never negative), or
 * `undefined` when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(maxDelay, base · 2^retry)). `retry` counts
 * from 0 for the first retry. Full jitter spreads clients out after a shared outage.
 */
export function backoffDelay(
  retry: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.floor(random() * cap);
}
