// The friendly query of the Salesforce client: Date or ISO times, and enum names or numbers. Converting it to
// the generated query type is the only place that knows the Salesforce wire format.
import {
  type ListSalesforceBackupJobsData,
  SalesforceJobLevelFilter,
  SalesforceJobStatusFilter,
  SalesforceJobTypeFilter,
} from './gen/client/index.js';

/** A job type by its name, e.g. `'Backup'` or `'AuditLogExport'`. */
export type SalesforceJobTypeName = Extract<keyof typeof SalesforceJobTypeFilter, string>;
/** A job status by its name, e.g. `'Failed'` or `'FinishedWithException'`. */
export type SalesforceJobStatusName = Extract<keyof typeof SalesforceJobStatusFilter, string>;
/** A job-run level by its name, e.g. `'Organization'`. */
export type SalesforceJobLevelName = Extract<keyof typeof SalesforceJobLevelFilter, string>;

/** A time bound: a `Date`, or an ISO 8601 date (`2024-01-01`) or date-time string, UTC when it has no offset. */
export type SalesforceTime = Date | string;

/** Which jobs to list. Names and numbers are interchangeable for type, status and level. */
export interface SalesforceJobsQuery {
  /** Jobs that started at or after this time. */
  startTime: SalesforceTime;
  /** Jobs that started at or before this time; a date-only value covers the whole day. */
  finishTime: SalesforceTime;
  /** One job type; `0` or `'All'` (the default) means all. */
  type?: SalesforceJobTypeFilter | SalesforceJobTypeName;
  /** One status; `0` or `'All'` (the default) means all. */
  status?: SalesforceJobStatusFilter | SalesforceJobStatusName;
  /** One job-run level; `0` or `'All'` (the default) means all. */
  level?: SalesforceJobLevelFilter | SalesforceJobLevelName;
  /** The organization: its 18-character id or the 15-character form. */
  organizationId?: string;
}

/** The wire query of the generated SDK. */
export type SalesforceWireQuery = ListSalesforceBackupJobsData['query'];

/** Converts a friendly query into the generated SDK's query (ISO strings, enum numbers). */
export function toWireQuery(query: SalesforceJobsQuery): SalesforceWireQuery {
  const wire: SalesforceWireQuery = {
    startTime: toIso(query.startTime, 'startTime'),
    finishTime: toIso(query.finishTime, 'finishTime'),
  };
  if (query.type !== undefined) wire.type = byName(SalesforceJobTypeFilter, query.type, 'type');
  if (query.status !== undefined) wire.status = byName(SalesforceJobStatusFilter, query.status, 'status');
  if (query.level !== undefined) wire.level = byName(SalesforceJobLevelFilter, query.level, 'level');
  if (query.organizationId !== undefined) wire.organizationId = query.organizationId;
  return wire;
}

function toIso(time: SalesforceTime, name: string): string {
  if (typeof time === 'string') return time;
  if (!(time instanceof Date) || Number.isNaN(time.getTime()))
    throw new RangeError(`${name} is not a valid Date`);
  return time.toISOString();
}

function byName<E extends Record<string, number>>(
  values: E,
  value: E[keyof E] | Extract<keyof E, string>,
  name: string,
): E[keyof E] {
  if (typeof value === 'number') return value as E[keyof E];
  const code = values[value] as E[keyof E] | undefined;
  // Plain JavaScript callers can pass any string; the types already reject unknown names.
  if (code === undefined) {
    throw new RangeError(`Unknown ${name} '${String(value)}'. Known: ${Object.keys(values).join(', ')}`);
  }
  return code;
}
