// The generated SDK builds the exact request for the page's documented parameters, seen through an injected
// fetch, and sends int64 ticks without losing a digit.
import { dynamics365 } from '@jobwatch/api-descriptions';
import { createRecordingFetch } from '@jobwatch/graph-auth/testing';
import { describe, expect, it } from 'vitest';
import {
  createClient,
  DynamicsJobStatusFilter,
  DynamicsJobTypeFlag,
  listDynamics365BackupJobs,
} from '../src/index.js';

const emptyPage = { totalNumber: 0, result: [] };
const recordingFetch = () => createRecordingFetch(emptyPage);

describe('generated Dynamics 365 SDK', () => {
  it('builds the documented request: paging, flags, ticks, status, organization, bearer token', async () => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({
      baseUrl: 'https://graph-uk.avepointonlineservices.com',
      fetch,
      auth: () => 'tok-456',
    });
    await listDynamics365BackupJobs({
      client,
      query: {
        pageIndex: 1,
        pageSize: 10,
        type: 3, // DynamicsJobTypeFlag.Backup | DynamicsJobTypeFlag.Restore
        startTime: 637964640000000000n,
        finishTime: 637965504000000000n,
        status: DynamicsJobStatusFilter.Finished,
        organizationId: '6f1c2b8e-3d4a-4f5b-9c7d-2e8f1a0b3c4d',
      },
    });
    const request = requests[0]!;
    expect(request.method).toBe('GET');
    expect(request.url).toBe(
      'https://graph-uk.avepointonlineservices.com/dynamicsbackup/jobs?pageIndex=1&pageSize=10&type=3&startTime=637964640000000000&finishTime=637965504000000000&status=3&organizationId=6f1c2b8e-3d4a-4f5b-9c7d-2e8f1a0b3c4d',
    );
    expect(request.headers.get('authorization')).toBe('Bearer tok-456');
  });

  it('keeps every digit of ticks that a JavaScript number cannot hold', async () => {
    // 2^53 + 1 ticks and the largest .NET tick value; both would be rounded by a float.
    const exact = [9007199254740993n, 3155378975999999999n, 638645575921780695n];
    for (const ticks of exact) {
      expect(BigInt(Number(ticks))).not.toBe(ticks);
      const { fetch, requests } = recordingFetch();
      const client = createClient({ baseUrl: 'http://127.0.0.1:4010', fetch });
      await listDynamics365BackupJobs({ client, query: { startTime: ticks, finishTime: ticks } });
      const params = new URL(requests[0]!.url).searchParams;
      expect(params.get('startTime')).toBe(ticks.toString());
      expect(params.get('finishTime')).toBe(ticks.toString());
    }
  });

  it('sends the deprecated endTime alias when a caller uses it', async () => {
    const { fetch, requests } = recordingFetch();
    const client = createClient({ baseUrl: 'http://127.0.0.1:4010', fetch });
    await listDynamics365BackupJobs({ client, query: { startTime: 1n, finishTime: 2n, endTime: 2n } });
    expect(new URL(requests[0]!.url).searchParams.get('endTime')).toBe('2');
  });

  it('names the type flags and statuses as the spec does (x-enum-varnames)', () => {
    const named = ({ values, names }: { values: readonly number[]; names: readonly string[] }) =>
      Object.fromEntries(names.map((name, i) => [name, values[i]]));
    const { type, status } = dynamics365.filters;
    expect(Object.keys(DynamicsJobTypeFlag)).toHaveLength(7);
    expect(DynamicsJobTypeFlag).toEqual(named(type.filterEnum));
    expect(DynamicsJobStatusFilter).toEqual(named(status.filterEnum));
  });
});
