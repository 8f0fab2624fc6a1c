// Fault injection for testing a client's retry logic, on the API routes only:
// - a global latency (`--latency 200` or `--latency 100-300`, uniform in the range);
// - per request, a `Prefer` header in Prism's convention: `code=429|500|502|503|504`, `latency=<ms>`,
//   `retry-after=<s>` (Retry-After of a 429/503; a 429 always carries one, default 1 s).
// Preferences are separated by `,` or `;`; unknown preferences (`return=minimal`) are ignored.
// Every delay is bounded by MAX_LATENCY_MS so that a stray header cannot park a connection for long.
import { ApiError, apiMessages, ConfigError } from './errors.js';

export const MAX_LATENCY_MS = 30_000;
export const MAX_RETRY_AFTER_SECONDS = 3600;
export const DEFAULT_RETRY_AFTER_SECONDS = 1;
export const INJECTABLE_CODES: readonly number[] = [429, 500, 502, 503, 504];

export interface LatencyRange {
  min: number;
  max: number;
}

const LATENCY_TEXT = /^(\d{1,6})(?:-(\d{1,6}))?$/;

/** `200` or `100-300` (milliseconds); throws ConfigError with a one-line reason. */
export function parseLatency(text: string): LatencyRange {
  const match = LATENCY_TEXT.exec(text.trim());
  if (!match) throw new ConfigError(`--latency must be <ms> or <min>-<max> in milliseconds, got "${text}"`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (min > max) throw new ConfigError(`--latency: min ${min} is greater than max ${max}`);
  if (max > MAX_LATENCY_MS) throw new ConfigError(`--latency: at most ${MAX_LATENCY_MS} ms`);
  return { min, max };
}

export function normaliseLatency(latency: number | LatencyRange | undefined): LatencyRange | null {
  if (latency === undefined) return null;
  const range = typeof latency === 'number' ? { min: latency, max: latency } : latency;
  if (
    !Number.isInteger(range.min) ||
    !Number.isInteger(range.max) ||
    range.min < 0 ||
    range.min > range.max ||
    range.max > MAX_LATENCY_MS
  ) {
    throw new ConfigError(`latency must be whole milliseconds with 0 <= min <= max <= ${MAX_LATENCY_MS}`);
  }
  return range.max === 0 ? null : range;
}

export function pickLatency(range: LatencyRange | null): number {
  if (range === null) return 0;
  return range.min === range.max
    ? range.min
    : range.min + Math.floor(Math.random() * (range.max - range.min + 1));
}

export interface Faults {
  /** A status to answer instead of the real response, or null. */
  code: number | null;
  /** Extra delay for this request, ms, or null. */
  latencyMs: number | null;
  retryAfter: number | null;
}

const NO_FAULTS: Faults = Object.freeze({ code: null, latencyMs: null, retryAfter: null });
const WHOLE = /^\d{1,9}$/;

function badPrefer(detail: string): ApiError {
  return ApiError.of('InvalidParameter', 'Prefer', apiMessages.badPrefer(detail));
}

/** Parses the Prefer header; returns the faults or the 400 to answer. */
export function parsePrefer(header: string | string[] | undefined): Faults | ApiError {
  if (header === undefined) return NO_FAULTS;
  const text = Array.isArray(header) ? header.join(',') : header;
  const faults: Faults = { code: null, latencyMs: null, retryAfter: null };
  for (const part of text.split(/[,;]/)) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'code') {
      const code = WHOLE.test(value) ? Number(value) : Number.NaN;
      if (!INJECTABLE_CODES.includes(code))
        return badPrefer(`code must be one of ${INJECTABLE_CODES.join(', ')}`);
      faults.code = code;
    } else if (name === 'latency') {
      const ms = WHOLE.test(value) ? Number(value) : Number.NaN;
      if (!(ms <= MAX_LATENCY_MS))
        return badPrefer(`latency must be whole milliseconds from 0 to ${MAX_LATENCY_MS}`);
      faults.latencyMs = ms;
    } else if (name === 'retry-after') {
      const seconds = WHOLE.test(value) ? Number(value) : Number.NaN;
      if (!(seconds <= MAX_RETRY_AFTER_SECONDS)) {
        return badPrefer(`retry-after must be whole seconds from 0 to ${MAX_RETRY_AFTER_SECONDS}`);
      }
      faults.retryAfter = seconds;
    }
  }
  return faults;
}

/** The error a forced code answers with, carrying Retry-After where it applies. */
export function injectedError(faults: Faults): ApiError {
  const code = faults.code ?? 500;
  const headers: Record<string, string> = {};
  if (code === 429) headers['retry-after'] = String(faults.retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS);
  else if (faults.retryAfter !== null) headers['retry-after'] = String(faults.retryAfter);
  const errorCode =
    code === 429
      ? 'TooManyRequests'
      : code === 502
        ? 'BadGateway'
        : code === 503
          ? 'ServiceUnavailable'
          : code === 504
            ? 'GatewayTimeout'
            : 'InternalError';
  return ApiError.of(errorCode, null, apiMessages.injected(code), headers);
}
