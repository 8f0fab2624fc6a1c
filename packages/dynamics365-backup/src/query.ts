// The friendly query of the Dynamics client: Date/ISO/bigint times, type flags by name, status by name. Converting
// it to the generated query (ticks, a flag mask, a status code) is the only place that knows the wire format.
import {
  DynamicsJobStatusFilter,
  type DynamicsJobTypeFilter,
  DynamicsJobTypeFlag,
  type ListDynamics365BackupJobsData,
} from './gen/client/index.js';
import { type TimeInput, toTicks } from './ticks.js';

/** A single job type flag by name: `'Backup'`, `'Restore'`, `'Dryrun'`, `'Retention'`, `'AuditBackup'`, `'Export'`. */
export type DynamicsJobTypeFlagName = Exclude<Extract<keyof typeof DynamicsJobTypeFlag, string>, 'All'>;
/** A status by name: `'InProgress'`, `'Finished'`, `'Failed'`, `'FinishedWithException'`. */
export type DynamicsJobStatusFilterName = Extract<keyof typeof DynamicsJobStatusFilter, string>;

/** Which jobs to list. */
export interface DynamicsJobsQuery {
  /** Jobs that started at or after this time: a `Date`, an ISO string, or ticks. */
  startTime: TimeInput;
  /** Jobs that started at or before this time: a `Date`, an ISO string, or ticks. */
  finishTime: TimeInput;
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

/** The wire query of the generated SDK. */
export type DynamicsWireQuery = ListDynamics365BackupJobsData['query'];

/** Converts a friendly query into the generated SDK's query (ticks, flag mask, status code). */
export function toWireQuery(query: DynamicsJobsQuery): DynamicsWireQuery {
  const wire: DynamicsWireQuery = {
    startTime: toTicks(query.startTime),
    finishTime: toTicks(query.finishTime),
  };
  if (query.type !== undefined) wire.type = typeMask(query.type);
  if (query.status !== undefined) {
    const status = typeof query.status === 'number' ? query.status : DynamicsJobStatusFilter[query.status];
    if (status === undefined) throw new RangeError(`Unknown status '${String(query.status)}'`);
    wire.status = status;
  }
  if (query.organizationId !== undefined) wire.organizationId = query.organizationId;
  return wire;
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
