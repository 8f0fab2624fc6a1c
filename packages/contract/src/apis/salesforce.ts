// Cloud Backup for Salesforce, GET /backup/sfbapi/jobs: ISO times, 1-based paging where pageIndex 0 is also the
// first page, a nextLink, numeric enums, and errors in the JSON envelope (decisions 7–15).
import { ticksToIso } from '../util/time.js';
import { invertedRangeCase, missingCases, pageSizeBoundsCases, set } from './error-cases.js';
import { specEnum, specPattern, withoutAll } from './spec-enums.js';
import type { ApiDescription, EnumFilter, EnvelopeField, ErrorCase } from './types.js';

const api = 'salesforce' as const;

function numericFilter(
  param: string,
  field: string | undefined,
  schema: string,
  filterSchema: string,
): EnumFilter {
  const values = withoutAll(specEnum(api, schema).values);
  return {
    param,
    field,
    values,
    allValue: specEnum(api, filterSchema).values.includes(0) ? 0 : undefined,
    queryValueOf: (v) => (typeof v === 'number' && values.includes(v) ? v : undefined),
  };
}

const cases: ErrorCase[] = [
  ...missingCases(['startTime', 'finishTime']),
  {
    kind: 'malformed',
    description: 'startTime not a date',
    apply: set('startTime', 'yesterday'),
    names: ['startTime'],
  },
  {
    kind: 'malformed',
    description: 'startTime not a calendar date (2024-02-30)',
    apply: set('startTime', '2024-02-30'),
    names: ['startTime'],
  },
  {
    kind: 'malformed',
    description: 'finishTime month 13',
    apply: set('finishTime', '2024-13-01'),
    names: ['finishTime'],
  },
  { kind: 'malformed', description: 'type outside its enum (23)', apply: set('type', '23'), names: ['type'] },
  { kind: 'malformed', description: 'type not an integer', apply: set('type', 'backup'), names: ['type'] },
  {
    kind: 'malformed',
    description: 'status outside its enum (8)',
    apply: set('status', '8'),
    names: ['status'],
  },
  {
    kind: 'malformed',
    description: 'level outside its enum (7)',
    apply: set('level', '7'),
    names: ['level'],
  },
  {
    kind: 'malformed',
    description: 'organizationId not an org id',
    apply: set('organizationId', 'not-an-org!'),
    names: ['organizationId'],
  },
  {
    kind: 'malformed',
    description: 'pageIndex negative',
    apply: set('pageIndex', '-1'),
    names: ['pageIndex'],
  },
  ...pageSizeBoundsCases(),
  {
    kind: 'malformed',
    description: 'pageSize not an integer',
    apply: set('pageSize', '2.5'),
    names: ['pageSize'],
  },
  {
    kind: 'malformed',
    description: 'pageSize repeated',
    apply: (q) => q.append('pageSize', q.get('pageSize') ?? '5'),
    names: ['pageSize'],
  },
  invertedRangeCase,
];

/** The envelope is the same on success and error (decision 13). */
const envelopeFields: EnvelopeField[] = [
  { path: ['statusCode'], kind: 'httpStatus' },
  { path: ['requestId'], kind: 'requestId', pattern: specPattern(api, 'RequestIdValue') },
  { path: ['timestamp'], kind: 'timestamp', pattern: specPattern(api, 'TimestampValue') },
  { path: ['traceId'], kind: 'traceId', pattern: specPattern(api, 'TraceIdValue') },
];

export const salesforce: ApiDescription = {
  name: api,
  title: 'Cloud Backup for Salesforce',
  path: '/backup/sfbapi/jobs',
  scope: 'salesforce.public.read.all',
  timeFormat: 'iso',
  formatTime: ticksToIso,
  params: { startTime: 'startTime', finishTime: 'finishTime', pageIndex: 'pageIndex', pageSize: 'pageSize' },
  paging: { firstPage: 1, firstPageAliases: [undefined, 0], defaultPageSize: 10, maxPageSize: 1000 },
  page: { total: ['data', 'totalCount'], jobs: ['data', 'jobs'], nextLink: ['data', 'nextLink'] },
  job: {
    id: 'jobId',
    startTime: 'startTime',
    finishTime: 'finishTime',
    inProgress: (job) => job.status === 1,
    finishWhileInProgress: 'null',
    // Metadata has no skipped count (decision 6).
    counts: [
      { parts: ['successfulRecords', 'skippedRecords', 'failedRecords'], total: 'totalRecords' },
      { parts: ['successfulMetadata', 'failedMetadata'], total: 'totalMetadata' },
      { parts: ['successfulObjects', 'skippedObjects', 'failedObjects'], total: 'totalObjects' },
    ],
  },
  filters: {
    status: numericFilter('status', 'status', 'SalesforceJobStatus', 'SalesforceJobStatusFilter'),
    type: numericFilter('type', 'type', 'SalesforceJobType', 'SalesforceJobTypeFilter'),
    level: numericFilter('level', undefined, 'SalesforceJobLevelFilter', 'SalesforceJobLevelFilter'),
  },
  organization: {
    param: 'organizationId',
    field: 'organizationId',
    // The 15-character form is the case-sensitive prefix of the 18-character id (decision 0002).
    variants: (id) => (id.length === 18 ? [id.slice(0, 15)] : []),
  },
  errors: {
    contentType: 'application/json',
    status: ['statusCode'],
    namesAt: '$.errors[*].field',
    namedParameters: (body) => {
      const errors = (body as { errors?: unknown } | null)?.errors;
      if (!Array.isArray(errors)) return undefined;
      return errors
        .map((e) => (e as { field?: unknown })?.field)
        .filter((f): f is string => typeof f === 'string');
    },
    cases,
  },
  envelope: {
    success: envelopeFields,
    error: envelopeFields,
    requestIdMatchesHeader: ['requestId'],
  },
};
