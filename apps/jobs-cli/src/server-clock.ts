// The clock of the command windows (`--since` up to "now") when no --now is given: the server's, learnt from the
// Date header of its answers (RFC 9110 §6.6.1). Against a live service it is the local clock unless the machine is
// skewed; against a mock whose data clock runs at --speed, or stands at a frozen --now, the mock dates its answers
// by that clock, so `jobs watch` sees the jobs that start and fail in the mock's time, and `jobs list` against a
// frozen mock needs no --now of its own.

/** Within this the local clock is kept: HTTP dates are whole seconds, and answers take time to arrive. */
export const TRUSTED_SKEW_MS = 5_000;

export interface ServerClock {
  /** The server's time now, as the latest answer told it (the local clock before any answer). */
  now(): number;
  /** `fetch` that reads the Date header of every answer. */
  observing(fetch: typeof globalThis.fetch): typeof globalThis.fetch;
}

export function createServerClock(local: () => number = Date.now): ServerClock {
  let offsetMs = 0;
  return {
    now: () => local() + offsetMs,
    observing: (fetch) => async (input, init) => {
      const response = await fetch(input, init);
      const dated = Date.parse(response.headers.get('date') ?? '');
      if (Number.isFinite(dated)) {
        // An HTTP date drops the fraction: the server's time was in [dated, dated + 1 s).
        const skew = dated + 500 - local();
        offsetMs = Math.abs(skew) > TRUSTED_SKEW_MS ? skew : 0;
      }
      return response;
    },
  };
}
