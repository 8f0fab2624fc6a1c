// The friendly query of the Dynamics client, for both revisions: the same filters (type flags by name, status by
// name, the organization), with times as the revision takes them. Converting it to each revision's generated query
// (2024-10: ticks; 2025-04: ISO 8601 strings; both: a flag mask and a status code) is the only place that knows the
// wire formats.
import {
  DynamicsJobStatusFilter,
  type DynamicsJobTypeFilter,
  DynamicsJobTypeFlag,
  type ListDynamics365BackupJobsData,
} from './gen/client/index.js';
import type { ListDynamics365BackupJobsData as ListData2025 } from './gen/client-2025-04/index.js';
import { type TimeInput, toTicks } from './ticks.js';

/** A single job type flag by name: `'Backup'`, `'Restore'`, `'Dryrun'`, `'Retention'`, `'AuditBackup'`, `'Export'`. */
export type DynamicsJobTypeFlagName = Exclude<Extract<keyof typeof DynamicsJobTypeFlag, string>, 'All'>;
/** A status by name: `'InProgress'`, `'Finished'`, `'Failed'`, `'FinishedWithException'`. */
export type DynamicsJobStatusFilterName = Extract<keyof typeof DynamicsJobStatusFilter, string>;

/** The filters both revisions share. */
export interface DynamicsJobsFilters {
  /**
   * Job types: a flag name, a list of flag names (`['Backup', 'Restore']` = backup or restore), or the mask
   * itself (`3`). `0` or none means all.
   */
  type?: DynamicsJobTypeFilter | DynamicsJobTypeFlagName | readonly DynamicsJobTypeFlagName[];
  /** One status, by name or code; none means all. */
  status?: DynamicsJobStatusFilter | DynamicsJobStatusFilterName;
  /** The organization's GUID (case-insensitive). */
  organizationId?: string;
}

/** Which jobs to list, revision 2024-10: times as a `Date`, an ISO string, or ticks (sent as ticks). */
export interface DynamicsJobsQuery extends DynamicsJobsFilters {
  /** Jobs that started at or after this time: a `Date`, an ISO string, or ticks. */
  startTime: TimeInput;
  /** Jobs that started at or before this time: a `Date`, an ISO string, or ticks. */
  finishTime: TimeInput;
}

/** A time of revision 2025-04: a `Date`, or an ISO 8601 date (`2024-01-01`) or date-time string, UTC without an offset. */
export type IsoTimeInput = Date | string;

/** Which jobs to list, revision 2025-04: times as a `Date` or an ISO 8601 string (sent as ISO 8601). */
export interface DynamicsJobsQueryV2025_04 extends DynamicsJobsFilters {
  /** Jobs that started at or after this time. */
  startTime: IsoTimeInput;
  /** Jobs that started at or before this time; a date-only value covers the whole day. */
  finishTime: IsoTimeInput;
}

/** The wire query of the generated 2024-10 SDK. */
export type DynamicsWireQuery = ListDynamics365BackupJobsData['query'];
/** The wire query of the generated 2025-04 SDK. */
export type DynamicsWireQueryV2025_04 = ListData2025['query'];

/** Converts a friendly 2024-10 query into the generated SDK's query (ticks, flag mask, status code). */
export function toWireQuery(query: DynamicsJobsQuery): DynamicsWireQuery {
  const wire: DynamicsWireQuery = {
    startTime: toTicks(query.startTime),
    finishTime: toTicks(query.finishTime),
  };
  if (query.type !== undefined) wire.type = typeMask(query.type);
  const status = statusCode(query.status);
  if (status !== undefined) wire.status = status;
  if (query.organizationId !== undefined) wire.organizationId = query.organizationId;
  return wire;
}

/**
 * Converts a friendly 2025-04 query into the generated SDK's query (ISO 8601 times, flag mask, status code).
 * `type` is required on the wire in 2025-04; a query without one asks for all types (0).
 */
export function toWireQueryV2025_04(query: DynamicsJobsQueryV2025_04): DynamicsWireQueryV2025_04 {
  const wire: DynamicsWireQueryV2025_04 = {
    startTime: toIsoTime(query.startTime, 'startTime'),
    finishTime: toIsoTime(query.finishTime, 'finishTime'),
    type: query.type === undefined ? 0 : typeMask(query.type),
  };
  const status = statusCode(query.status);
  if (status !== undefined) wire.status = status;
  if (query.organizationId !== undefined) wire.organizationId = query.organizationId;
  return wire;
}

function statusCode(status: DynamicsJobsFilters['status']): DynamicsJobStatusFilter | undefined {
  if (status === undefined || typeof status === 'number') return status;
  const code = DynamicsJobStatusFilter[status] as DynamicsJobStatusFilter | undefined;
  if (code === undefined) throw new RangeError(`Unknown status '${String(status)}'`);
  return code;
}

/**
 * A 2025-04 time as the wire takes it: a `Date` as its ISO string, a string as written once it reads as an ISO
 * 8601 date or date-time in the calendar. Ticks are the 2024-10 format and are refused here rather than sent to
 * a server that would answer 400.
 */
function toIsoTime(time: IsoTimeInput, name: string): string {
  if (time instanceof Date) {
    if (Number.isNaN(time.getTime())) throw new RangeError(`${name} is not a valid Date`);
    return time.toISOString();
  }
  if (typeof time !== 'string' || /^\d+$/.test(time)) {
    throw new RangeError(
      `${name}: revision 2025-04 takes a Date or an ISO 8601 string, not ticks (${String(time)})`,
    );
  }
  toTicks(time); // throws a RangeError naming the text when it is not an ISO date or date-time in the calendar
  return time;
}

/** Combines flag names into the API's bit mask: `['Backup', 'Restore']` → 3. */
export function typeMask(type: NonNullable<DynamicsJobsQuery['type']>): DynamicsJobTypeFilter {
  if (typeof type === 'number') return type;
  let mask = 0;
  for (const name of typeof type === 'string' ? [type] : type) {
    // Plain JavaScript callers can pass any string, 'All' included; only the six real flags combine.
    const flag = (name as string) === 'All' ? undefined : DynamicsJobTypeFlag[name];
    if (flag === undefined) {
      throw new RangeError(
        `Unknown job type '${String(name)}'. Known: ${Object.keys(DynamicsJobTypeFlag).slice(1).join(', ')}`,
      );
    }
    mask |= flag;
  }
  // Every OR of the six flags lies in 0–63, which is exactly DynamicsJobTypeFilter.
  return mask as DynamicsJobTypeFilter;
}
