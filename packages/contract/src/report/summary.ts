// The readable summary: one line per check and API, the findings of failures in full, and the totals.
import type { CheckResult, Finding } from '../checks/types.js';
import type { Report } from './types.js';

const MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' } as const;

/** How a finding's rule reads in a report: binding drift, or a difference from one of the project's choices. */
export function formatTier(f: Pick<Finding, 'tier' | 'source'>): string {
  if (f.tier === 'assumed') return `assumed — if the target is right, the mock must change ${f.source}`;
  return `${f.tier} — ${f.source}`;
}

export function formatFinding(f: Finding, indent = '      '): string {
  const lines = [
    `${indent}- ${f.message}${f.occurrences && f.occurrences > 1 ? ` (×${f.occurrences})` : ''}`,
  ];
  if (f.request)
    lines.push(
      `${indent}  request:  ${f.request.method} ${f.request.url}  [Authorization: ${f.request.authorization}]`,
    );
  if (f.path) lines.push(`${indent}  at:       ${f.path}`);
  if (f.expected !== undefined) lines.push(`${indent}  expected: ${f.expected}`);
  if (f.actual !== undefined) lines.push(`${indent}  actual:   ${f.actual}`);
  lines.push(`${indent}  rule:     ${formatTier(f)}`);
  return lines.join('\n');
}

/** An API and the revision of its page a result was judged by: `dynamics365 2025-04`. */
export function unitLabel(r: Pick<CheckResult, 'api' | 'revision'>): string {
  return `${r.api} ${r.revision}`;
}

/** One check's line (and its findings when it failed). */
export function formatResult(r: CheckResult, maxFindings = 10): string {
  const head = `  ${MARK[r.status]}  ${unitLabel(r).padEnd(19)} ${r.id.padEnd(24)} ${r.title}`;
  const lines = [head];
  if (r.status === 'skip' && r.reason) lines.push(`      skipped: ${r.reason}`);
  if (r.status === 'fail' || r.status === 'warn') {
    for (const f of r.findings.slice(0, maxFindings)) lines.push(formatFinding(f));
    if (r.findings.length > maxFindings)
      lines.push(`      … and ${r.findings.length - maxFindings} more (see the JSON report)`);
  }
  return lines.join('\n');
}

export function formatHeader(target: Report['target']): string {
  return `jobwatch contract suite — ${target.kind} target ${target.baseUrl} (${target.auth})\n`;
}

/** Per-API counts, the 429s honoured, and the verdict with requests used and elapsed time. */
export function formatTotals(report: Report): string {
  const { summary } = report;
  const lines: string[] = [''];
  for (const unit of [...new Set(report.results.map(unitLabel))]) {
    const mine = report.results.filter((r) => unitLabel(r) === unit);
    const n = (s: CheckResult['status']) => mine.filter((r) => r.status === s).length;
    lines.push(
      `  ${unit.padEnd(19)} ${n('pass')} passed, ${n('fail')} failed, ${n('warn')} warnings, ${n('skip')} skipped`,
    );
  }
  const choice = report.dynamicsRevision;
  if (choice) {
    lines.push(
      `  dynamics365 revision: ${choice.checked.join(' and ') || 'none'} (--dynamics-revision ${choice.mode}${choice.probe ? `; ${choice.probe}` : ''})`,
    );
  }
  if (summary.warnings > 0) {
    lines.push(
      `  ${summary.warnings} warning(s): the target differs only from the project's own choices (tier "assumed"); ` +
        'each names the decision the mock would have to change. --strict makes them fail.',
    );
  }
  if (report.retries.length) {
    lines.push(
      `  honoured ${report.retries.length} × 429 (waited ${report.retries.map((r) => `${r.waitMs} ms`).join(', ')})`,
    );
  }
  lines.push(
    '',
    `${report.ok ? 'OK' : 'DRIFT'}: ${summary.passed} passed, ${summary.failed} failed, ${summary.warnings} warnings, ${summary.skipped} skipped${report.strict ? ' (strict)' : ''} — ` +
      `${report.budget.used}/${report.budget.limit} requests — ${(report.elapsedMs / 1000).toFixed(1)} s`,
  );
  return lines.join('\n');
}

export function formatSummary(report: Report): string {
  return [
    formatHeader(report.target),
    ...report.results.map((r) => formatResult(r)),
    formatTotals(report),
  ].join('\n');
}
