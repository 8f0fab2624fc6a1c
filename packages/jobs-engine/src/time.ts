// Time helpers shared by both APIs: exact ISO 8601 parsing of query values (numbers only: it is on the request
// path) and the compact forms used in job ids. .NET ticks live in @jobwatch/api-descriptions/ticks.
import { daysFromCivil, daysInMonth } from '@jobwatch/api-descriptions/ticks';

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** The weekday of a day number (days since 1970-01-01, a Thursday): 0 = Sunday … 6 = Saturday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** An instant parsed exactly: whole milliseconds plus the sub-millisecond remainder in 100 ns units (0..9999). */
export interface ExactInstant {
  ms: number;
  subMsTicks: number;
  /** True when the text was a date without a time. */
  dateOnly: boolean;
}

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The instants a .NET DateTime can hold (the services are ASP.NET Core): 0001-01-01 to 9999-12-31, UTC. */
const MIN_DOTNET_MS = daysFromCivil(1, 1, 1) * MS_PER_DAY;
const MAX_DOTNET_MS = daysFromCivil(10000, 1, 1) * MS_PER_DAY - 1;

/** True when a .NET DateTime can hold the instant: the request parameters of the services are DateTimes. */
export function isDotNetInstant(instant: ExactInstant): boolean {
  return instant.ms >= MIN_DOTNET_MS && instant.ms <= MAX_DOTNET_MS;
}

/**
 * Parses an ISO 8601 date or date-time (fraction up to 7 digits, optional `Z` or offset; no offset means UTC).
 * Returns null for text of another shape or a date that does not exist in the calendar (2024-02-30).
 */
export function parseIsoInstant(text: string): ExactInstant | null {
  const m = ISO_PATTERN.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const dayMs = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (m[4] === undefined) return { ms: dayMs, subMsTicks: 0, dateOnly: true };
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const fraction = (m[7] ?? '').padEnd(7, '0');
  const fractionMs = Number(fraction.slice(0, 3));
  const subMsTicks = Number(fraction.slice(3));
  let offsetMs = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const offHours = Number(zone.slice(1, 3));
    const offMinutes = Number(zone.slice(4, 6));
    if (offHours > 23 || offMinutes > 59) return null;
    offsetMs = (zone[0] === '-' ? -1 : 1) * (offHours * MS_PER_HOUR + offMinutes * MS_PER_MINUTE);
  }
  const ms =
    dayMs + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * MS_PER_SECOND + fractionMs - offsetMs;
  return { ms, subMsTicks, dateOnly: false };
}

/** Compares two exact instants: negative, zero or positive. */
export function compareExact(a: ExactInstant, b: ExactInstant): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.subMsTicks - b.subMsTicks;
}

/** The inclusive millisecond lower bound of an exact instant (rounds a sub-millisecond remainder up). */
export function lowerBoundMs(instant: ExactInstant): number {
  return instant.subMsTicks > 0 ? instant.ms + 1 : instant.ms;
}

/** The inclusive millisecond upper bound (rounds down; a date-only value covers its whole day). */
export function upperBoundMs(instant: ExactInstant): number {
  return instant.dateOnly ? instant.ms + MS_PER_DAY - 1 : instant.ms;
}

// The response forms below are written from the calendar fields directly, not through Date#toISOString: a page
// renders three of them per job, and they were a third of the cost of rendering a job. Instants outside the
// years 0000-9999 (which toISOString writes with six digits and a sign) or not whole milliseconds fall back to
// toISOString; time.test.ts holds the fast form to it.
const MIN_FAST_MS = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const MAX_FAST_MS = 253_402_300_800_000; // 10000-01-01T00:00:00.000Z
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** The last day formatted (jobs come in time order, so most calls ask for the day before again). */
let memoDay = Number.NaN;
let memoIsoDate = '';
let memoCompactDate = '';

/** Sets memoIsoDate (`yyyy-MM-dd`) and memoCompactDate (`yyyyMMdd`) for a day number since the epoch. */
function formatDay(day: number): void {
  if (day === memoDay) return;
  // The civil date of a day number (H. Hinnant's days-to-civil, proleptic Gregorian calendar).
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const year = String(y).padStart(4, '0');
  memoDay = day;
  memoIsoDate = `${year}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`;
  memoCompactDate = `${year}${TWO_DIGITS[m]}${TWO_DIGITS[d]}`;
}

const isFast = (ms: number) => Number.isInteger(ms) && ms >= MIN_FAST_MS && ms < MAX_FAST_MS;

/** `HH:mm:ss` or `HHmmss` of a millisecond of the day. */
function clock(msOfDay: number, separator: string): string {
  const seconds = Math.floor(msOfDay / 1000);
  const h = Math.floor(seconds / 3600);
  const rest = seconds - h * 3600;
  const m = Math.floor(rest / 60);
  return TWO_DIGITS[h]! + separator + TWO_DIGITS[m]! + separator + TWO_DIGITS[rest - m * 60]!;
}

/** `2024-12-02T07:52:25Z`: the Salesforce response form (whole seconds). */
export function formatIsoSeconds(ms: number): string {
  if (!isFast(ms)) return `${new Date(ms).toISOString().slice(0, 19)}Z`;
  const day = Math.floor(ms / MS_PER_DAY);
  formatDay(day);
  return `${memoIsoDate}T${clock(ms - day * MS_PER_DAY, ':')}Z`;
}

/** `2022-08-19T03:12:43.822Z`: the Dynamics response form (milliseconds). */
export function formatIsoMillis(ms: number): string {
  if (!isFast(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / MS_PER_DAY);
  formatDay(day);
  const msOfDay = ms - day * MS_PER_DAY;
  return `${memoIsoDate}T${clock(msOfDay, ':')}.${THREE_DIGITS[msOfDay % 1000]}Z`;
}

/** `yyyyMMddHHmmss` (digits = 14) or `yyyyMMddHHmmssfff` (digits = 17), UTC: the time part of job ids. */
export function formatCompactTime(ms: number, digits: 14 | 17): string {
  if (!isFast(ms)) {
    const iso = new Date(ms).toISOString();
    const compact =
      iso.slice(0, 4) +
      iso.slice(5, 7) +
      iso.slice(8, 10) +
      iso.slice(11, 13) +
      iso.slice(14, 16) +
      iso.slice(17, 19) +
      iso.slice(20, 23);
    return compact.slice(0, digits);
  }
  const day = Math.floor(ms / MS_PER_DAY);
  formatDay(day);
  const msOfDay = ms - day * MS_PER_DAY;
  const time = memoCompactDate + clock(msOfDay, '');
  return digits === 17 ? time + THREE_DIGITS[msOfDay % 1000]! : time;
}

/** The instant of a `yyyyMMddHHmmss[fff]` text (UTC); null when absent or not a calendar time. */
export function compactTimeOf(digits: string | undefined): number | null {
  if (digits === undefined) return null;
  const text = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}T${digits.slice(8, 10)}:${digits.slice(10, 12)}:${digits.slice(12, 14)}${digits.length > 14 ? `.${digits.slice(14)}` : ''}Z`;
  return parseIsoInstant(text)?.ms ?? null;
}

const RELATIVE_PATTERN = /^now(?:\s*([+-])\s*(.+))?$|^([+-])\s*(.+)$/i;
const DURATION_TERM = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: MS_PER_SECOND,
  m: MS_PER_MINUTE,
  h: MS_PER_HOUR,
  d: MS_PER_DAY,
  w: 7 * MS_PER_DAY,
};

/** A duration such as `1d`, `2h30m`, `90s`, `1.5h`, in milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  DURATION_TERM.lastIndex = 0;
  let total = 0;
  let matched = 0;
  for (let m = DURATION_TERM.exec(text); m; m = DURATION_TERM.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched = DURATION_TERM.lastIndex;
  }
  return matched === text.length && matched > 0 ? Math.round(total) : null;
}

/** A time relative to `now`: `now`, `-1d`, `-2h30m`, `now-90m`; null when the text is not relative. */
export function parseRelativeTime(text: string, nowMs: number): number | null {
  const m = RELATIVE_PATTERN.exec(text.trim());
  if (!m) return null;
  const sign = m[1] ?? m[3];
  const amount = m[2] ?? m[4];
  if (sign === undefined || amount === undefined) return nowMs;
  const duration = parseDuration(amount.replace(/\s+/g, ''));
  if (duration === null) return null;
  return sign === '-' ? nowMs - duration : nowMs + duration;
}
