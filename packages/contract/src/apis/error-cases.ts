// Building blocks of the per-API error-case tables, shared so each table lists only what differs.
import { settled } from '../checks/provenance.js';
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

/** pageSize outside 1–1000 (decisions 8 and 18: the same bounds for both APIs). */
export function pageSizeBoundsCases(): ErrorCase[] {
  const rule = settled([8, 18], 'pageSize accepts 1 to 1000; anything else is a 400');
  return [
    { kind: 'malformed', description: 'pageSize 0', apply: set('pageSize', '0'), names: ['pageSize'], rule },
    {
      kind: 'malformed',
      description: 'pageSize above 1000',
      apply: set('pageSize', '1001'),
      names: ['pageSize'],
      rule,
    },
  ];
}

/** The time range swapped, so startTime is after finishTime (decision 3). */
export const invertedRangeCase: ErrorCase = {
  kind: 'inverted',
  description: 'startTime after finishTime',
  apply: (q) => {
    const start = q.get('startTime') ?? '';
    q.set('startTime', q.get('finishTime') ?? '');
    q.set('finishTime', start);
  },
  names: ['startTime', 'finishTime'],
};
