// Output for people (aligned tables, human sizes) and for scripts (JSON, CSV).
import type { JobRow } from './sources.js';

/** A table with a header row; columns are as wide as their widest cell. Numeric columns align right. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly number[] = [],
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        rightAligned.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted; quotes are doubled. */
export function csv(
  headers: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return [headers, ...rows].map(csvLine).join('');
}

/** One CSV record, with its CRLF. */
export function csvLine(values: readonly (string | number | null)[]): string {
  const field = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${values.map(field).join(',')}\r\n`;
}

/** Bytes in binary units with one decimal: `1.5 GiB`. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A ratio as a percentage with one decimal, or `-` when there is nothing to divide. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`;
}

/** A time without its fraction, for tables. */
export function shortTime(iso: string | null): string {
  return iso === null ? '-' : iso.replace(/\.\d+(?=Z|[+-]\d\d:?\d\d$)/, '');
}

export const JOB_FIELDS = [
  'api',
  'jobId',
  'organizationId',
  'organization',
  'type',
  'status',
  'startTime',
  'finishTime',
  'dataBytes',
] as const;

/** The JSON form of a job (the fields scripts rely on). */
export function jobJson(row: JobRow): Record<(typeof JOB_FIELDS)[number], string | number | null> {
  return Object.fromEntries(JOB_FIELDS.map((f) => [f, row[f]])) as Record<
    (typeof JOB_FIELDS)[number],
    string | number | null
  >;
}

/** Jobs as a table. */
export function jobsTable(rows: readonly JobRow[]): string {
  return table(
    ['API', 'JOB ID', 'ORGANIZATION', 'TYPE', 'STATUS', 'STARTED', 'FINISHED', 'DATA'],
    rows.map((r) => [
      r.api,
      r.jobId,
      r.organization,
      r.type,
      r.status,
      shortTime(r.startTime),
      shortTime(r.finishTime),
      bytes(r.dataBytes),
    ]),
    [7],
  );
}

/** Jobs as CSV, one row per job, the JSON fields as columns. */
export function jobsCsv(rows: readonly JobRow[]): string {
  return csv(
    JOB_FIELDS,
    rows.map((r) => JOB_FIELDS.map((f) => r[f])),
  );
}
