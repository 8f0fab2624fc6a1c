// Organizations' time zones, with their daylight saving time, so that a nightly backup set for 01:00 local runs at
// 01:00 on the wall clocks of its org in summer and in winter, as a scheduler in that zone would run it.
//
// Each zone is a standard UTC offset and one of three rules (the European Union's, the United States', south-east
// Australia's) or none. A rule's transitions are computed once per year, for 1900-2299, as UTC instants; the
// rules of today serve every year (the mock's history is recent; the older rules changed by weeks, not by kind).
// Whether an instant is in daylight time is then two comparisons: the year comes from the instant by the mean
// Gregorian year, which is off by at most two days around New Year, and no transition is near New Year.
import { daysFromCivil } from '@jobwatch/api-descriptions/ticks';
import { MS_PER_DAY, MS_PER_HOUR, weekdayOfDay } from '../time.js';

export type DstRule = 'eu' | 'us' | 'au';

export interface Zone {
  /** Standard time's offset from UTC, minutes. */
  readonly offsetMin: number;
  readonly dst: DstRule | null;
  /** An IANA zone that follows this offset and rule today (for the docs and the tests). */
  readonly name: string;
}

/** The zones organizations are in, and how common each is among tenants. */
export const ZONES: readonly (Zone & { weight: number })[] = [
  { offsetMin: -480, dst: 'us', name: 'America/Los_Angeles', weight: 14 },
  { offsetMin: -420, dst: 'us', name: 'America/Denver', weight: 4 },
  { offsetMin: -360, dst: 'us', name: 'America/Chicago', weight: 8 },
  { offsetMin: -300, dst: 'us', name: 'America/New_York', weight: 24 },
  { offsetMin: -180, dst: null, name: 'America/Sao_Paulo', weight: 3 },
  { offsetMin: 0, dst: 'eu', name: 'Europe/London', weight: 12 },
  { offsetMin: 60, dst: 'eu', name: 'Europe/Paris', weight: 18 },
  { offsetMin: 120, dst: 'eu', name: 'Europe/Helsinki', weight: 4 },
  { offsetMin: 330, dst: null, name: 'Asia/Kolkata', weight: 5 },
  { offsetMin: 480, dst: null, name: 'Asia/Singapore', weight: 4 },
  { offsetMin: 540, dst: null, name: 'Asia/Tokyo', weight: 2 },
  { offsetMin: 600, dst: 'au', name: 'Australia/Sydney', weight: 2 },
];

const FIRST_YEAR = 1900;
const LAST_YEAR = 2299;
/** The mean Gregorian year, ms. */
const MEAN_YEAR_MS = 365.2425 * MS_PER_DAY;
const EPOCH_YEAR = 1970;

/** The day number of the n-th Sunday of a month (n = 1, 2, …). */
function nthSunday(year: number, month: number, n: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((7 - weekdayOfDay(first)) % 7) + 7 * (n - 1);
}
function lastSunday(year: number, month: number): number {
  const last = month === 12 ? daysFromCivil(year + 1, 1, 1) - 1 : daysFromCivil(year, month + 1, 1) - 1;
  return last - weekdayOfDay(last);
}

/**
 * A rule's daylight time for one zone: [start, end) per year as UTC ms (start > end in the southern hemisphere,
 * where daylight time spans New Year).
 */
export interface DstTable {
  readonly transitions: Float64Array;
}

/** When clocks go forward and back in a year, UTC ms, for a zone of standard offset `stdMs`. */
function transitionsOf(rule: DstRule, year: number, stdMs: number): [number, number] {
  switch (rule) {
    case 'eu': // last Sunday of March and of October, 01:00 UTC
      return [
        lastSunday(year, 3) * MS_PER_DAY + MS_PER_HOUR,
        lastSunday(year, 10) * MS_PER_DAY + MS_PER_HOUR,
      ];
    case 'us': // second Sunday of March 02:00 standard, first Sunday of November 02:00 daylight (01:00 standard)
      return [
        nthSunday(year, 3, 2) * MS_PER_DAY + 2 * MS_PER_HOUR - stdMs,
        nthSunday(year, 11, 1) * MS_PER_DAY + MS_PER_HOUR - stdMs,
      ];
    case 'au': // first Sunday of October 02:00 standard, first Sunday of April 03:00 daylight (02:00 standard)
      return [
        nthSunday(year, 10, 1) * MS_PER_DAY + 2 * MS_PER_HOUR - stdMs,
        nthSunday(year, 4, 1) * MS_PER_DAY + 2 * MS_PER_HOUR - stdMs,
      ];
  }
}

const tables = new Map<string, DstTable>();

/** The daylight-time table of a zone (shared by every org in it). */
export function dstTable(zone: Zone): DstTable | null {
  if (zone.dst === null) return null;
  const id = `${zone.dst}:${zone.offsetMin}`;
  let table = tables.get(id);
  if (table === undefined) {
    const transitions = new Float64Array(2 * (LAST_YEAR - FIRST_YEAR + 1));
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      const [start, end] = transitionsOf(zone.dst, year, zone.offsetMin * 60_000);
      transitions[2 * (year - FIRST_YEAR)] = start;
      transitions[2 * (year - FIRST_YEAR) + 1] = end;
    }
    table = { transitions };
    tables.set(id, table);
  }
  return table;
}

/**
 * The UTC instant of a local wall time given as read in standard time (`standard`): an hour earlier in daylight
 * time. `table` null: a zone without daylight time, or a stream that keeps its UTC period.
 */
export function withDaylightTime(table: DstTable | null, standard: number): number {
  return table === null ? standard : standard - dstShiftMs(table, standard);
}

/**
 * How far a zone's clocks are ahead of its standard time at an instant: an hour in daylight time, else 0. The
 * instant is given in standard time (a local wall time read as standard, turned into UTC), which is what a
 * schedule knows before it asks.
 */
export function dstShiftMs(table: DstTable, ms: number): number {
  const y = Math.floor(ms / MEAN_YEAR_MS) + EPOCH_YEAR - FIRST_YEAR;
  const t = table.transitions;
  if (y < 0 || 2 * y + 1 >= t.length) return 0;
  const start = t[2 * y]!;
  const end = t[2 * y + 1]!;
  const inDst = start < end ? ms >= start && ms < end : ms >= start || ms < end;
  return inDst ? MS_PER_HOUR : 0;
}
