// The generated SDK builds the exact request of the page's documented sample, seen through an injected fetch.
import { createRecordingFetch } from '@jobwatch/graph-auth/testing';
import { describe, expect, it } from 'vitest';
import {
  createClient,
  listSalesforceBackupJobs,
  SalesforceJobStatusFilter,
  SalesforceJobTypeFilter,
} from '../src/index.js';

const emptyPage = { statusCode: 200, message: '', data: { totalCount: 0, nextLink: '', jobs: [] } };
const recordingFetch = () => createRecordingFetch(emptyPage);

describe('generated Salesforce SDK', () => {
  it('builds the documented sample request: US East, ISO dates, page 1 of 10, bearer token', async () => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({
      baseUrl: 'https://graph-us.avepointonlineservices.com',
      fetch,
      auth: () => 'tok-123',
    });
    await listSalesforceBackupJobs({
      client,
      query: { startTime: '2024-10-24', finishTime: '2024-12-25', pageSize: 10, pageIndex: 1 },
    });
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.method).toBe('GET');
    expect(request.url).toBe(
      'https://graph-us.avepointonlineservices.com/backup/sfbapi/jobs?startTime=2024-10-24&finishTime=2024-12-25&pageSize=10&pageIndex=1',
    );
    expect(request.headers.get('authorization')).toBe('Bearer tok-123');
  });

  it.each([
    ['type', { type: SalesforceJobTypeFilter.AuditLogBackup }, 'type=20'],
    ['status', { status: SalesforceJobStatusFilter.FinishedWithException }, 'status=3'],
    ['level', { level: 4 as const }, 'level=4'],
    ['organizationId', { organizationId: '00D5g000004SZJbEAO' }, 'organizationId=00D5g000004SZJbEAO'],
  ])('sends the %s filter by its documented number', async (_name, extra, expected) => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({ baseUrl: 'http://127.0.0.1:4010', fetch });
    await listSalesforceBackupJobs({
      client,
      query: { startTime: '2024-01-01', finishTime: '2024-12-01', ...extra },
    });
    expect(new URL(requests[0]!.url).search).toBe(`?startTime=2024-01-01&finishTime=2024-12-01&${expected}`);
  });

  it('names every documented enum value', () => {
    expect(Object.keys(SalesforceJobTypeFilter)).toHaveLength(23);
    expect(SalesforceJobTypeFilter.All).toBe(0);
    expect(SalesforceJobTypeFilter.AuditLogAutoExport).toBe(22);
    expect(SalesforceJobStatusFilter.Skipped).toBe(7);
  });
});
