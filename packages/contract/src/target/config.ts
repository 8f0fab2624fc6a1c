// What a run is pointed at, and the defaults that keep a live service safe.
import type { Credentials } from './credentials.js';

export type Target = {
  /** The API origin, e.g. `https://graph-us.avepointonlineservices.com` or the mock's URL. */
  baseUrl: string;
  credentials: Credentials;
  /** `mock` when the suite started the mock itself; shown in the report. */
  kind?: 'mock' | 'live';
};

export const DEFAULT_BUDGET = 300;
/** Requests per second against a remote target. */
export const DEFAULT_LIVE_RATE = 5;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Loopback targets (the mock, a local server) run unthrottled; anything else at DEFAULT_LIVE_RATE. */
export function defaultRate(baseUrl: string): number {
  return LOOPBACK.has(new URL(baseUrl).hostname) ? 0 : DEFAULT_LIVE_RATE;
}

/** The token URL of credentials, if they have one. */
export function tokenUrlOf(credentials: Credentials): string | undefined {
  return credentials.kind === 'bearer-token' ? undefined : credentials.tokenUrl;
}
