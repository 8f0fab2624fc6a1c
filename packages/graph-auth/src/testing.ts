// A manual clock for tests of code built on these clients: time moves only when the test (or a sleep) moves it,
// so retry, timeout and expiry paths run instantly and deterministically.
import type { Clock } from './clock.js';

/** A clock whose time only moves by `advance` and by `sleep` (which returns at once). */
export interface ManualClock extends Clock {
  /** Every wait requested through `sleep`, in ms, in order. */
  readonly sleeps: number[];
  /** Moves time forward by `ms` and fires the timers that fall due. */
  advance(ms: number): void;
  /** Timers that have not fired or been cancelled. */
  pendingTimers(): number;
}

/** Creates a manual clock starting at `startMs` (default 2025-01-01T00:00:00Z). */
export function createManualClock(startMs = Date.UTC(2025, 0, 1)): ManualClock {
  let now = startMs;
  const timers = new Set<{ at: number; fn: () => void }>();
  const sleeps: number[] = [];
  const clock: ManualClock = {
    sleeps,
    now: () => now,
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      sleeps.push(ms);
      clock.advance(ms);
    },
    setTimer(fn, ms) {
      const timer = { at: now + ms, fn };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    advance(ms) {
      now += ms;
      for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
        if (timer.at <= now) {
          timers.delete(timer);
          timer.fn();
        }
      }
    },
    pendingTimers: () => timers.size,
  };
  return clock;
}

/** A `fetch` that records every request and answers each with `body` as JSON (200), for request-shape tests. */
export function createRecordingFetch(body: unknown): { fetch: typeof globalThis.fetch; requests: Request[] } {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/**
 * The nextLink an in-memory fake jobs API writes after page `pageIndex` of `total` jobs: the request URL asking for
 * the next pageIndex (absolute, or as `linkOf` writes it: relative, another origin, a loop…), or `""` after the last.
 */
export function fakeNextLink(
  url: URL,
  page: { pageIndex: number; pageSize: number; total: number },
  linkOf?: (next: URL) => string,
): string {
  if (page.pageIndex * page.pageSize >= page.total) return '';
  const next = new URL(url);
  next.searchParams.set('pageIndex', String(page.pageIndex + 1));
  return linkOf ? linkOf(next) : next.href;
}
