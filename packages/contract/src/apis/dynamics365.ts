// Cloud Backup for Dynamics 365, GET /dynamicsbackup/jobs, revision 2024-10 (the page as first published; the
// current revision is dynamics365-2025-04.ts, which takes what is the same from here): .NET ticks in the query,
// 1-based paging without a next link, a bit-flag type filter, string enums in responses, and RFC 9457 problem
// details for errors (decisions 16–25).

import { OWN_CHOICES, settled } from '../checks/provenance.js';
import { invertedRangeCase, missingCases, pageSizeBoundsCases, set } from './error-cases.js';
import { specEnum, specPattern, specStringEnum } from './spec-enums.js';
import type { ApiDescription, EnumFilter, ErrorCase } from './types.js';

const api = 'dynamics365' as const;

/** Maps the response's string enum to query values through the filter enum's `x-enum-varnames`. */
function namedFilter(
  param: string,
  filterSchema: string,
  responseSchema: string,
  flags: boolean,
): EnumFilter {
  const filter = specEnum(api, filterSchema);
  const responseNames = new Set(specStringEnum(api, responseSchema));
  const byName = new Map<string, number>();
  filter.values.forEach((value, i) => {
    const name = filter.names[i];
    if (value !== 0 && name && responseNames.has(name)) byName.set(name, value);
  });
  return {
    param,
    field: param,
    values: [...byName.values()],
    allValue: filter.values.includes(0) ? 0 : undefined,
    flags,
    queryValueOf: (v) => (typeof v === 'string' ? byName.get(v) : undefined),
  };
}

const ticks = settled(16, 'startTime and finishTime are integers of .NET ticks; anything else is a 400');
const flags = settled(19, 'type is a set of flags from 0 to 63; a value outside is a 400');

export const cases: ErrorCase[] = [
  ...missingCases(['startTime', 'finishTime']),
  {
    kind: 'malformed',
    description: 'startTime as an ISO date instead of ticks',
    apply: set('startTime', '2024-01-01'),
    names: ['startTime'],
    rule: ticks,
  },
  {
    kind: 'malformed',
    description: 'startTime not an integer of ticks',
    apply: set('startTime', '6.38e17'),
    names: ['startTime'],
    rule: ticks,
  },
  {
    kind: 'malformed',
    description: 'finishTime not a number',
    apply: set('finishTime', 'later'),
    names: ['finishTime'],
    rule: ticks,
  },
  {
    kind: 'malformed',
    description: 'finishTime and its alias endTime both given',
    apply: (q) => q.set('endTime', q.get('finishTime') ?? '0'),
    names: ['finishTime', 'endTime'],
    rule: settled(17, 'endTime is an alias of finishTime; giving both is a 400'),
  },
  {
    kind: 'malformed',
    description: 'type outside 0–63 (64)',
    apply: set('type', '64'),
    names: ['type'],
    rule: flags,
  },
  { kind: 'malformed', description: 'type negative', apply: set('type', '-1'), names: ['type'], rule: flags },
  {
    kind: 'malformed',
    description: 'status outside its enum (5)',
    apply: set('status', '5'),
    names: ['status'],
    rule: settled(20, 'status is one of 2, 3, 4, 7'),
  },
  {
    kind: 'malformed',
    description: 'organizationId not a GUID',
    apply: set('organizationId', 'not-a-guid'),
    names: ['organizationId'],
    rule: settled(24, 'organizationId is a GUID; a value that is not is a 400'),
  },
  {
    kind: 'malformed',
    description: 'pageIndex 0 (1-based)',
    apply: set('pageIndex', '0'),
    names: ['pageIndex'],
    rule: settled(18, 'pageIndex is 1-based, minimum 1'),
  },
  ...pageSizeBoundsCases(),
  {
    kind: 'malformed',
    description: 'type repeated',
    apply: (q) => {
      q.append('type', '1');
      q.append('type', '1');
    },
    names: ['type'],
  },
  invertedRangeCase,
];

export const dynamics365: ApiDescription = {
  name: api,
  title: 'Cloud Backup for Dynamics 365',
  path: '/dynamicsbackup/jobs',
  scope: 'Dynamics.ReadWrite.All',
  revision: '2024-10',
  spec: 'dynamics365',
  timeFormat: 'ticks',
  formatTime: (ticks) => ticks.toString(),
  params: { startTime: 'startTime', finishTime: 'finishTime', pageIndex: 'pageIndex', pageSize: 'pageSize' },
  paging: { firstPage: 1, firstPageAliases: [undefined], defaultPageSize: 10, maxPageSize: 1000 },
  page: { total: ['totalNumber'], jobs: ['result'] },
  job: {
    id: 'jobId',
    startTime: 'startTime',
    finishTime: 'finishTime',
    inProgress: (job) => job.status === 'InProgress',
    finishWhileInProgress: 'absent',
    counts: [
      { parts: ['successfulEntity', 'failedEntity', 'skippedEntity', 'warningEntity'], total: 'totalEntity' },
      { parts: ['successfulRecord', 'failedRecord', 'skippedRecord', 'warningRecord'], total: 'totalRecord' },
    ],
  },
  filters: {
    status: namedFilter('status', 'DynamicsJobStatusFilter', 'DynamicsJobStatusName', false),
    type: namedFilter('type', 'DynamicsJobTypeFlag', 'DynamicsJobTypeName', true),
  },
  organization: {
    param: 'organizationId',
    field: 'organizationId',
    // GUIDs match case-insensitively (decision 24).
    variants: (id) => [id === id.toUpperCase() ? id.toLowerCase() : id.toUpperCase()],
    variantRule: settled(24, 'organizationId matches case-insensitively'),
  },
  errors: {
    contentType: 'application/problem+json',
    status: ['status'],
    namesAt: '$.errors.<parameter>',
    namedParameters: (body) => {
      const errors = (body as { errors?: unknown } | null)?.errors;
      return errors && typeof errors === 'object' && !Array.isArray(errors) ? Object.keys(errors) : undefined;
    },
    cases,
    rule: settled(
      25,
      'errors are RFC 9457 problem details (application/problem+json) with status and errors keyed by parameter',
    ),
  },
  envelope: {
    success: [],
    error: [
      { path: ['status'], kind: 'httpStatus', rule: settled(25, 'problem details repeat the HTTP status') },
      {
        path: ['traceId'],
        kind: 'traceId',
        pattern: specPattern(api, 'ProblemDetails', 'properties', 'traceId'),
        rule: settled(25, 'problem details carry a traceId'),
        patternRule: settled(25, 'the traceId ASP.NET Core writes, a W3C trace-context id'),
      },
    ],
  },
  schemaRules: [
    {
      schema: 'DynamicsJob',
      keyword: 'required',
      property: 'startTime',
      rule: OWN_CHOICES.dynamicsStartTimeRequired,
    },
  ],
  record: {
    scenarioKey: 'dynamics365',
    revision: '2024-10',
    jobSchema: 'DynamicsJob',
    // The mock computes durationHours from startTime and finishTime.
    derived: ['durationHours'],
    organizationIds: 'guid',
    organizationName: 'organizationName',
    organizationTraits: ['module'],
  },
};
