// .NET ticks: 100-nanosecond intervals since 0001-01-01T00:00:00Z, the time format of the Dynamics 365 2024-10
// query. The one home of the epoch and of every conversion: the engine, the mock, the contract suite, the
// Dynamics client and the tests all import these. Ticks exceed 2^53, so every conversion is done with BigInt; a
// JavaScript number would silently round them. No dependencies: the client ships this module as it is.

/** Ticks per millisecond. */
export const TICKS_PER_MILLISECOND = 10_000n;
/** Ticks per UTC day. */
export const TICKS_PER_DAY = 864_000_000_000n;
/** Ticks at the Unix epoch, 1970-01-01T00:00:00Z. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
/** The largest .NET DateTime, 9999-12-31T23:59:59.9999999Z, in ticks (the specs' `DotNetTicks` maximum). */
export const MAX_TICKS = 3_155_378_975_999_999_999n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Epoch milliseconds (an integer; a fraction is truncated) to ticks. */
export function msToTicks(ms: number): bigint {
  return BigInt(Math.trunc(ms)) * TICKS_PER_MILLISECOND + UNIX_EPOCH_TICKS;
}

/** Ticks as the digit string a query carries, from epoch milliseconds. */
export function msToTickText(ms: number): string {
  return msToTicks(ms).toString();
}

/**
 * Ticks to epoch milliseconds, exactly: `floor` (the default) for an inclusive upper bound or a `Date`, `ceil`
 * for an inclusive lower bound. Before 1970 the millisecond is floored, not truncated toward zero.
 */
export function ticksToMs(ticks: bigint, rounding: 'floor' | 'ceil' = 'floor'): number {
  const rel = ticks - UNIX_EPOCH_TICKS;
  const down = floorDiv(rel, TICKS_PER_MILLISECOND);
  return Number(rounding === 'ceil' && down * TICKS_PER_MILLISECOND !== rel ? down + 1n : down);
}

/** The 0–9999 ticks below the millisecond. */
function subMillisecond(ticks: bigint): bigint {
  const rest = (ticks - UNIX_EPOCH_TICKS) % TICKS_PER_MILLISECOND;
  return rest < 0n ? rest + TICKS_PER_MILLISECOND : rest;
}

/**
 * Ticks to ISO 8601 UTC, exactly. `full` writes all 7 fraction digits (`2024-10-15T02:53:12.1780695Z`), as .NET
 * does; `shortest` writes milliseconds when the ticks fall on one (`2024-10-15T02:53:12.178Z`).
 */
export function ticksToIso(ticks: bigint, fraction: 'full' | 'shortest' = 'full'): string {
  const iso = new Date(ticksToMs(ticks)).toISOString();
  const rest = subMillisecond(ticks);
  if (fraction === 'shortest' && rest === 0n) return iso;
  // toISOString ends in `.sssZ`; the 4 remaining digits of the 100-ns fraction go before the `Z`.
  return `${iso.slice(0, -1)}${rest.toString().padStart(4, '0')}Z`;
}

/** The UTC date (YYYY-MM-DD) a tick value falls on. */
export function ticksToDate(ticks: bigint): string {
  return new Date(ticksToMs(startOfDayTicks(ticks))).toISOString().slice(0, 10);
}

/** The first tick of the UTC day a tick value falls on. */
export function startOfDayTicks(ticks: bigint): bigint {
  return UNIX_EPOCH_TICKS + floorDiv(ticks - UNIX_EPOCH_TICKS, TICKS_PER_DAY) * TICKS_PER_DAY;
}

/** The last tick of the UTC day a tick value falls on (what a date-only end date covers). */
export function endOfDayTicks(ticks: bigint): bigint {
  return startOfDayTicks(ticks) + TICKS_PER_DAY - 1n;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm; exact for years 0..9999,
 * unlike Date.UTC, which maps years 0..99 to 1900..1999). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** An ISO 8601 instant read exactly. */
export interface IsoTicks {
  readonly ticks: bigint;
  /** True when the text was a date without a time (midnight UTC; as an end bound it covers the whole day). */
  readonly dateOnly: boolean;
  /** The fraction digits as written (0–9). */
  readonly fractionDigits: number;
}

/**
 * Reads an ISO 8601 date or date-time to exact ticks: `T`, `t` or a space before the time, a fraction of up to 9
 * digits (beyond the 7th they are below a tick and dropped), `Z` or an offset (`+08:00`, `+0800`); no offset
 * means UTC, as the APIs read times. Undefined for text of another shape, a date the calendar lacks (2024-02-30)
 * or a time out of range (24:00).
 */
export function parseIsoTicks(text: string): IsoTicks | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi = '0', s = '0', fraction = '', , sign, oh = '0', om = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const hours = Number(h ?? 0);
  const minutes = Number(mi);
  const seconds = Number(s);
  if (hours > 23 || minutes > 59 || seconds > 59 || Number(oh) > 23 || Number(om) > 59) return undefined;
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const secondsOfDay = hours * 3600 + minutes * 60 + seconds - offsetMinutes * 60;
  const ms = daysFromCivil(year, month, day) * 86_400_000 + secondsOfDay * 1000;
  const ticks = msToTicks(ms) + BigInt(fraction.padEnd(7, '0').slice(0, 7));
  return { ticks, dateOnly: h === undefined, fractionDigits: fraction.length };
}

/** `parseIsoTicks(text)?.ticks`: exact ticks of an ISO 8601 date or date-time, or undefined. */
export function isoToTicks(text: string): bigint | undefined {
  return parseIsoTicks(text)?.ticks;
}
