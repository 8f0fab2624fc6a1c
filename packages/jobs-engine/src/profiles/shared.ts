// Helpers both profiles use: reading validated parameters defensively and naming problems.
import type { ParamProblem, ValidatedParams } from '../types.js';

export function problem(code: string, field: string | null, message: string): ParamProblem {
  return { code, field, message };
}

/** Reads an integer parameter in [min, max]; numbers and digit strings are accepted (the server passes numbers). */
export function readInteger(
  params: ValidatedParams,
  name: string,
  min: number,
  max: number,
  fallback: number,
  problems: ParamProblem[],
): number {
  const raw = params[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^-?\d{1,16}$/.test(raw.trim()) ? Number(raw) : raw;
  if (
    typeof value === 'bigint'
      ? value >= BigInt(min) && value <= BigInt(max)
      : Number.isInteger(value) && (value as number) >= min && (value as number) <= max
  ) {
    return Number(value);
  }
  problems.push(
    problem('InvalidParameter', name, `The value of ${name} must be an integer from ${min} to ${max}.`),
  );
  return fallback;
}

/** Reads a string parameter (numbers are turned back into text, so nothing is lost). */
export function readText(params: ValidatedParams, name: string): string | undefined {
  const raw = params[name];
  return raw === undefined ? undefined : String(raw);
}

/** The offset of a 1-based page, safe for pageIndex up to 2^31-1 and pageSize up to 1000 (below 2^53). */
export function pageOffset(pageIndex: number, pageSize: number): number {
  return (Math.max(pageIndex, 1) - 1) * pageSize;
}

/** The JSON array text of cached per-job JSON objects: concatenation, no serialisation. */
export function jsonArray(items: readonly string[]): string {
  return items.length === 0 ? '[]' : `[${items.join(',')}]`;
}
