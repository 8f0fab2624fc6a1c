// Cloud Backup for Dynamics 365, GET /dynamicsbackup/jobs, revision 2025-04 (the current page, which the live
// service answers): the shared description of the revision (ISO 8601 times, a `{ totalCount, jobs, nextLink }`
// page, integer enums, all read from its spec) plus the contract's own: its error cases (`type` required, decisions
// 26–29) and 2024-10's rules for what did not change.
import { dynamics365V2025_04 as shared } from '@jobwatch/api-descriptions';
import { settled } from '../checks/provenance.js';
import { cases as cases2024, dynamicsOwn } from './dynamics365.js';
import { invertedRangeCase, missingCases, set } from './error-cases.js';
import { contractDescription } from './from-description.js';
import type { ApiDescription, ErrorCase } from './types.js';

const iso = settled(27, 'startTime and finishTime are ISO 8601 dates or date-times; anything else is a 400');
const timeCases = new Set(['startTime as an ISO date instead of ticks', 'startTime not an integer of ticks']);

const cases: ErrorCase[] = [
  ...missingCases(['startTime', 'finishTime']),
  {
    ...missingCases(['type'])[0]!,
    rule: settled(27, 'type is required in revision 2025-04, as the page says'),
  },
  {
    kind: 'malformed',
    description: 'startTime in ticks (the 2024-10 format) instead of ISO 8601',
    apply: set('startTime', '638527680000000000'),
    names: ['startTime'],
    rule: iso,
  },
  {
    kind: 'malformed',
    description: 'startTime not a calendar date (2024-02-30)',
    apply: set('startTime', '2024-02-30'),
    names: ['startTime'],
    rule: iso,
  },
  // The cases that do not depend on the time format are 2024-10's, except its alias: endTime is not a
  // parameter of 2025-04 (an unknown parameter, ignored).
  ...cases2024.filter(
    (c) =>
      c.kind === 'malformed' &&
      !timeCases.has(c.description) &&
      !c.names.includes('endTime') &&
      !c.names.includes('finishTime'),
  ),
  {
    kind: 'malformed',
    description: 'finishTime not a date',
    apply: set('finishTime', 'later'),
    names: ['finishTime'],
    rule: iso,
  },
  invertedRangeCase,
];

export const dynamics365V2025_04: ApiDescription = contractDescription(shared, {
  ...dynamicsOwn,
  cases,
  // `type` is required in 2025-04; every request of a run sends "all types".
  fixedParams: { type: '0' },
});
