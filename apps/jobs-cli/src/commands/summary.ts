// jobs summary: per organization and per status, the counts, the failure rate and the data backed up.
import { bytes, csv, percent, table } from '../format.js';
import { type ApiName, type JobRow, STATUS_NAMES, type StatusName } from '../sources.js';
import type { CommandContext } from './context.js';
import { collect } from './list.js';

/** One organization's figures. */
export interface OrganizationSummary {
  api: ApiName;
  organizationId: string;
  organization: string;
  jobs: number;
  byStatus: Record<StatusName, number>;
  /** failed / jobs that are no longer in progress; null when none have ended. */
  failureRate: number | null;
  /** Bytes of the backup jobs (Backup, On-demand/Audit backup). */
  dataBackedUpBytes: number;
}

/** The figures of a window. */
export interface Summary {
  from: string;
  to: string;
  organizations: OrganizationSummary[];
  totals: OrganizationSummary[];
}

function emptyStatuses(): Record<StatusName, number> {
  return Object.fromEntries(STATUS_NAMES.map((s) => [s, 0])) as Record<StatusName, number>;
}

function finish(s: OrganizationSummary): OrganizationSummary {
  const ended = s.jobs - s.byStatus['in-progress'];
  return { ...s, failureRate: ended === 0 ? null : s.byStatus.failed / ended };
}

/** Aggregates rows per organization (sorted by API, then by failure count) and per API. */
export function summarize(rows: readonly JobRow[], from: Date, to: Date): Summary {
  const orgs = new Map<string, OrganizationSummary>();
  const totals = new Map<ApiName, OrganizationSummary>();
  const blank = (api: ApiName, organizationId: string, organization: string): OrganizationSummary => ({
    api,
    organizationId,
    organization,
    jobs: 0,
    byStatus: emptyStatuses(),
    failureRate: null,
    dataBackedUpBytes: 0,
  });
  for (const row of rows) {
    const key = `${row.api}\u0000${row.organizationId}`;
    const org = orgs.get(key) ?? blank(row.api, row.organizationId, row.organization);
    orgs.set(key, org);
    const total = totals.get(row.api) ?? blank(row.api, '*', 'all organizations');
    totals.set(row.api, total);
    for (const s of [org, total]) {
      s.jobs++;
      s.byStatus[row.status]++;
      if (row.backup) s.dataBackedUpBytes += row.dataBytes;
    }
  }
  const organizations = [...orgs.values()]
    .map(finish)
    .sort(
      (a, b) =>
        a.api.localeCompare(b.api) ||
        b.byStatus.failed - a.byStatus.failed ||
        a.organization.localeCompare(b.organization),
    );
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    organizations,
    totals: [...totals.values()].map(finish),
  };
}

const COLUMNS = [
  'API',
  'ORGANIZATION',
  'JOBS',
  'RUNNING',
  'FINISHED',
  'EXCEPTION',
  'FAILED',
  'OTHER',
  'FAILURE RATE',
  'BACKED UP',
];

function tableRow(s: OrganizationSummary): string[] {
  const other = s.byStatus.paused + s.byStatus.stopped + s.byStatus.skipped;
  return [
    s.api,
    s.organization,
    String(s.jobs),
    String(s.byStatus['in-progress']),
    String(s.byStatus.finished),
    String(s.byStatus['finished-with-exception']),
    String(s.byStatus.failed),
    String(other),
    s.failureRate === null ? '-' : percent(s.byStatus.failed, s.jobs - s.byStatus['in-progress']),
    bytes(s.dataBackedUpBytes),
  ];
}

/** Runs `jobs summary`. */
export async function summaryCommand(ctx: CommandContext): Promise<number> {
  const to = new Date(ctx.now());
  const from = new Date(to.getTime() - ctx.sinceMs);
  const rows = await collect(ctx, ctx.sources);
  const summary = summarize(rows, from, to);
  const out = ctx.io.stdout;
  if (ctx.format === 'json') {
    out.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else if (ctx.format === 'csv') {
    out.write(
      csv(
        [
          'api',
          'organizationId',
          'organization',
          'jobs',
          ...STATUS_NAMES,
          'failureRate',
          'dataBackedUpBytes',
        ],
        [...summary.organizations, ...summary.totals].map((s) => [
          s.api,
          s.organizationId,
          s.organization,
          s.jobs,
          ...STATUS_NAMES.map((n) => s.byStatus[n]),
          s.failureRate === null ? null : Number(s.failureRate.toFixed(4)),
          s.dataBackedUpBytes,
        ]),
      ),
    );
  } else {
    out.write(`Jobs that started from ${summary.from} to ${summary.to}\n\nBy organization\n`);
    out.write(table(COLUMNS, summary.organizations.map(tableRow), [2, 3, 4, 5, 6, 7, 8, 9]));
    out.write('\nBy API\n');
    out.write(table(COLUMNS, summary.totals.map(tableRow), [2, 3, 4, 5, 6, 7, 8, 9]));
    out.write('\nBy status\n');
    const statusRows = summary.totals.flatMap((t) =>
      STATUS_NAMES.filter((n) => t.byStatus[n] > 0).map((n) => [
        t.api,
        n,
        String(t.byStatus[n]),
        percent(t.byStatus[n], t.jobs),
      ]),
    );
    out.write(table(['API', 'STATUS', 'JOBS', 'SHARE'], statusRows, [2, 3]));
  }
  return 0;
}
