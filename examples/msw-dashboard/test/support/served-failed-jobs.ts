// The expected rows, from the same handlers in Node and without the Salesforce client: a token from
// /connect/token, then every page of /backup/sfbapi/jobs with the spec's Failed status, read as raw JSON, with
// type names from the spec. If the page (client, worker, rendering) loses, adds or alters a job, they differ.
import { createJobwatchHandlers, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '@jobwatch/mock-server/msw';
import { SALESFORCE_SCOPE } from '@jobwatch/salesforce-backup';
import { walkSpec } from '@jobwatch/specs';
import { getResponse } from 'msw';
import type { DashboardOptions } from '../../src/options.js';

const ORIGIN = 'http://jobwatch.test';
const DAY_MS = 86_400_000;

interface RawJob {
  jobId: string;
  organizationId: string;
  type: number;
  startTime: string;
  finishTime: string | null;
  status: number;
  failedRecords: number;
}

/** The table's rows as text, column by column, as the page should show them. */
export async function servedFailedJobs({
  seed,
  now,
  days,
}: DashboardOptions): Promise<Record<string, string>[]> {
  const handlers = createJobwatchHandlers({ seed, now, clockMode: 'frozen' });
  const spec = walkSpec('salesforce');
  const failed = spec.enum<number>('SalesforceJobStatusFilter').valueOf('Failed');
  const types = spec.enum<number>('SalesforceJobType');
  const answer = async (request: Request) => {
    const response = await getResponse(handlers, request);
    if (response?.status !== 200)
      throw new Error(`${request.url}: ${response?.status} ${await response?.text()}`);
    return response.json();
  };

  const { access_token } = (await answer(
    new Request(`${ORIGIN}/connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: DEMO_CLIENT_ID,
        client_secret: DEMO_CLIENT_SECRET,
        scope: SALESFORCE_SCOPE,
      }),
    }),
  )) as { access_token: string };
  const query = new URLSearchParams({
    startTime: new Date(now.getTime() - days * DAY_MS).toISOString(),
    finishTime: now.toISOString(),
    status: String(failed),
    pageSize: '100',
  });
  const jobs: RawJob[] = [];
  let next: string | null = `${ORIGIN}/backup/sfbapi/jobs?${query}`;
  while (next) {
    const body = (await answer(
      new Request(next, { headers: { authorization: `Bearer ${access_token}` } }),
    )) as {
      data: { jobs: RawJob[]; nextLink: string };
    };
    jobs.push(...body.data.jobs);
    next = body.data.nextLink ? new URL(body.data.nextLink, ORIGIN).href : null;
  }
  return jobs.map((job) => ({
    jobId: job.jobId,
    organizationId: job.organizationId,
    type: types.nameOf(job.type) ?? String(job.type),
    startTime: job.startTime,
    finishTime: job.finishTime ?? '',
    failedRecords: String(job.failedRecords),
  }));
}
