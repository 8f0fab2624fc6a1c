// The Dynamics 365 revision 2025-04 description catches drift like the others (drift.test.ts): a fake server that
// follows the 2025-04 page passes every check, and each mutation that breaks one 2025-04 rule fails the right one.
// `auto` picks the revision from one probe and the report names it; a target that serves neither fails clearly.
import { describe, expect, it } from 'vitest';
import { failed, findings, runAgainstFake, status } from './helpers.js';

const V2025 = { dynamicsRevision: '2025-04' as const };
const only = (report: Awaited<ReturnType<typeof runAgainstFake>>['report']) =>
  report.results.filter((r) => r.api === 'dynamics365');

describe('Dynamics 2025-04 against a fake server that follows its page', () => {
  it('every check passes, none is skipped, and the report names the revision (pinned and auto)', async () => {
    for (const dynamicsRevision of ['2025-04', 'auto'] as const) {
      const { report } = await runAgainstFake(V2025, { apis: ['dynamics365'], dynamicsRevision });
      expect(failed(report), dynamicsRevision).toEqual([]);
      expect(report.summary.skipped).toBe(0);
      expect(only(report).length).toBeGreaterThan(20);
      expect(only(report).every((r) => r.revision === '2025-04')).toBe(true);
      expect(report.dynamicsRevision).toMatchObject({ mode: dynamicsRevision, checked: ['2025-04'] });
      // The next-link check applies to 2025-04 and ran.
      expect(status(report, 'dynamics365', 'paging.next-link')).toBe('pass');
    }
  });

  it('auto picks 2024-10 for a 2024-10 target, and the 2025-04 checks would fail it', async () => {
    const { report } = await runAgainstFake({}, { apis: ['dynamics365'] });
    expect(failed(report)).toEqual([]);
    expect(report.dynamicsRevision?.checked).toEqual(['2024-10']);
    expect(report.dynamicsRevision?.probe).toMatch(/400 naming startTime/);
    const pinned = await runAgainstFake({}, { apis: ['dynamics365'], dynamicsRevision: '2025-04' });
    expect(pinned.report.ok).toBe(false);
  });

  it('a target that serves neither shape fails with a clear finding and runs no Dynamics checks', async () => {
    const { report } = await runAgainstFake({ mutation: 'dynamics-not-served' }, { apis: ['dynamics365'] });
    expect(report.ok).toBe(false);
    expect(only(report).map((r) => r.id)).toEqual(['revision.probe']);
    expect(findings(report, 'dynamics365', 'revision.probe')[0]?.message).toMatch(
      /^the target serves neither Dynamics 365 revision: probe: an ISO request got HTTP 404/,
    );
  });
});

describe('each 2025-04 drift is caught by the right check', () => {
  const run = (mutation: Parameters<typeof runAgainstFake>[0] extends infer O ? O : never) =>
    runAgainstFake(
      { ...V2025, ...(mutation as object) },
      { apis: ['dynamics365'], dynamicsRevision: '2025-04' },
    );

  it('0-based paging', async () => {
    const { report } = await run({ mutation: 'zero-based-paging' });
    const union = findings(report, 'dynamics365', 'paging.union')[0];
    expect(union?.path).toBe('$.totalCount');
    expect(Number.parseInt(union?.expected ?? '', 10)).toBeLessThan(Number(union?.actual));
    expect(findings(report, 'dynamics365', 'errors.malformed-value')).toContainEqual(
      expect.objectContaining({ message: 'pageIndex 0 (1-based): not answered with 400', expected: '400' }),
    );
  });

  it('`totalNumber` instead of `totalCount`', async () => {
    const { report } = await run({ mutation: 'total-number-instead-of-total-count' });
    const schema = findings(report, 'dynamics365', 'schema.responses');
    expect(schema.find((f) => f.path === '$.totalNumber')?.message).toMatch(/^field not in the spec/);
    expect(schema.find((f) => f.path === '$.totalCount')).toMatchObject({ actual: 'absent' });
    expect(findings(report, 'dynamics365', 'paging.union')[0]?.actual).toContain('the body has totalNumber');
  });

  it('string enums in jobs', async () => {
    const { report } = await run({ mutation: 'string-enums-in-jobs' });
    const schema = findings(report, 'dynamics365', 'schema.responses');
    expect(
      schema.some((f) => /^\$\.jobs\[\d+\]\.type$/.test(f.path ?? '') && /"?Backup"?/.test(f.actual ?? '')),
    ).toBe(true);
    expect(schema.some((f) => /^\$\.jobs\[\d+\]\.status$/.test(f.path ?? ''))).toBe(true);
    expect(status(report, 'dynamics365', 'filters.status')).toBe('fail');
  });

  it('a nextLink that does not lead to the next page', async () => {
    const { report } = await run({ mutation: 'next-link-not-next-page' });
    const next = findings(report, 'dynamics365', 'paging.next-link');
    expect(next[0]?.message).toMatch(/^nextLink of pageIndex 1 does not point at pageIndex 2/);
    expect(next[0]?.path).toBe('$.nextLink');
    expect(failed(report)).toEqual(['dynamics365/paging.next-link']);
  });

  it('an exclusive finishTime', async () => {
    const { report } = await run({ mutation: 'exclusive-finish-time' });
    expect(findings(report, 'dynamics365', 'filters.time-range').map((f) => f.message)).toContainEqual(
      expect.stringMatching(/^the finish of the range is not inclusive/),
    );
  });

  it('`type` not required', async () => {
    const { report } = await run({ mutation: 'type-not-required' });
    expect(findings(report, 'dynamics365', 'errors.missing-param')).toContainEqual(
      expect.objectContaining({ message: 'type missing: not answered with 400', expected: '400' }),
    );
    expect(failed(report)).toEqual(['dynamics365/errors.missing-param']);
  });

  it('an ignored status filter', async () => {
    const { report } = await run({ mutation: 'ignore-status-filter' });
    const f = findings(report, 'dynamics365', 'filters.status');
    expect(f.find((x) => x.message.includes('does not match it'))?.path).toMatch(/^\$\.jobs\[\d+\]\.status$/);
    expect(status(report, 'dynamics365', 'filters.type')).toBe('pass');
  });
});
