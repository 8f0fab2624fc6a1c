// Safety against a live service: secrets never leak (canary values grepped in every output and report file),
// the budget is a hard limit, 429 + Retry-After is honoured, and only GET/POST-to-token are sent.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { type FakeServer, startFakeServer } from './fake-server.js';
import { findings, runAgainstFake } from './helpers.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const KEY_FILE = fixture('test-client.key.pem');
const CERT_FILE = fixture('test-client.cert.pem');

/** Runs the CLI in-process and collects everything it printed and every file it wrote. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'contract-canary-'));
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--report', join(dir, 'report.json')], env, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  return { code, all: [out.join('\n'), err.join('\n'), ...files].join('\n'), files, out: out.join('\n') };
}

/** The base64 lines of a PEM, each of which must never appear. */
const pemLines = (pem: string) => pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('secrets never appear in output or reports', () => {
  it('client secret and issued tokens (the server even echoes them back)', async () => {
    const secret = 'CANARY-SECRET-7f3a9c1e';
    let n = 0;
    server = await startFakeServer({
      mutation: 'echo-secrets',
      clientId: 'canary-client',
      clientSecret: secret,
      issueToken: () => {
        n += 1;
        return `CANARY-TOKEN-${n}-b2d4f6`;
      },
    });
    const { code, all, files } = await cli(
      ['--base-url', server.baseUrl, '--token-url', server.tokenUrl, '--client-id', 'canary-client'],
      { CONTRACT_CLIENT_SECRET: secret },
    );
    expect(code).toBe(1); // the echoed field is drift, so the findings hold the (redacted) echo
    expect(files).toHaveLength(2);
    expect(n).toBeGreaterThan(0);
    expect(all).not.toMatch(/CANARY-SECRET|CANARY-TOKEN/);
    expect(all).toContain('Bearer <redacted>');
  });

  it('private key and client assertion (certificate credentials)', async () => {
    const key = readFileSync(KEY_FILE, 'utf8');
    server = await startFakeServer({
      mutation: 'echo-secrets',
      clientId: 'cert-client',
      assertionKeyPem: readFileSync(CERT_FILE, 'utf8'),
      issueToken: () => 'CANARY-CERT-TOKEN-91ac',
    });
    const { code, all, out } = await cli([
      '--base-url',
      server.baseUrl,
      '--token-url',
      server.tokenUrl,
      '--client-id',
      'cert-client',
      '--cert',
      CERT_FILE,
      '--key',
      KEY_FILE,
    ]);
    expect(out).toContain('certificate for client cert-client');
    // The token endpoint accepted the RS256 assertion: every auth check passed.
    expect(out).toMatch(/PASS {2}salesforce 2025-12 {2}auth\.credentials/);
    expect(code).toBe(1);
    for (const line of pemLines(key)) expect(all).not.toContain(line);
    expect(all).not.toContain('CANARY-CERT-TOKEN');
    // No JWT (the assertion or anything like it) appears either.
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/);
  });

  it('a pre-issued bearer token, given by flag', async () => {
    const token = 'CANARY-BEARER-5e8d2a';
    server = await startFakeServer({ mutation: 'echo-secrets', preIssuedTokens: [token] });
    const { code, all, out } = await cli(['--base-url', server.baseUrl, '--token', token]);
    expect(code).toBe(1);
    expect(out).toMatch(/SKIP {2}salesforce 2025-12 {2}auth\.credentials/);
    expect(all).not.toContain(token);
  });

  it('a usage error does not echo the secret it was given', async () => {
    const { code, all } = await cli([
      '--base-url',
      'http://127.0.0.1:9',
      '--client-id',
      'x',
      '--client-secret',
      'CANARY-USAGE-1',
    ]);
    expect(code).toBe(2);
    expect(all).toContain('need --token-url');
    expect(all).not.toContain('CANARY-USAGE-1');
  });
});

describe('the request budget is a hard limit', () => {
  it('stops at the budget and fails (never passes) the checks it could not finish', async () => {
    const { report, server: fake } = await runAgainstFake({}, { budget: 40 });
    expect(report.budget).toEqual({ limit: 40, used: fake.requests.length });
    expect(fake.requests.length).toBeLessThanOrEqual(40);
    const exhausted = report.results.filter((r) => r.reason === 'budget exhausted');
    expect(exhausted.length).toBeGreaterThan(0);
    expect(exhausted.every((r) => r.status === 'fail')).toBe(true);
    expect(exhausted[0]?.findings[0]?.message).toMatch(/^budget exhausted/);
    expect(report.ok).toBe(false);
  });
});

describe('429 with Retry-After', () => {
  it('waits as told and retries, and the report says so', async () => {
    const { report, server: fake } = await runAgainstFake(
      { mutation: 'rate-limit-once' },
      { apis: ['salesforce'], only: ['paging'] },
    );
    expect(report.ok).toBe(true);
    expect(report.retries).toHaveLength(1);
    expect(report.retries[0]).toMatchObject({ status: 429, retryAfter: '1', waitMs: 1000 });
    // The request that got 429 was sent again.
    const api = fake.requests.filter((r) => r.method === 'GET');
    expect(api[1]?.url).toBe(api[0]?.url);
  });

  it('caps a long Retry-After', async () => {
    const { report } = await runAgainstFake(
      { mutation: 'rate-limit-once' },
      { apis: ['salesforce'], only: ['auth.no-token'], maxRetryAfterMs: 50 },
    );
    expect(report.retries[0]?.waitMs).toBe(50);
    expect(findings(report, 'salesforce', 'auth.no-token')).toEqual([]);
  });
});
