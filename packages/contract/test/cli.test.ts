// The CLI end to end against the mock it starts itself: exit code, summary with elapsed time, JSON + JUnit.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import type { Report } from '../src/report/types.js';
import { startFakeServer } from './fake-server.js';
import { FAKE_CLIENT } from './helpers.js';

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, env, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('CLI', () => {
  it('with no base URL, starts the mock, passes, writes JSON and JUnit, and stops the mock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-cli-'));
    const report = join(dir, 'run.json');
    const { code, out, err } = await cli(['--report', report]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(
      /^started the mock \(pid \d+\) in \d+ ms\njobwatch contract suite — mock target http:\/\/127\.0\.0\.1:\d+ \(client-secret for client jobwatch-demo\)/,
    );
    expect(out).toMatch(/OK: \d+ passed, 0 failed, 0 warnings, 0 skipped — \d+\/300 requests — \d+\.\d s/);
    const json = JSON.parse(readFileSync(report, 'utf8')) as Report;
    expect(json).toMatchObject({ ok: true, apis: ['salesforce', 'dynamics365'], target: { kind: 'mock' } });
    // The mock follows the project's own choices too: not even a warning.
    expect(json.summary).toMatchObject({ failed: 0, warnings: 0 });
    expect(json.results.every((r) => ['documented', 'settled'].includes(r.tier))).toBe(true);
    const junit = readFileSync(join(dir, 'run.junit.xml'), 'utf8');
    expect(junit).toContain(
      `<testsuites name="jobwatch contract" tests="${json.summary.total}" failures="0"`,
    );
  });

  it('exits 1 on drift, takes flags from the environment, and --api narrows the run', async () => {
    const server = await startFakeServer({ mutation: 'unenforced-token' });
    try {
      const { code, out } = await cli([], {
        CONTRACT_BASE_URL: server.baseUrl,
        CONTRACT_TOKEN_URL: server.tokenUrl,
        CONTRACT_CLIENT_ID: FAKE_CLIENT.clientId,
        CONTRACT_CLIENT_SECRET: FAKE_CLIENT.clientSecret,
        CONTRACT_API: 'dynamics365',
        CONTRACT_ONLY: 'auth',
      });
      expect(code).toBe(1);
      expect(out).toMatch(/FAIL {2}dynamics365 2024-10 auth\.no-token/);
      expect(out).not.toContain('salesforce  ');
      expect(out).toContain('DRIFT: 1 passed, 3 failed, 0 warnings, 0 skipped');
    } finally {
      await server.close();
    }
  });

  it('--help lists every flag with its environment variable; bad usage exits 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '--base-url',
      '--token-url',
      '--client-id',
      '--client-secret',
      '--cert',
      '--key',
      '--token',
      '--api',
      '--budget',
      '--report',
      '--strict',
      '--record',
      '--record-raw',
    ]) {
      expect(help.out).toContain(flag);
    }
    for (const variable of ['CONTRACT_BUDGET', 'CONTRACT_STRICT', 'CONTRACT_RECORD', 'CONTRACT_RECORD_RAW'])
      expect(help.out).toContain(variable);
    expect((await cli(['--api', 'graph'])).code).toBe(2);
    expect((await cli(['--budget', '-3'])).code).toBe(2);
    expect((await cli(['--base-url', 'http://127.0.0.1:9'])).err).toContain(
      'a live target needs credentials',
    );
  });
});
