// Building blocks of the per-API error-case tables, shared so each table lists only what differs.
import type { ErrorCase } from './types.js';

/** A query edit that sets one parameter to a (malformed) value. */
export const set = (name: string, value: string) => (q: URLSearchParams) => q.set(name, value);

/** One "missing required parameter" case per name. */
export function missingCases(names: readonly string[]): ErrorCase[] {
  return names.map((name) => ({
    kind: 'missing',
    description: `${name} missing`,
    apply: (q: URLSearchParams) => q.delete(name),
    names: [name],
  }));
}
