// .NET ticks for the Dynamics client's callers (decision 16): the epoch and the exact conversions are the project's
// one ticks module (@jobwatch/api-descriptions/ticks); this adds what a client takes as a time and the errors it
// throws for anything else.
import {
  ticksToIso as formatTicks,
  MAX_TICKS,
  msToTicks,
  parseIsoTicks,
  ticksToMs,
} from '@jobwatch/api-descriptions/ticks';

export { MAX_TICKS, TICKS_PER_MILLISECOND, UNIX_EPOCH_TICKS } from '@jobwatch/api-descriptions/ticks';

/** What the Dynamics client accepts as a time: a `Date`, an ISO 8601 string, ticks as a bigint or a digit string. */
export type TimeInput = Date | string | bigint;

function inRange(ticks: bigint): bigint {
  if (typeof ticks !== 'bigint') throw new TypeError('ticks must be a bigint');
  if (ticks < 0n || ticks > MAX_TICKS) throw new RangeError(`Ticks out of range: ${ticks}`);
  return ticks;
}

/**
 * Converts a time to ticks, exactly. A `Date` has millisecond precision; an ISO string keeps up to 7 fraction
 * digits (100 ns). An ISO string without an offset is UTC, as the API reads times; a date-only string is
 * midnight UTC. A bigint or a string of digits is taken as ticks already. Throws `RangeError` for anything else
 * or for a time outside 0001-01-01 … 9999-12-31.
 */
export function toTicks(time: TimeInput): bigint {
  if (typeof time === 'bigint') return inRange(time);
  if (time instanceof Date) {
    const ms = time.getTime();
    if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
    return inRange(msToTicks(ms));
  }
  if (typeof time !== 'string') throw new RangeError(`Not a time: ${String(time)}`);
  if (/^\d+$/.test(time)) return inRange(BigInt(time));
  const text = time.trim();
  const parsed = parseIsoTicks(text);
  if (!parsed) {
    // A date-shaped text that does not parse names a day or an hour the calendar lacks (2024-02-30, 24:00).
    throw new RangeError(
      /^\d{4}-\d{2}-\d{2}/.test(text)
        ? `Not a calendar date-time: ${time}`
        : `Not an ISO 8601 date or date-time: ${time}`,
    );
  }
  if (parsed.fractionDigits > 7) throw new RangeError(`More than 7 fraction digits (100 ns): ${time}`);
  return inRange(parsed.ticks);
}

/** Converts ticks to a `Date`. A `Date` holds milliseconds, so sub-millisecond ticks are dropped (floor). */
export function fromTicks(ticks: bigint): Date {
  return new Date(ticksToMs(inRange(ticks)));
}

/**
 * Converts ticks to an ISO 8601 UTC string with all 7 fraction digits, exactly:
 * `638645575921780695n` → `2024-10-15T02:53:12.1780695Z`.
 */
export function ticksToIso(ticks: bigint): string {
  return formatTicks(inRange(ticks));
}
