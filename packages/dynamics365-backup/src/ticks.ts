// .NET ticks: 100-nanosecond intervals since 0001-01-01T00:00:00Z (decision 16). Ticks exceed 2^53, so every
// conversion is done with BigInt; a JavaScript number would silently round them.

/** Ticks per millisecond. */
export const TICKS_PER_MILLISECOND = 10_000n;
/** Ticks at the Unix epoch, 1970-01-01T00:00:00Z. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
/** The largest .NET DateTime, 9999-12-31T23:59:59.9999999Z, in ticks. */
export const MAX_TICKS = 3_155_378_975_999_999_999n;

/** What the Dynamics client accepts as a time: a `Date`, an ISO 8601 string, ticks as a bigint or a digit string. */
export type TimeInput = Date | string | bigint;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Converts a time to ticks, exactly. A `Date` has millisecond precision; an ISO string keeps up to 7 fraction
 * digits (100 ns). An ISO string without an offset is UTC, as the API reads times; a date-only string is
 * midnight UTC. A bigint or a string of digits is taken as ticks already. Throws `RangeError` for anything else
 * or for a time outside 0001-01-01 … 9999-12-31.
 */
export function toTicks(time: TimeInput): bigint {
  let ticks: bigint;
  if (typeof time === 'bigint') ticks = time;
  else if (time instanceof Date) {
    const ms = time.getTime();
    if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
    ticks = BigInt(ms) * TICKS_PER_MILLISECOND + UNIX_EPOCH_TICKS;
  } else if (typeof time === 'string' && /^\d+$/.test(time)) ticks = BigInt(time);
  else if (typeof time === 'string') ticks = isoToTicks(time);
  else throw new RangeError(`Not a time: ${String(time)}`);
  if (ticks < 0n || ticks > MAX_TICKS) throw new RangeError(`Ticks out of range: ${ticks}`);
  return ticks;
}

/** Converts ticks to a `Date`. A `Date` holds milliseconds, so sub-millisecond ticks are dropped (floor). */
export function fromTicks(ticks: bigint): Date {
  const { ms } = split(ticks);
  return new Date(Number(ms));
}

/**
 * Converts ticks to an ISO 8601 UTC string with all 7 fraction digits, exactly:
 * `638645575921780695n` → `2024-10-24T10:26:32.1780695Z`.
 */
export function ticksToIso(ticks: bigint): string {
  const { ms, rest } = split(ticks);
  const iso = new Date(Number(ms)).toISOString();
  // toISOString ends in `.sssZ`; the 4 remaining digits of the 100-ns fraction go before the `Z`.
  return `${iso.slice(0, -1)}${rest.toString().padStart(4, '0')}Z`;
}

/** Splits ticks into epoch milliseconds (floored) and the remaining 0–9999 ticks. */
function split(ticks: bigint): { ms: bigint; rest: bigint } {
  if (typeof ticks !== 'bigint') throw new TypeError('ticks must be a bigint');
  if (ticks < 0n || ticks > MAX_TICKS) throw new RangeError(`Ticks out of range: ${ticks}`);
  const sinceEpoch = ticks - UNIX_EPOCH_TICKS;
  // BigInt division truncates toward zero; times before 1970 need the floor.
  let ms = sinceEpoch / TICKS_PER_MILLISECOND;
  let rest = sinceEpoch % TICKS_PER_MILLISECOND;
  if (rest < 0n) {
    ms -= 1n;
    rest += TICKS_PER_MILLISECOND;
  }
  return { ms, rest };
}

function isoToTicks(text: string): bigint {
  const m = ISO.exec(text.trim());
  if (!m) throw new RangeError(`Not an ISO 8601 date or date-time: ${text}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', , sign, oh = '0', om = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(Number(h), Number(mi), Number(s), 0);
  // A date that the calendar does not have (2024-02-30) or an hour 24 would roll over; reject it instead.
  if (
    utc.getUTCFullYear() !== year ||
    utc.getUTCMonth() !== month - 1 ||
    utc.getUTCDate() !== day ||
    utc.getUTCHours() !== Number(h) ||
    utc.getUTCMinutes() !== Number(mi) ||
    utc.getUTCSeconds() !== Number(s)
  ) {
    throw new RangeError(`Not a calendar date-time: ${text}`);
  }
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const ms = BigInt(utc.getTime()) - BigInt(offsetMinutes) * 60_000n;
  return ms * TICKS_PER_MILLISECOND + UNIX_EPOCH_TICKS + BigInt(fraction.padEnd(7, '0') || '0');
}
