// Where each rule comes from (decision 0007): a target that differs only from the project's own choices passes
// with warnings that name the decision the mock would have to change; --strict (or CONTRACT_STRICT) fails it.
// Both are judged through the CLI (exit code, summary line) and the JSON and JUnit reports (each finding's tier).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import type { Report } from '../src/report/types.js';
import { type FakeServer, startFakeServer } from './fake-server.js';
import { FAKE_CLIENT } from './helpers.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer({ mutation: 'assumed-only' });
});
afterAll(() => server.close());

async function run(env: Record<string, string>, args: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'contract-tier-'));
  const out: string[] = [];
  const code = await runCli(
    ['--report', join(dir, 'run.json'), ...args],
    {
      CONTRACT_BASE_URL: server.baseUrl,
      CONTRACT_TOKEN_URL: server.tokenUrl,
      CONTRACT_CLIENT_ID: FAKE_CLIENT.clientId,
      CONTRACT_CLIENT_SECRET: FAKE_CLIENT.clientSecret,
      ...env,
    },
    { out: (t) => out.push(t), err: (t) => out.push(t) },
  );
  const report = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Report;
  const junit = readFileSync(join(dir, 'run.junit.xml'), 'utf8');
  return { code, out: out.join('\n'), report, junit };
}

/** The checks that found something, each with its status and the tiers of its findings. */
function differing(report: Report) {
  return report.results
    .filter((r) => r.findings.length > 0)
    .map((r) => ({
      check: `${r.api}/${r.id}`,
      status: r.status,
      tiers: [...new Set(r.findings.map((f) => f.tier))],
    }));
}

const EXPECTED = [
  'salesforce/filters.organization',
  'salesforce/errors.malformed-value',
  'salesforce/envelope.body',
  'salesforce/schema.responses',
];

/** The three false failures of an independent server, as findings: message → the decision it names. */
function expectTheThreeOwnChoices(report: Report) {
  const all = report.results.flatMap((r) => r.findings);
  const find = (check: string, message: RegExp) =>
    all.find((f) => f.check === check && message.test(f.message));
  const shortForm = find(
    'filters.organization',
    /^(the total|\d+ job\(s\) that match) .*organizationId=\w{15}\b/,
  );
  const notAnOrg = find('errors.malformed-value', /^organizationId not an org id: not answered with 400$/);
  const header = find('envelope.body', /^\$\.requestId differs from the request-id header$/);
  for (const f of [shortForm, notAnOrg, header]) expect(f?.tier).toBe('assumed');
  expect(shortForm?.source).toMatch(/^decisions\/0002-own-choices\.md: a Salesforce organizationId is/);
  expect(notAnOrg?.source).toBe(shortForm?.source);
  expect(header?.source).toMatch(/^decisions\/0002-own-choices\.md: requestId is .* the request-id header/);
  // An error's GUID request id breaks only the project's own format, named the same way.
  expect(find('envelope.body', /is not well-formed$/)?.source).toBe(header?.source);
}

describe('a target that differs only from assumed rules', () => {
  it('passes with exit code 0; each difference is a warning naming the decision the mock would change', async () => {
    const { code, out, report, junit } = await run({});
    expect(differing(report)).toEqual(
      EXPECTED.map((check) => ({ check, status: 'warn', tiers: ['assumed'] })),
    );
    expectTheThreeOwnChoices(report);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, strict: false });
    expect(report.summary).toMatchObject({ failed: 0, warnings: 4, skipped: 0 });
    expect(out).toMatch(/\nOK: \d+ passed, 0 failed, 4 warnings, 0 skipped — /);
    expect(out).toMatch(/WARN {2}salesforce 2025-12 {2}filters\.organization/);
    expect(out).toContain(
      'rule:     assumed — if the target is right, the mock must change decisions/0002-own-choices.md: a Salesforce organizationId',
    );
    // JUnit: a passing testcase with a system-out note, no failure.
    const testcase = junit.match(
      /<testcase classname="contract\.salesforce" name="filters\.organization:[\s\S]*?<\/testcase>/,
    )?.[0];
    expect(testcase).toContain('<system-out>WARNING (tier assumed):');
    expect(testcase).not.toContain('<failure');
    expect(junit).toMatch(/<testsuites name="jobwatch contract" tests="\d+" failures="0"/);
  });

  it('fails with --strict (and with CONTRACT_STRICT=1), with the tier still assumed in the reports', async () => {
    for (const [env, args] of [
      [{}, ['--strict']],
      [{ CONTRACT_STRICT: '1' }, []],
    ] as const) {
      const { code, out, report, junit } = await run(env, [...args]);
      expect(differing(report)).toEqual(
        EXPECTED.map((check) => ({ check, status: 'fail', tiers: ['assumed'] })),
      );
      expectTheThreeOwnChoices(report);
      expect(code).toBe(1);
      expect(report).toMatchObject({ ok: false, strict: true });
      expect(report.summary).toMatchObject({ failed: 4, warnings: 0 });
      expect(out).toMatch(/\nDRIFT: \d+ passed, 4 failed, 0 warnings, 0 skipped \(strict\) — /);
      expect(junit).toContain('type="ContractDrift.assumed"');
      expect(junit).toMatch(/<testsuites name="jobwatch contract" tests="\d+" failures="4"/);
    }
  });

  it('a CONTRACT_STRICT value that is not a boolean is a usage error', async () => {
    const out: string[] = [];
    const code = await runCli(
      [],
      { CONTRACT_STRICT: 'sometimes' },
      { out: () => {}, err: (t) => out.push(t) },
    );
    expect(code).toBe(2);
    expect(out.join('\n')).toContain('CONTRACT_STRICT must be 1/true/yes or 0/false/no, not "sometimes"');
  });
});
