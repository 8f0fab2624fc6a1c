// The one place in the CLI that knows how the two APIs differ: status codes, type names, sizes, organization
// names. Everything else works on JobRow.

import { type ApiName, apiNames } from '@jobwatch/api-descriptions';
import {
  createDynamicsBackupClient,
  DynamicsApiError,
  type DynamicsJob,
  type DynamicsJobV2025_04,
  GraphError,
} from '@jobwatch/dynamics365-backup';
import { DynamicsJobStatus, DynamicsJobType } from '@jobwatch/dynamics365-backup/2025-04';
import {
  createSalesforceBackupClient,
  type SalesforceJob,
  SalesforceJobType,
} from '@jobwatch/salesforce-backup';
import type { Connection } from './config.js';

/** The APIs, by their CLI names: the specs' API names (the one definition). */
export const API_NAMES = apiNames;
export type { ApiName };

/** A Salesforce organization id: the `00D` key prefix, 15 characters (case-sensitive) or 18 (case-safe). */
const SALESFORCE_ORG_ID = /^00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;
/** A Dynamics 365 organization id: a GUID (matched case-insensitively by the API). */
const DYNAMICS_ORG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The API an organization id belongs to, by its shape; undefined when it has neither shape. */
export function apiOfOrganizationId(id: string): ApiName | undefined {
  if (SALESFORCE_ORG_ID.test(id)) return 'salesforce';
  if (DYNAMICS_ORG_ID.test(id)) return 'dynamics365';
  return undefined;
}

/** Friendly status names, shared by both APIs (each maps them to its own codes). */
export const STATUS_NAMES = [
  'in-progress',
  'finished',
  'finished-with-exception',
  'failed',
  'paused',
  'stopped',
  'skipped',
] as const;
export type StatusName = (typeof STATUS_NAMES)[number];

/** A job of either API, as the CLI shows it. */
export interface JobRow {
  api: ApiName;
  jobId: string;
  organizationId: string;
  /** The organization's name where the API gives one (Dynamics), else its id. */
  organization: string;
  type: string;
  status: StatusName;
  startTime: string;
  finishTime: string | null;
  /** Data involved in the job, in bytes (Salesforce reports KB). */
  dataBytes: number;
  /** Whether the job backs data up (its data counts as "backed up" in the summary). */
  backup: boolean;
}

/** What to list. */
export interface ListRequest {
  from: Date;
  to: Date;
  status?: StatusName;
  organizationId?: string;
  pageSize: number;
  signal?: AbortSignal;
  /** Called after each page with the jobs so far and the total the API announced. */
  onPage?: (done: number, total: number) => void;
}

/** One API as the commands use it. */
export interface JobSource {
  api: ApiName;
  label: string;
  /** Whether the API has this status at all (Dynamics has no paused/stopped/skipped). */
  supports(status: StatusName): boolean;
  rows(request: ListRequest): AsyncGenerator<JobRow, void, undefined>;
}

const SF_STATUS: Record<number, StatusName> = {
  1: 'in-progress',
  2: 'finished',
  3: 'finished-with-exception',
  4: 'failed',
  5: 'paused',
  6: 'stopped',
  7: 'skipped',
};
const SF_STATUS_CODE = Object.fromEntries(
  Object.entries(SF_STATUS).map(([code, name]) => [name, Number(code)]),
) as Record<StatusName, 1 | 2 | 3 | 4 | 5 | 6 | 7>;
const SF_TYPE_NAME = new Map<number, string>(
  Object.entries(SalesforceJobType).map(([name, code]) => [code, name]),
);
const SF_BACKUP_TYPES = new Set<number>([
  SalesforceJobType.Backup,
  SalesforceJobType.OnDemandBackup,
  SalesforceJobType.AuditLogBackup,
]);

const D365_STATUS: Record<DynamicsJob['status'], StatusName> = {
  InProgress: 'in-progress',
  Finished: 'finished',
  FinishedWithException: 'finished-with-exception',
  Failed: 'failed',
};
const D365_STATUS_NAME = Object.fromEntries(
  Object.entries(D365_STATUS).map(([name, friendly]) => [friendly, name]),
) as Partial<Record<StatusName, DynamicsJob['status']>>;

/** Rows of every page, reporting progress after each page: the one paging loop both sources use. */
async function* rowsOfPages<Page, Job>(
  pages: AsyncIterable<Page>,
  contents: (page: Page) => readonly [jobs: readonly Job[], total: number],
  toRow: (job: Job) => JobRow,
  request: ListRequest,
): AsyncGenerator<JobRow, void, undefined> {
  let done = 0;
  for await (const page of pages) {
    const [jobs, total] = contents(page);
    done += jobs.length;
    request.onPage?.(done, total);
    for (const job of jobs) yield toRow(job);
  }
}

function salesforceRow(job: SalesforceJob): JobRow {
  return {
    api: 'salesforce',
    jobId: job.jobId,
    organizationId: job.organizationId,
    organization: job.organizationId,
    type: SF_TYPE_NAME.get(job.type) ?? String(job.type),
    status: SF_STATUS[job.status] ?? 'finished',
    startTime: job.startTime,
    finishTime: job.finishTime,
    dataBytes: job.dataSize * 1024,
    backup: SF_BACKUP_TYPES.has(job.type),
  };
}

/** Revision 2025-04 writes type and status as integers: their names, from the generated enums. */
const D365_TYPE_BY_VALUE = new Map<number, string>(Object.entries(DynamicsJobType).map(([n, v]) => [v, n]));
const D365_STATUS_BY_VALUE = new Map<number, DynamicsJob['status']>(
  Object.entries(DynamicsJobStatus).map(([n, v]) => [v, n as DynamicsJob['status']]),
);

/** A 2025-04 job as a 2024-10 one would show it (names for type and status), so one row mapping serves both. */
function dynamicsRowV2025_04(job: DynamicsJobV2025_04): JobRow {
  return dynamicsRow({
    ...job,
    type: (D365_TYPE_BY_VALUE.get(job.type) ?? String(job.type)) as DynamicsJob['type'],
    status: D365_STATUS_BY_VALUE.get(job.status) ?? 'Finished',
    backupSize: BigInt(job.backupSize),
  });
}

function dynamicsRow(job: DynamicsJob): JobRow {
  return {
    api: 'dynamics365',
    jobId: job.jobId,
    organizationId: job.organizationId,
    organization: job.organizationName,
    type: job.type,
    status: D365_STATUS[job.status] ?? 'finished',
    startTime: job.startTime,
    finishTime: job.finishTime ?? null,
    dataBytes: Number(job.backupSize),
    backup: job.type === 'Backup' || job.type === 'AuditBackup',
  };
}

/** Creates the sources for the chosen APIs, each with its own client on the shared connection. */
export function createSources(
  connection: Connection,
  apis: readonly ApiName[],
  dynamicsRevision: DynamicsRevisionMode = 'auto',
): JobSource[] {
  return apis.map((api) =>
    api === 'salesforce' ? salesforceSource(connection) : dynamicsSource(connection, dynamicsRevision),
  );
}

function salesforceSource(connection: Connection): JobSource {
  const client = createSalesforceBackupClient(connection.target, connection.options);
  return {
    api: 'salesforce',
    label: 'Salesforce',
    supports: () => true,
    async *rows(request) {
      const query = {
        startTime: request.from,
        finishTime: request.to,
        ...(request.status ? { status: SF_STATUS_CODE[request.status] } : {}),
        ...(request.organizationId ? { organizationId: request.organizationId } : {}),
      };
      const pages = client.pages(query, { pageSize: request.pageSize, signal: request.signal });
      yield* rowsOfPages(pages, (page) => [page.jobs, page.totalCount], salesforceRow, request);
    },
  };
}

/** The Dynamics 365 revisions the CLI speaks, and `auto`: one probe request decides (then it is kept). */
export const DYNAMICS_REVISION_MODES = ['auto', '2024-10', '2025-04'] as const;
export type DynamicsRevisionMode = (typeof DYNAMICS_REVISION_MODES)[number];

/**
 * Whether a failed 2025-04 request means the target serves 2024-10: it answered a 2024-10 page, or refused the ISO
 * times with a 400 naming them (ticks are 2024-10's format).
 */
function says2024_10(error: unknown): boolean {
  if (error instanceof DynamicsApiError) {
    return error.status === 400 && ['startTime', 'finishTime'].some((name) => name in error.fields);
  }
  return error instanceof GraphError && /a 2024-10 page/.test(error.message);
}

function dynamicsSource(connection: Connection, mode: DynamicsRevisionMode): JobSource {
  const options = connection.options;
  const v2024 = createDynamicsBackupClient(connection.target, { ...options, revision: '2024-10' });
  const v2025 = createDynamicsBackupClient(connection.target, { ...options, revision: '2025-04' });
  let revision: Promise<'2024-10' | '2025-04'> | undefined =
    mode === 'auto' ? undefined : Promise.resolve(mode);

  /** One request of the first listing decides, for every later one (a watch polls the same target). */
  function revisionFor(request: ListRequest): Promise<'2024-10' | '2025-04'> {
    revision ??= v2025
      .listJobs({ startTime: request.from, finishTime: request.to, pageSize: 1 }, { signal: request.signal })
      .then(
        () => '2025-04' as const,
        (error: unknown) => {
          if (says2024_10(error)) return '2024-10' as const;
          revision = undefined; // an outage is not an answer: probe again next time
          throw error;
        },
      );
    return revision;
  }

  return {
    api: 'dynamics365',
    label: 'Dynamics 365',
    supports: (status) => D365_STATUS_NAME[status] !== undefined,
    async *rows(request) {
      const status = request.status ? D365_STATUS_NAME[request.status] : undefined;
      const filters = {
        ...(status ? { status } : {}),
        ...(request.organizationId ? { organizationId: request.organizationId } : {}),
      };
      const paging = { pageSize: request.pageSize, signal: request.signal };
      if ((await revisionFor(request)) === '2025-04') {
        const pages = v2025.pages({ startTime: request.from, finishTime: request.to, ...filters }, paging);
        yield* rowsOfPages(pages, (page) => [page.jobs, page.totalCount], dynamicsRowV2025_04, request);
      } else {
        const pages = v2024.pages({ startTime: request.from, finishTime: request.to, ...filters }, paging);
        yield* rowsOfPages(pages, (page) => [page.result, page.totalNumber], dynamicsRow, request);
      }
    },
  };
}
