// The Date header of every answer is the data clock's instant, not the wall clock's (RFC 9110 §6.6.1: the
// instant the origin server "generated the message"; here the answer is computed as of that instant). A client
// that takes the server's time from it — the jobs CLI does, for its windows — then follows a mock whose clock runs
// at --speed or stands at a frozen --now, as it follows a live service. The clock is quantised to whole seconds,
// which is also the resolution of an HTTP date.
import type { DataClock } from './clock.js';

/** The IMF-fixdate of the clock's current instant (formatted once per instant). */
export function createHttpDate(clock: Pick<DataClock, 'instant'>): () => string {
  let formattedAt = Number.NaN;
  let formatted = '';
  return () => {
    const t = clock.instant();
    if (t !== formattedAt) {
      formattedAt = t;
      formatted = new Date(t).toUTCString();
    }
    return formatted;
  };
}
