// `jobs --dynamics-revision`: list and summary give the same rows against a target of either Dynamics revision, and
// auto decides with one probe request, kept for the rest of the process.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '@jobwatch/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Io, run } from '../src/index.js';

const NOW = '2025-06-01T00:00:00Z';
const apps: Record<string, ReturnType<typeof buildApp>> = {};
const urls: Record<string, string> = {};
const requests: string[] = [];
let proxy: Server;
let proxyUrl = '';

beforeAll(async () => {
  for (const mode of ['auto', '2024-10', '2025-04'] as const) {
    const app = buildApp({
      jobs: 1500,
      seed: 9,
      orgs: 3,
      now: NOW,
      clockMode: 'frozen',
      dynamicsRevision: mode,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    apps[mode] = app;
    urls[mode] = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }
  // A recording proxy in front of the 2024-10 mock: which requests does auto send?
  const target = new URL(urls['2024-10']!);
  proxy = createServer((req, res) => {
    if (req.url?.startsWith('/dynamicsbackup/')) requests.push(req.url);
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  urls.proxy = proxyUrl;
});
afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  for (const app of Object.values(apps)) await app.close();
});

async function jobs(mode: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: { JOBS_BASE_URL: urls[mode]!, JOBS_NOW: NOW },
  } as Io;
  const code = await run(['--api', 'dynamics365', '--json', '--since', '30d', ...args], io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('jobs --dynamics-revision', () => {
  it('lists the same jobs from a 2024-10 target, a 2025-04 target and (auto) a target serving both', async () => {
    const old = await jobs('2024-10', ['list', '--dynamics-revision', '2024-10']);
    expect(old.code, old.err).toBe(0);
    const rows = JSON.parse(old.out) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(20);
    expect((await jobs('2025-04', ['list', '--dynamics-revision', '2025-04'])).out).toBe(old.out);
    expect((await jobs('2025-04', ['list'])).out).toBe(old.out);
    expect((await jobs('2024-10', ['list'])).out).toBe(old.out);
    expect((await jobs('auto', ['list', '--status', 'failed'])).out).toBe(
      (await jobs('2024-10', ['list', '--status', 'failed', '--dynamics-revision', '2024-10'])).out,
    );
    const row = rows[0]!;
    expect(row).toMatchObject({ api: 'dynamics365' });
    expect(['Backup', 'Restore', 'Dryrun', 'Retention', 'AuditBackup', 'Export']).toContain(row.type);
  });

  it('summary works against either revision alike', async () => {
    const a = await jobs('2024-10', ['summary']);
    const b = await jobs('2025-04', ['summary']);
    expect(a.code, a.err).toBe(0);
    expect(b.out).toBe(a.out);
  });

  it('auto probes once: one ISO request, then the listing in the revision it found', async () => {
    const { code, err } = await jobs('proxy', ['list', '--page-size', '100']);
    expect(code, err).toBe(0);
    const [probe, ...rest] = requests;
    expect(probe).toMatch(/startTime=2025-05-02T00%3A00%3A00\.000Z/);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((url) => /startTime=\d+&/.test(url))).toBe(true);
  });

  it('a pinned revision the target does not serve is the API error, named', async () => {
    const { code, err } = await jobs('2024-10', ['list', '--dynamics-revision', '2025-04']);
    expect(code).toBe(1);
    expect(err).toMatch(/400/);
    const bad = await jobs('auto', ['list', '--dynamics-revision', '2026-01']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--dynamics-revision must be one of auto, 2024-10, 2025-04/);
  });
});
