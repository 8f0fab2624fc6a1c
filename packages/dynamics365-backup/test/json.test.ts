import { describe, expect, it } from 'vitest';
import { createDynamicsBackupClient, toJsonSafe } from '../src/index.js';
import { fakeDynamics } from './fake-api.js';

describe('toJsonSafe', () => {
  it('makes a page from the client JSON-safe, with backupSize as its exact decimal string', async () => {
    const api = fakeDynamics({ total: 3 });
    const client = createDynamicsBackupClient(
      { region: 'uk' },
      { revision: '2024-10', token: 't', fetch: api.fetch },
    );
    const page = await client.listJobs({ startTime: '2024-01-01', finishTime: '2024-12-01' });
    expect(page.result.length).toBeGreaterThan(0);
    expect(() => JSON.stringify(page)).toThrow(/BigInt/);
    const parsed = JSON.parse(JSON.stringify(toJsonSafe(page)));
    expect(parsed.totalNumber).toBe(page.totalNumber);
    expect(parsed.result).toHaveLength(page.result.length);
    page.result.forEach((job, i) => {
      expect(parsed.result[i]).toEqual({ ...job, backupSize: job.backupSize.toString() });
    });
  });

  it('keeps values above 2^53 exact, leaves the input unchanged, and copies other values as they are', () => {
    const job = {
      jobId: 'j',
      backupSize: 9_007_199_254_740_993n,
      finishTime: undefined,
      tags: [1n, 'x', null],
    };
    const safe = toJsonSafe(job);
    expect(safe).toEqual({
      jobId: 'j',
      backupSize: '9007199254740993',
      finishTime: undefined,
      tags: ['1', 'x', null],
    });
    expect(job.backupSize).toBe(9_007_199_254_740_993n);
    expect(JSON.stringify(toJsonSafe({ result: [job] }))).toBe(
      '{"result":[{"jobId":"j","backupSize":"9007199254740993","tags":["1","x",null]}]}',
    );
  });
});
