// Cloud Backup for Dynamics 365, GET /dynamicsbackup/jobs, revision 2025-04 (the current page, which the live
// service answers): what differs from revision 2024-10 — ISO 8601 times read as Salesforce reads them, `type`
// required, a `{ totalCount, jobs, nextLink }` page, integer enums in the jobs (decisions 26–29). Everything else
// (filters, organization ids, problem-details errors, counts) is 2024-10's description, taken from it.
import { settled } from '../checks/provenance.js';
import { ticksToIso } from '../util/time.js';
import { cases as cases2024, dynamics365 } from './dynamics365.js';
import { invertedRangeCase, missingCases, set } from './error-cases.js';
import { specEnum, withoutAll } from './spec-enums.js';
import type { ApiDescription, EnumFilter, ErrorCase } from './types.js';

const spec = 'dynamics365-2025-04' as const;

/** A filter whose job field shows the query's integer value (1, 3), read from the 2025-04 spec's enums. */
function integerFilter(param: string, jobSchema: string, filterSchema: string, flags: boolean): EnumFilter {
  const values = withoutAll(specEnum(spec, jobSchema).values);
  return {
    param,
    field: param,
    values,
    allValue: specEnum(spec, filterSchema).values.includes(0) ? 0 : undefined,
    flags,
    queryValueOf: (v) => (typeof v === 'number' && values.includes(v) ? v : undefined),
  };
}

const statuses = specEnum(spec, 'DynamicsJobStatus');
const IN_PROGRESS = statuses.values[statuses.names.indexOf('InProgress')];

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

export const dynamics365V2025_04: ApiDescription = {
  ...dynamics365,
  revision: '2025-04',
  spec,
  fixedParams: { type: '0' },
  timeFormat: 'iso',
  formatTime: ticksToIso,
  page: { total: ['totalCount'], jobs: ['jobs'], nextLink: ['nextLink'] },
  job: {
    ...dynamics365.job,
    inProgress: (job) => job.status === IN_PROGRESS,
  },
  filters: {
    status: integerFilter('status', 'DynamicsJobStatus', 'DynamicsJobStatus', false),
    type: integerFilter('type', 'DynamicsJobType', 'DynamicsJobTypeFlag', true),
  },
  errors: { ...dynamics365.errors, cases },
  record: { ...dynamics365.record, revision: '2025-04' },
};
