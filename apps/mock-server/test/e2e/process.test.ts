// The real process over HTTP: the token flow, paging round trips, determinism across processes, the fast path
// agreeing with the Fastify path, the CLI's errors, no secrets in logs, and a graceful SIGTERM.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { Agent, get, request } from 'node:http';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { msToTickText } from '@jobwatch/api-descriptions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, type MockProcess, startMockProcess } from '../../src/process.js';

const NOW = '2025-06-01T00:00:00Z';
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;
const ticks = msToTickText;
const ARGS = ['--jobs', '3000', '--orgs', '5', '--now', NOW, '--clock', 'frozen', '--seed', '7'];
const stripMeta = (body: string) => body.replace(/"(requestId|timestamp|traceId)":"[^"]*"/g, '');

async function token(mock: MockProcess, scope?: string): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'jobwatch-demo',
    client_secret: 'jobwatch-demo-secret',
  });
  if (scope) form.set('scope', scope);
  const response = await fetch(mock.tokenUrl, { method: 'POST', body: form });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

let a: MockProcess;
let b: MockProcess;
beforeAll(async () => {
  [a, b] = await Promise.all([startMockProcess({ args: ARGS }), startMockProcess({ args: ARGS })]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

describe('startMockProcess', () => {
  it('prints the banner: base URL, token URL, demo credentials and a curl', () => {
    const out = a.output();
    expect(out).toContain(`base URL:     ${a.baseUrl}`);
    expect(out).toContain(`token URL:    ${a.tokenUrl}`);
    expect(out).toContain('client_id=jobwatch-demo  client_secret=jobwatch-demo-secret');
    expect(out).toMatch(/TOKEN=\$\(curl -s -X POST .* && curl -H "Authorization: Bearer \$TOKEN"/);
    expect(a.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('token flow and paging round trips', () => {
  it('follows Salesforce nextLink from the first page to "" and visits every job once', async () => {
    const auth = { authorization: `Bearer ${await token(a, 'salesforce.public.read.all')}` };
    const from = new Date(NOW_MS - 60 * DAY).toISOString().slice(0, 10);
    let url = `${a.baseUrl}/backup/sfbapi/jobs?startTime=${from}&finishTime=${NOW.slice(0, 10)}&pageSize=97`;
    const ids: string[] = [];
    let total = -1;
    for (let guard = 0; url !== '' && guard < 1000; guard++) {
      const response = await fetch(url, { headers: auth });
      expect(response.status).toBe(200);
      expect(response.headers.get('request-id')).toBeTruthy();
      const body = (await response.json()) as {
        data: { totalCount: number; nextLink: string; jobs: { jobId: string }[] };
      };
      total = body.data.totalCount;
      ids.push(...body.data.jobs.map((j) => j.jobId));
      url = body.data.nextLink;
      if (url !== '') expect(url.startsWith(`${a.baseUrl}/backup/sfbapi/jobs?`)).toBe(true);
    }
    expect(total).toBeGreaterThan(97);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });

  it('walks Dynamics pages from 1 until totalNumber jobs are seen', async () => {
    const auth = { authorization: `Bearer ${await token(a, 'Dynamics.ReadWrite.All')}` };
    const base = `${a.baseUrl}/dynamicsbackup/jobs?startTime=${ticks(NOW_MS - 60 * DAY)}&finishTime=${ticks(NOW_MS)}&pageSize=89`;
    const ids = new Set<string>();
    let total = Number.POSITIVE_INFINITY;
    for (let page = 1; ids.size < total && page < 1000; page++) {
      const body = (await (await fetch(`${base}&pageIndex=${page}`, { headers: auth })).json()) as {
        totalNumber: number;
        result: { jobId: string }[];
      };
      total = body.totalNumber;
      if (body.result.length === 0) break;
      for (const job of body.result) ids.add(job.jobId);
    }
    expect(total).toBeGreaterThan(0);
    expect(ids.size).toBe(total);
  });

  it('answers 401 without a token and 403 with the other API scope', async () => {
    const url = `${a.baseUrl}/dynamicsbackup/jobs?startTime=0&finishTime=1`;
    expect((await fetch(url)).status).toBe(401);
    const sfOnly = await token(a, 'salesforce.public.read.all');
    expect((await fetch(url, { headers: { authorization: `Bearer ${sfOnly}` } })).status).toBe(403);
  });
});

describe('determinism across processes', () => {
  it('gives identical bodies except requestId, timestamp and traceId, and accepts the other replica token', async () => {
    const tokenA = await token(a);
    const paths = [
      `/backup/sfbapi/jobs?startTime=2025-01-01&finishTime=2025-06-01&pageSize=50&pageIndex=3&status=2`,
      `/dynamicsbackup/jobs?startTime=${ticks(NOW_MS - 120 * DAY)}&finishTime=${ticks(NOW_MS)}&type=3&pageSize=50&pageIndex=2`,
      `/backup/sfbapi/jobs?startTime=2025-01-01&finishTime=2025-06-01&pageSize=0`,
    ];
    for (const path of paths) {
      // The same token on both: replicas with the same seed accept each other's tokens.
      const headers = { authorization: `Bearer ${tokenA}` };
      const [ra, rb] = await Promise.all([
        fetch(`${a.baseUrl}${path}`, { headers }),
        fetch(`${b.baseUrl}${path}`, { headers }),
      ]);
      expect(rb.status).toBe(ra.status);
      const [ta, tb] = [await ra.text(), await rb.text()];
      expect(stripMeta(tb).replaceAll(b.baseUrl, '')).toBe(stripMeta(ta).replaceAll(a.baseUrl, ''));
    }
  });

  it('answers the same through the fast path and the Fastify path (a Prefer header takes the latter)', async () => {
    const headers = { authorization: `Bearer ${await token(a)}` };
    const path = `/backup/sfbapi/jobs?startTime=2025-03-01&finishTime=2025-06-01&pageSize=20&pageIndex=2`;
    const fast = await fetch(`${a.baseUrl}${path}`, { headers });
    const slow = await fetch(`${a.baseUrl}${path}`, { headers: { ...headers, prefer: 'latency=0' } });
    expect(stripMeta(await slow.text())).toBe(stripMeta(await fast.text()));
    expect(fast.headers.get('content-type')).toBe(slow.headers.get('content-type'));
    for (const bad of ['pageSize=0', 'pageSize=1&pagesize=2']) {
      const f = await fetch(`${a.baseUrl}/dynamicsbackup/jobs?${bad}`, { headers });
      const s = await fetch(`${a.baseUrl}/dynamicsbackup/jobs?${bad}`, {
        headers: { ...headers, prefer: 'latency=0' },
      });
      expect(f.status).toBe(400);
      expect(stripMeta(await f.text())).toBe(stripMeta(await s.text()));
      expect(f.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
  });
});

describe('page cache over HTTP', () => {
  it('answers repeated pages with the bytes of a process without the cache (--page-cache 0)', async () => {
    const plain = await startMockProcess({ args: [...ARGS, '--page-cache', '0'] });
    try {
      const paths = [
        `/backup/sfbapi/jobs?startTime=2025-03-01&finishTime=2025-06-01&pageSize=10&pageIndex=4&status=2`,
        `/Backup/SfbApi/Jobs?STARTTIME=2025-03-01&finishTime=2025-06-01&pageindex=2&x=%C3%A9`,
        `/dynamicsbackup/jobs?startTime=${ticks(NOW_MS - 90 * DAY)}&finishTime=${ticks(NOW_MS)}&type=3&pageIndex=3`,
      ];
      for (const path of paths) {
        const headers = { authorization: `Bearer ${await token(a)}` };
        const bodies: string[] = [];
        for (const base of [a.baseUrl, a.baseUrl, plain.baseUrl, plain.baseUrl]) {
          const response = await fetch(`${base}${path}`, { headers });
          expect(response.status).toBe(200);
          const text = await response.text();
          // content-length is the byte length of the body (ASCII: one byte per character).
          expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
          bodies.push(stripMeta(text).replaceAll(base, ''));
        }
        expect(new Set(bodies).size).toBe(1);
      }
    } finally {
      await plain.stop();
    }
  });
});

describe('CLI', () => {
  it.each([
    [['--port', 'abc'], '--port'],
    [['--latency', 'soon'], '--latency'],
    [['--bogus'], 'Unknown option'],
    [['--scenario', '/nonexistent.yaml'], 'cannot read'],
  ])('exits 2 with one clear line for %j', (args, text) => {
    const result = spawnSync(process.execPath, [binPath(), ...args], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(text);
  });

  it('prints --help with every flag', () => {
    const result = spawnSync(process.execPath, [binPath(), '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--seed',
      '--jobs',
      '--orgs',
      '--now',
      '--client',
      '--clients',
      '--no-auth',
      '--latency',
      '--scenario',
      '--clock',
      '--speed',
      '--log-level',
      '--page-cache',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });

  // Node 22.1 and later only: Node 20 has no compile cache, and there bin.ts is a plain import.
  it.skipIf(!('enableCompileCache' in module))(
    "turns Node's module compile cache on, in the OS temp folder by default",
    () => {
      const tmp = mkdtempSync(join(tmpdir(), 'jobwatch-cache-'));
      try {
        // NODE_COMPILE_CACHE would turn the cache on by itself: without it, only bin.ts can.
        const { NODE_COMPILE_CACHE: _, ...env } = process.env;
        const result = spawnSync(process.execPath, [binPath(), '--help'], {
          encoding: 'utf8',
          env: { ...env, TMPDIR: tmp },
        });
        expect(result.status).toBe(0);
        expect(readdirSync(join(tmp, 'node-compile-cache')).length).toBeGreaterThan(0);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  );

  it('reads flags from env vars and registers --client clients', async () => {
    const mock = await startMockProcess({
      args: ['--client', 'ci-bot:s3cr3t-value'],
      env: { MOCK_JOBS: '123', MOCK_SEED: '9' },
    });
    try {
      // About 123 jobs: the history is as long as the orgs' schedules need for that many (nightly bursts make a
      // small dataset swing with the hour; the engine's tests hold the mean to 15%). Far from the default 10,000.
      const jobs = Number(/salesforce (\d+) jobs/.exec(mock.output())?.[1]);
      expect(jobs).toBeGreaterThan(80);
      expect(jobs).toBeLessThan(200);
      const response = await fetch(mock.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'ci-bot',
          client_secret: 's3cr3t-value',
        }),
      });
      expect(response.status).toBe(200);
    } finally {
      await mock.stop();
    }
  });

  it('logs no secret, assertion or token, even at trace level', async () => {
    const mock = await startMockProcess({
      args: ['--log-level', 'trace', '--jobs', '100', '--client', 'ci-bot:s3cr3t-value'],
    });
    try {
      const response = await fetch(mock.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'ci-bot',
          client_secret: 's3cr3t-value',
        }),
      });
      const { access_token } = (await response.json()) as { access_token: string };
      await fetch(`${mock.baseUrl}/backup/sfbapi/jobs?startTime=2025-01-01&finishTime=2025-01-02`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      await fetch(mock.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'ci-bot',
          client_secret: 'wrong-s3cr3t',
        }),
      });
      await mock.stop();
      const logs = mock.output().split('ready http')[1] ?? '';
      expect(logs).toContain('"msg":"request"');
      expect(logs).not.toContain('s3cr3t');
      expect(logs).not.toContain(access_token.split('.')[2]);
    } finally {
      await mock.stop();
    }
  });
});

// SIGHUP (a closed terminal) drains exactly like SIGTERM.
describe.each(['SIGTERM', 'SIGHUP'] as const)('%s', (signal) => {
  it('finishes the request in flight and exits 0', async () => {
    const mock = await startMockProcess({ args: ['--jobs', '100', '--no-auth'] });
    // The slow request's bytes are handed to the kernel ('finish') before a second connection is even opened; once
    // that second request is answered, the server has read the first: it is in flight when SIGTERM arrives.
    const slow = request(`${mock.baseUrl}/backup/sfbapi/jobs?startTime=2020-01-01&finishTime=2030-01-01`, {
      headers: { prefer: 'latency=1500' },
      agent: false,
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      slow.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      slow.on('error', reject);
    });
    slow.end();
    await once(slow, 'finish');
    expect((await fetch(`${mock.baseUrl}/healthz`)).status).toBe(200);
    const exit = mock.stop(signal);
    const response = await answered;
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body) as { statusCode: number }).statusCode).toBe(200);
    expect(await exit).toBe(0);
  });

  it('drains busy keep-alive connections: every request sent gets a whole response, none is reset, exit 0', async () => {
    const mock = await startMockProcess({ args: ['--jobs', '2000', '--no-auth', '--now', NOW] });
    const url = `${mock.baseUrl}/backup/sfbapi/jobs?startTime=2025-01-01&finishTime=2025-06-01&pageSize=20`;
    // Back-to-back requests on keep-alive connections, through both paths: a Prefer header takes the Fastify
    // route, and one client always has a slow request in flight.
    const clients: Record<string, string>[] = [
      {},
      {},
      {},
      { prefer: 'latency=0' },
      { prefer: 'latency=0' },
      { prefer: 'latency=200' },
    ];
    const agent = new Agent({ keepAlive: true, maxSockets: clients.length });
    const outcome = { ok: 0, closed: 0, refused: 0, failures: [] as string[] };
    let signalled = false;
    let exit: Promise<number> | undefined;
    const once = (headers: Record<string, string>) =>
      new Promise<'ok' | 'refused'>((resolve) => {
        const request = get(url, { agent, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => {
            outcome.failures.push(`response: ${error.message}`);
            resolve('ok');
          });
          response.on('end', () => {
            const body = Buffer.concat(chunks);
            const complete =
              response.complete &&
              body.length === Number(response.headers['content-length']) &&
              /"statusCode":200/.test(body.toString('latin1'));
            if (response.statusCode !== 200 || !complete) {
              outcome.failures.push(`status ${response.statusCode}, ${body.length} bytes`);
            } else {
              outcome.ok++;
              if (response.headers.connection === 'close') outcome.closed++;
            }
            resolve('ok');
          });
        });
        request.on('error', (error: NodeJS.ErrnoException) => {
          // Refused = a new connection after the listener closed: that request never reached the server.
          if (error.code === 'ECONNREFUSED') {
            outcome.refused++;
            resolve('refused');
          } else {
            outcome.failures.push(error.code ?? error.message);
            resolve('ok');
          }
        });
      });
    const client = async (headers: Record<string, string>) => {
      for (let sent = 0; sent < 20_000; sent++) {
        if ((await once(headers)) === 'refused') return;
        if (!signalled && outcome.ok >= 300) {
          signalled = true;
          exit = mock.stop(signal);
        }
      }
    };
    try {
      await Promise.all(clients.map(client));
    } finally {
      agent.destroy();
      if (exit === undefined) await mock.stop('SIGKILL');
    }
    expect(outcome.failures).toEqual([]);
    expect(signalled).toBe(true);
    expect(await exit).toBe(0);
    expect(outcome.ok).toBeGreaterThan(300);
    // Each connection that was busy at the signal got its last answer with `Connection: close`.
    expect(outcome.closed).toBeGreaterThan(0);
    expect(outcome.refused).toBe(clients.length);
  });
});
