// run() in-process with an injected fetch-free source of time and sleep: watch prints each failed job once.
import type { AddressInfo } from 'node:net';
import { buildApp } from '@jobwatch/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Io, run, summarize } from '../src/index.js';

const app = buildApp({ jobs: 2000, seed: 3 });
let env: Record<string, string> = {};
beforeAll(async () => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  env = { JOBS_BASE_URL: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
});
afterAll(() => app.close());

function io(extra: Partial<Io> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      env,
      ...extra,
    } as Io,
  };
}

describe('run', () => {
  it('watch prints each failed job once over several polls, then stops on abort with 0', async () => {
    const controller = new AbortController();
    let polls = 0;
    const sleep = async () => {
      if (++polls === 3) controller.abort();
    };
    const { io: ctx, out } = io({ signal: controller.signal, sleep });
    const code = await run(['watch', '--since', '30d', '--json'], ctx);
    expect(code).toBe(0);
    expect(polls).toBe(3);
    const ids = out.map((line) => (JSON.parse(line) as { jobId: string }).jobId);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows progress only on a terminal', async () => {
    const tty = io();
    (tty.io.stderr as { isTTY?: boolean }).isTTY = true;
    expect(await run(['list', '--since', '30d', '--page-size', '100', '--json'], tty.io)).toBe(0);
    expect(tty.err.join('')).toMatch(/Salesforce: [\d,]+\/[\d,]+ jobs/);
    const pipe = io();
    expect(await run(['list', '--since', '30d', '--page-size', '100', '--json'], pipe.io)).toBe(0);
    expect(pipe.err).toEqual([]);
  });

  it('prints help', async () => {
    const { io: ctx, out } = io();
    expect(await run(['--help'], ctx)).toBe(0);
    expect(out.join('')).toContain('Usage: jobs <command>');
  });
});

describe('summarize', () => {
  it('computes failure rates over ended jobs and sums only backup data', () => {
    const row = (status: 'failed' | 'finished' | 'in-progress', backup: boolean) => ({
      api: 'salesforce' as const,
      jobId: Math.random().toString(),
      organizationId: 'org',
      organization: 'org',
      type: 'Backup',
      status,
      startTime: '2025-01-01T00:00:00Z',
      finishTime: null,
      dataBytes: 100,
      backup,
    });
    const s = summarize(
      [row('failed', true), row('finished', true), row('finished', false), row('in-progress', true)],
      new Date(0),
      new Date(1),
    );
    expect(s.organizations[0]).toMatchObject({ jobs: 4, failureRate: 1 / 3, dataBackedUpBytes: 300 });
    expect(s.totals[0]!.byStatus).toMatchObject({ failed: 1, finished: 2, 'in-progress': 1 });
  });
});
