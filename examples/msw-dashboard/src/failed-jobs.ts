// The dashboard's one question, asked through the Salesforce client exactly as an app would: the failed jobs
// that started in the last `days` days before `now`, newest first, every page followed.
import { type SalesforceBackupClient, SalesforceJobType } from '@jobwatch/salesforce-backup';

/** One row of the table. */
export interface FailedJobRow {
  readonly jobId: string;
  readonly organizationId: string;
  /** The job type's name (`Backup`, `OnDemandBackup`, …). */
  readonly type: string;
  readonly startTime: string;
  readonly finishTime: string;
  readonly failedRecords: number;
}

const DAY_MS = 86_400_000;
/** The API's largest page: the fewest round trips through the worker. */
const PAGE_SIZE = 1000;

const typeNames = new Map<number, string>(
  Object.entries(SalesforceJobType).map(([name, value]) => [value, name]),
);

export async function listFailedJobs(
  client: SalesforceBackupClient,
  now: Date,
  days: number,
): Promise<FailedJobRow[]> {
  const rows: FailedJobRow[] = [];
  const query = {
    startTime: new Date(now.getTime() - days * DAY_MS),
    finishTime: now,
    status: 'Failed',
  } as const;
  for await (const job of client.jobs(query, { pageSize: PAGE_SIZE })) {
    rows.push({
      jobId: job.jobId,
      organizationId: job.organizationId,
      type: typeNames.get(job.type) ?? String(job.type),
      startTime: job.startTime,
      finishTime: job.finishTime ?? '',
      failedRecords: job.failedRecords,
    });
  }
  return rows;
}
