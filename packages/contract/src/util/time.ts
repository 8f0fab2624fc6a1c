// Times are handled as BigInt .NET ticks everywhere: they are exact for the 7 fraction digits .NET writes and
// they are the Dynamics query format, so no JavaScript number ever rounds a boundary.

/** Ticks at 1970-01-01T00:00:00Z (100-ns intervals since 0001-01-01T00:00:00Z). */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
export const TICKS_PER_MS = 10_000n;
export const TICKS_PER_DAY = 864_000_000_000n;

export function msToTicks(ms: number): bigint {
  return BigInt(Math.trunc(ms)) * TICKS_PER_MS + UNIX_EPOCH_TICKS;
}

export function ticksToMs(ticks: bigint): number {
  return Number((ticks - UNIX_EPOCH_TICKS) / TICKS_PER_MS);
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?([Zz]|[+-]\d{2}:\d{2})?$/;

/** Parses an ISO 8601 date or date-time (no offset = UTC) to exact ticks; undefined when it is not one. */
export function isoToTicks(text: string): bigint | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  const check = new Date(ms);
  // Date.UTC rolls 2024-02-30 over to March; a real calendar date round-trips.
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return undefined;
  let ticks = msToTicks(ms) + BigInt(`${frac}0000000`.slice(0, 7));
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const minutes = BigInt(Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    ticks -= sign * minutes * 60n * 1000n * TICKS_PER_MS;
  }
  return ticks;
}

/** Formats ticks as ISO 8601 UTC; milliseconds when exact, else all 7 fraction digits. */
export function ticksToIso(ticks: bigint): string {
  const rest = (ticks - UNIX_EPOCH_TICKS) % TICKS_PER_MS;
  const base = new Date(ticksToMs(ticks - rest)).toISOString();
  if (rest === 0n) return base;
  const ms = base.slice(20, 23);
  return `${base.slice(0, 20)}${ms}${rest.toString().padStart(4, '0')}Z`;
}

/** The UTC date (YYYY-MM-DD) a tick value falls on. */
export function ticksToDate(ticks: bigint): string {
  return new Date(ticksToMs(ticks - ((ticks - UNIX_EPOCH_TICKS) % TICKS_PER_DAY))).toISOString().slice(0, 10);
}

/** The last tick of the UTC day a tick value falls on (what a date-only end date covers). */
export function endOfDayTicks(ticks: bigint): bigint {
  const start = ticks - ((ticks - UNIX_EPOCH_TICKS) % TICKS_PER_DAY);
  return start + TICKS_PER_DAY - 1n;
}
