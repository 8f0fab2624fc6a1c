// The real `jobs` binary (dist/bin.js) against a real mock process: output, exit codes, one-line errors.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockProcess, startMockProcess } from '@jobwatch/mock-server/process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
// The mock's dataset and the CLI's windows both end at this instant, so every run sees the same jobs.
const NOW = '2026-06-01T12:00:00Z';
let mock: MockProcess;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobs-cli-'));
  const clientsFile = join(dir, 'clients.json');
  writeFileSync(
    clientsFile,
    JSON.stringify([
      { clientId: 'sf-only', clientSecret: 'sf-only-secret', scopes: ['salesforce.public.read.all'] },
      { clientId: 'cert-app', certificateFile: join(FIXTURES, 'client-cert.pem') },
    ]),
  );
  mock = await startMockProcess({
    args: ['--jobs', '3000', '--seed', '5', '--now', NOW, '--clients', clientsFile, '--log-level', 'silent'],
  });
});
afterAll(() => mock?.stop());

/** A clean environment: the parent's JOBS_* settings must not leak into the tests. */
function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, JOBS_BASE_URL: mock.baseUrl, JOBS_NOW: NOW };
  return { ...env, ...extra };
}

function start(
  args: string[],
  env = cliEnv(),
): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

const jobs = (args: string[], env?: NodeJS.ProcessEnv) => start(args, env).done;

function expectOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('jobs list', () => {
  it('prints JSON for scripts, filtered by status, from both APIs, with nothing on stderr', async () => {
    const { code, stdout, stderr } = await jobs(['list', '--since', '30d', '--status', 'failed', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const rows = JSON.parse(stdout) as { api: string; status: string; jobId: string; dataBytes: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['failed']));
    expect(new Set(rows.map((r) => r.api))).toEqual(new Set(['salesforce', 'dynamics365']));
  });

  it('prints CSV for one API and one organization, the same jobs as JSON', async () => {
    const all = JSON.parse(
      (await jobs(['list', '--api', 'salesforce', '--since', '30d', '--json'])).stdout,
    ) as {
      organizationId: string;
    }[];
    const org = all[0]!.organizationId;
    const { code, stdout } = await jobs([
      'list',
      '--api',
      'salesforce',
      '--since',
      '30d',
      '--org',
      org,
      '--csv',
    ]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('api,jobId,organizationId,organization,type,status,startTime,finishTime,dataBytes');
    expect(lines.length - 1).toBe(all.filter((r) => r.organizationId === org).length);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.startsWith('salesforce,') && l.includes(org))).toBe(true);
  });

  it.each(['salesforce', 'dynamics365'])(
    'lists a %s organization by --org alone: the id picks the API',
    async (api) => {
      const all = JSON.parse((await jobs(['list', '--api', api, '--since', '30d', '--json'])).stdout) as {
        organizationId: string;
      }[];
      expect(all.length).toBeGreaterThan(0);
      const org = all[0]!.organizationId;
      const { code, stdout, stderr } = await jobs(['list', '--since', '30d', '--org', org, '--json']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const rows = JSON.parse(stdout) as { api: string; organizationId: string }[];
      expect(rows.length).toBe(all.filter((r) => r.organizationId === org).length);
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => `${r.api} ${r.organizationId}`))).toEqual(new Set([`${api} ${org}`]));
    },
  );

  it('ends the window at --now, which wins over JOBS_NOW', async () => {
    const earlier = '2026-05-30T00:00:00Z';
    const { code, stdout } = await jobs(['list', '--since', '1d', '--now', earlier, '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { startTime: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Date.parse(row.startTime)).toBeLessThanOrEqual(Date.parse(earlier));
      expect(Date.parse(row.startTime)).toBeGreaterThanOrEqual(Date.parse(earlier) - 86_400_000);
    }
  });

  it('prints a table by default', async () => {
    const { code, stdout } = await jobs(['list', '--api', 'dynamics365', '--since', '2d']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(
      /^API\s+JOB ID\s+ORGANIZATION\s+TYPE\s+STATUS\s+STARTED\s+FINISHED\s+DATA$/,
    );
  });

  it('authenticates with a certificate and key', async () => {
    const { code, stderr } = await jobs([
      'list',
      '--since',
      '1d',
      '--json',
      '--client-id',
      'cert-app',
      '--cert',
      join(FIXTURES, 'client-cert.pem'),
      '--key',
      join(FIXTURES, 'client-key.pem'),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('jobs summary', () => {
  it('gives counts, failure rates and data backed up per organization and per API', async () => {
    const { code, stdout } = await jobs(['summary', '--since', '30d', '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as {
      organizations: {
        api: string;
        jobs: number;
        byStatus: Record<string, number>;
        dataBackedUpBytes: number;
      }[];
      totals: { api: string; jobs: number; failureRate: number | null }[];
    };
    expect(summary.totals.map((t) => t.api).sort()).toEqual(['dynamics365', 'salesforce']);
    for (const total of summary.totals) {
      const orgs = summary.organizations.filter((o) => o.api === total.api);
      expect(orgs.reduce((n, o) => n + o.jobs, 0)).toBe(total.jobs);
      expect(total.failureRate).toBeGreaterThanOrEqual(0);
    }
    expect(summary.organizations.some((o) => o.dataBackedUpBytes > 0)).toBe(true);
    const listed = JSON.parse((await jobs(['list', '--since', '30d', '--json'])).stdout) as unknown[];
    expect(summary.totals.reduce((n, t) => n + t.jobs, 0)).toBe(listed.length);
  });

  it('prints tables by default', async () => {
    const { code, stdout } = await jobs(['summary']);
    expect(code).toBe(0);
    expect(stdout).toContain('By organization');
    expect(stdout).toContain('FAILURE RATE');
    expect(stdout).toContain('By status');
  });
});

describe('jobs watch', () => {
  it('prints failed jobs once and exits 0 on Ctrl-C after the first poll', async () => {
    const { child, done } = start(['watch', '--since', '30d', '--interval', '1h', '--json']);
    // Wait for the first poll's output, then interrupt as a person would.
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    child.kill('SIGINT');
    const { code, stdout, stderr } = await done;
    expect(code).toBe(0);
    expect(stderr).toMatch(/watching Salesforce and Dynamics 365/);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; jobId: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.status === 'failed')).toBe(true);
    expect(new Set(lines.map((l) => l.jobId)).size).toBe(lines.length);
  });

  it('prints a job that fails while it watches a mock whose clock runs at 2 hours a second', async () => {
    // As a user runs it: the mock's clock starts at the current time and runs 2 hours a second (the issue's
    // --speed 60 with --interval 5s, 120 times faster); the CLI is given no --now, so its windows follow the
    // mock's clock through the Date header of the answers (src/server-clock.ts). A job that starts and fails in
    // the mock's time is printed within seconds.
    const fast = await startMockProcess({
      args: ['--seed', '5', '--speed', '7200', '--log-level', 'silent'],
    });
    try {
      const health = (await (await fetch(`${fast.baseUrl}/healthz`)).json()) as { now: string };
      const watchedFrom = Date.parse(health.now);
      const env = cliEnv({ JOBS_BASE_URL: fast.baseUrl });
      delete env.JOBS_NOW;
      const { child, done } = start(['watch', '--since', '3d', '--interval', '1s', '--json'], env);
      const fresh = await new Promise<{ jobId: string; startTime: string; status: string }>(
        (resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no newly failed job within 20 s')), 20_000);
          let buffer = '';
          child.stdout?.on('data', (chunk: Buffer) => {
            buffer += chunk.toString();
            const lines = buffer.split('\n');
            buffer = lines.pop()!;
            for (const line of lines) {
              const job = JSON.parse(line) as { jobId: string; startTime: string; status: string };
              // Started after the watch began: a job that did not exist at the first poll.
              if (Date.parse(job.startTime) > watchedFrom) {
                clearTimeout(timer);
                resolve(job);
              }
            }
          });
        },
      );
      child.kill('SIGINT');
      expect((await done).code).toBe(0);
      expect(fresh.status).toBe('failed');
    } finally {
      await fast.stop();
    }
  }, 40_000);

  it('also stops cleanly on SIGTERM', async () => {
    const { child, done } = start(['watch', '--since', '30d', '--interval', '1h']);
    await new Promise<void>((resolve) => child.stderr?.once('data', () => resolve()));
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  });
});

describe('errors for people: one line, a non-zero exit code, no stack trace', () => {
  it('a bad flag → 2', async () => {
    const { code, stdout, stderr } = await jobs(['list', '--frobnicate']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLine(stderr, /^jobs: unknown option '--frobnicate' \(see jobs --help\)$/);
  });

  it('a bad value → 2', async () => {
    const { code, stderr } = await jobs(['list', '--since', 'last week']);
    expect(code).toBe(2);
    expectOneLine(stderr, /--since must look like/);
    const now = await jobs(['list', '--now', 'yesterday']);
    expect(now.code).toBe(2);
    expectOneLine(now.stderr, /--now must be an ISO 8601 instant/);
  });

  it('an unreachable host → 3', async () => {
    const port = await closedPort();
    const { code, stderr } = await jobs(['list'], cliEnv({ JOBS_BASE_URL: `http://127.0.0.1:${port}` }));
    expect(code).toBe(3);
    expectOneLine(
      stderr,
      new RegExp(`^jobs: cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)$`),
    );
  });

  it('a bad secret (401 from the token endpoint) → 4, without the secret', async () => {
    const { code, stderr } = await jobs([
      'list',
      '--client-id',
      'jobwatch-demo',
      '--client-secret',
      'wrong-secret-123',
    ]);
    expect(code).toBe(4);
    expectOneLine(stderr, /^jobs: authentication failed: /);
    expect(stderr).not.toContain('wrong-secret-123');
  });

  it('a token the API rejects (401) → 4, without the token', async () => {
    const { code, stderr } = await jobs([
      'list',
      '--token',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
    ]);
    expect(code).toBe(4);
    expectOneLine(stderr, /^jobs: unauthorized: the API rejected the token \(HTTP 401\)/);
    expect(stderr).not.toContain('eyJ');
  });

  it('a client with only the other scope (403) → 5', async () => {
    const env = cliEnv({ JOBS_CLIENT_ID: 'sf-only', JOBS_CLIENT_SECRET: 'sf-only-secret' });
    const { code, stderr } = await jobs(['list', '--api', 'dynamics365'], env);
    expect(code).toBe(5);
    expectOneLine(stderr, /^jobs: forbidden: .*Dynamics\.ReadWrite\.All/i);
    // The same client is fine with the API it is granted.
    expect((await jobs(['list', '--api', 'salesforce', '--since', '1d'], env)).code).toBe(0);
  });

  it('a token without the API’s scope (403 from the API) → 5', async () => {
    const answer = await fetch(mock.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'sf-only',
        client_secret: 'sf-only-secret',
        scope: 'salesforce.public.read.all',
      }),
    });
    const { access_token } = (await answer.json()) as { access_token: string };
    const { code, stderr } = await jobs(['list', '--api', 'dynamics365', '--token', access_token]);
    expect(code).toBe(5);
    expectOneLine(stderr, /^jobs: forbidden: the token lacks the scope this API needs \(HTTP 403\)/);
  });
});
