// Durations as people type them: `90s`, `15m`, `12h`, `7d`, `2w`.
import { UsageError } from './errors.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `<integer><s|m|h|d|w>` into milliseconds; throws a UsageError naming the flag otherwise. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+)([smhdw])$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must look like 30s, 15m, 12h, 7d or 2w, got '${text}'`);
  const ms = Number(match[1]) * (UNITS[match[2]!] ?? 0);
  if (ms <= 0) throw new UsageError(`${flag} must be more than zero`);
  return ms;
}

/** Parses an ISO 8601 instant with a UTC offset (`2025-06-01T00:00:00Z`) into epoch ms; a UsageError otherwise. */
export function parseInstant(text: string, flag: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/i.test(
    text.trim(),
  )
    ? Date.parse(text.trim())
    : Number.NaN;
  if (Number.isNaN(ms))
    throw new UsageError(`${flag} must be an ISO 8601 instant such as 2025-06-01T00:00:00Z, got '${text}'`);
  return ms;
}
