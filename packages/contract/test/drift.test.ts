// Proof that the suite catches drift: the same checks pass against a fake server that follows the spec, and
// each mutation of that server (breaking exactly one rule) fails the right check, with the report naming the
// cause — check id, JSON path, expected and actual — and the tier of the rule it breaks: each of these is drift
// from a documented or settled rule, so it fails whether or not the run is strict.
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../src/report/summary.js';
import type { Report } from '../src/report/types.js';
import { failed, findings, runAgainstFake, status } from './helpers.js';

/** A drifted target fails without --strict: some finding of every failed check rests on a binding rule. */
function expectDrift(report: Report): void {
  expect(report.ok).toBe(false);
  expect(report.strict).toBe(false);
  const failures = report.results.filter((r) => r.status === 'fail');
  expect(failures.length).toBeGreaterThan(0);
  for (const r of failures)
    expect(
      r.findings.some((f) => f.tier !== 'assumed'),
      `${r.api}/${r.id}`,
    ).toBe(true);
  expect(report.summary.warnings).toBe(0);
}

describe('against a fake server that follows the spec', () => {
  it('every check passes, none is skipped, and the run stays within budget', async () => {
    const { report, server } = await runAgainstFake({});
    expect(failed(report)).toEqual([]);
    expect(report.summary.skipped).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.budget.used).toBeLessThanOrEqual(300);
    // Nothing but GET to the API and POST to the token endpoint.
    for (const r of server.requests) {
      expect(
        r.method === 'GET' || (r.method === 'POST' && r.url === '/connect/token'),
        `${r.method} ${r.url}`,
      ).toBe(true);
    }
  });
});

describe('each drift is caught and named', () => {
  it('0-based paging', async () => {
    const { report } = await runAgainstFake({ mutation: 'zero-based-paging' });
    expectDrift(report);
    const first = findings(report, 'salesforce', 'paging.first-page');
    expect(first.map((f) => f.message)).toContain('pageIndex=0 does not give the same page as pageIndex=1');
    expect(first[0]).toMatchObject({ path: '$.data.jobs', tier: 'settled' });
    expect(first[0]?.source).toMatch(/^readings 7, 18 \(decisions\/0001\)/);
    // The summary shows the tier and the source of each finding.
    expect(formatSummary(report)).toContain(
      'rule:     settled — readings 7, 18 (decisions/0001): the default pageIndex',
    );
    const union = findings(report, 'dynamics365', 'paging.union')[0];
    // Walking from pageIndex 1 misses the first page: fewer distinct jobs than the total.
    expect(union).toMatchObject({ path: '$.totalNumber', tier: 'settled' });
    expect(Number.parseInt(union?.expected ?? '', 10)).toBeLessThan(Number(union?.actual));
    const pageZero = findings(report, 'dynamics365', 'errors.malformed-value');
    expect(pageZero).toContainEqual(
      expect.objectContaining({
        message: 'pageIndex 0 (1-based): not answered with 400',
        expected: '400',
        tier: 'settled',
        source: expect.stringMatching(/^reading 18 /),
      }),
    );
  });

  it('`state` instead of `status`', async () => {
    const { report } = await runAgainstFake({ mutation: 'state-instead-of-status' });
    expectDrift(report);
    const schema = findings(report, 'salesforce', 'schema.responses');
    const extra = schema.find((f) => f.message.startsWith('field not in the spec'));
    expect(extra?.path).toMatch(/^\$\.data\.jobs\[\d+\]\.state$/);
    expect(extra?.actual).toMatch(/^[1-7]$/);
    expect(extra?.tier).toBe('settled');
    const missing = schema.find((f) => f.message.startsWith('missing required field'));
    expect(missing).toMatchObject({
      expected: expect.stringContaining('"status" present'),
      actual: 'absent',
    });
    expect(missing?.path).toMatch(/^\$\.data\.jobs\[\d+\]\.status$/);
    expect(status(report, 'salesforce', 'filters.status')).toBe('fail');
    expect(status(report, 'dynamics365', 'schema.responses')).toBe('pass');
  });

  it('an ignored filter (status)', async () => {
    const { report } = await runAgainstFake({ mutation: 'ignore-status-filter' });
    expectDrift(report);
    for (const api of ['salesforce', 'dynamics365'] as const) {
      const f = findings(report, api, 'filters.status');
      const mismatch = f.find((x) => x.message.includes('does not match it'));
      expect(mismatch?.path).toMatch(/\[\d+\]\.status$/);
      expect(mismatch?.occurrences).toBeGreaterThan(1);
      expect(mismatch?.tier).toBe('documented');
      const total = f.find((x) => x.message.startsWith('the total for status='));
      expect(Number(total?.expected)).toBeLessThan(Number(total?.actual));
      expect(
        findings(report, api, 'filters.status-totals').some((x) => x.message.includes('do not add up')),
      ).toBe(true);
    }
    expect(status(report, 'salesforce', 'filters.type')).toBe('pass');
  });

  it('a wrong total', async () => {
    const { report } = await runAgainstFake({ mutation: 'wrong-total' });
    expectDrift(report);
    for (const [api, path] of [
      ['salesforce', '$.data.totalCount'],
      ['dynamics365', '$.totalNumber'],
    ] as const) {
      const f = findings(report, api, 'paging.union')[0];
      expect(f).toMatchObject({ path, tier: 'settled' });
      expect(f?.expected).toMatch(/^\d+ \(the distinct jobs on all pages\)$/);
      expect(Number(f?.actual)).toBe(Number.parseInt(f?.expected ?? '', 10) + 1);
    }
  });

  it('a missing nextLink', async () => {
    const { report } = await runAgainstFake({ mutation: 'missing-next-link' });
    expectDrift(report);
    const next = findings(report, 'salesforce', 'paging.next-link');
    expect(next[0]).toMatchObject({ path: '$.data.nextLink', actual: 'undefined (absent)', tier: 'settled' });
    expect(next[0]?.expected).toContain('pageIndex=2');
    expect(findings(report, 'salesforce', 'schema.responses')).toContainEqual(
      expect.objectContaining({ path: '$.data.nextLink', actual: 'absent' }),
    );
    expect(failed(report).every((id) => id.startsWith('salesforce/'))).toBe(true);
  });

  it('an unenforced token', async () => {
    const { report } = await runAgainstFake({ mutation: 'unenforced-token' });
    expectDrift(report);
    for (const api of ['salesforce', 'dynamics365'] as const) {
      const f = findings(report, api, 'auth.no-token')[0];
      expect(f).toMatchObject({ path: 'HTTP status', expected: '401', tier: 'settled' });
      expect(f?.actual).toMatch(/^200 /);
      expect(f?.request?.authorization).toBe('none');
      expect(findings(report, api, 'auth.malformed-token')).toHaveLength(2);
    }
  });

  it('a token without the scope accepted', async () => {
    const { report } = await runAgainstFake({ mutation: 'ignore-scope' }, { only: ['auth'] });
    expectDrift(report);
    for (const api of ['salesforce', 'dynamics365'] as const) {
      const f = findings(report, api, 'auth.wrong-scope')[0];
      expect(f).toMatchObject({ path: 'HTTP status', expected: '403', tier: 'settled' });
      expect(f?.actual).toMatch(/^200 /);
    }
    expect(failed(report)).toHaveLength(2);
  });

  it('counts that do not add up', async () => {
    const { report } = await runAgainstFake({ mutation: 'inconsistent-counts' }, { only: ['jobs'] });
    expectDrift(report);
    const f = findings(report, 'salesforce', 'jobs.consistency')[0];
    expect(f?.tier).toBe('settled');
    expect(f?.message).toBe(
      'successfulRecords + skippedRecords + failedRecords differs from totalRecords (finished job)',
    );
    expect(f?.path).toMatch(/^\$\.data\.jobs\[\d+\]\.totalRecords$/);
    expect(Number(f?.actual)).toBe(Number(f?.expected) + 1);
    expect(failed(report)).toEqual(['salesforce/jobs.consistency']);
  });

  it("Dynamics answering in the later revision's shape", async () => {
    const { report } = await runAgainstFake({ mutation: 'dynamics-later-revision' });
    expectDrift(report);
    const schema = findings(report, 'dynamics365', 'schema.responses');
    const at = (path: string) => schema.find((f) => f.path === path);
    expect(at('$.totalCount')?.message).toMatch(/^field not in the spec/);
    expect(at('$.nextLink')?.message).toMatch(/^field not in the spec/);
    expect(at('$.totalNumber')).toMatchObject({ actual: 'absent', tier: 'settled' });
    expect(at('$.result')).toMatchObject({ actual: 'absent' });
    // The example shown is a page with jobs, whose integer type and status are visible.
    expect(at('$.jobs')?.actual).toMatch(/"type":\d+/);
    expect(at('$.jobs')?.actual).toMatch(/"status":\d+/);
    expect(findings(report, 'dynamics365', 'paging.union')[0]?.actual).toContain(
      'the body has totalCount, jobs, nextLink',
    );
    expect(failed(report).every((id) => id.startsWith('dynamics365/'))).toBe(true);
  });

  it('an exclusive finishTime', async () => {
    const { report } = await runAgainstFake({ mutation: 'exclusive-finish-time' });
    expectDrift(report);
    for (const api of ['salesforce', 'dynamics365'] as const) {
      expect(findings(report, api, 'filters.time-range')).toContainEqual(
        expect.objectContaining({
          message: expect.stringMatching(/^the finish of the range is not inclusive/),
          tier: 'settled',
        }),
      );
      // A window of one instant is the sharpest form of the same drift.
      expect(findings(report, api, 'filters.time-instant')[0]?.message).toMatch(
        /^a window of one instant, job \S+'s start, does not hold it$/,
      );
    }
  });

  it('Dynamics ticks parsed through a JavaScript number (precision lost)', async () => {
    const { report } = await runAgainstFake({ mutation: 'ticks-through-number' });
    expectDrift(report);
    // Every other check passes: only a window of one instant, or a bound one tick off, shows it.
    expect(failed(report)).toEqual(['dynamics365/filters.time-instant']);
    const [f] = findings(report, 'dynamics365', 'filters.time-instant');
    expect(f?.message).toMatch(
      /^a window (of one instant, job \S+'s start, does not hold it|1 tick (after|before) job \S+'s start still holds it: the bounds lose precision)$/,
    );
    expect(f).toMatchObject({ tier: 'settled', source: expect.stringMatching(/^readings 3, 16, 27 /) });
    expect(f?.request?.url).toMatch(/startTime=(\d{18})&finishTime=\1(&|$)/);
  });

  it('Salesforce times that drop their milliseconds', async () => {
    const { report } = await runAgainstFake({ mutation: 'iso-drops-millis' });
    expectDrift(report);
    expect(failed(report)).toEqual(['salesforce/filters.time-instant']);
    const [f] = findings(report, 'salesforce', 'filters.time-instant');
    expect(f?.message).toMatch(
      /^a window 1 ms after job \S+'s start still holds it: the bounds lose precision$/,
    );
    expect(f?.request?.url).toMatch(/startTime=[\d-]+T[\d:]+\.001Z&finishTime=/);
    expect(f?.tier).toBe('settled');
  });
});
