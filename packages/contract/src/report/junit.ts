// JUnit XML for CI systems: a testsuite per API, a testcase per check, failures carrying the findings. A warning
// (findings that rest only on the project's own choices) is a passing testcase with a system-out note, so CI
// dashboards stay green but show it; every finding names its tier and source.
import { TIERS } from '../checks/provenance.js';
import type { CheckResult } from '../checks/types.js';
import { formatFinding, unitLabel } from './summary.js';
import type { Report } from './types.js';

const xml = (text: string) =>
  text
    // Characters XML 1.0 cannot carry at all.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** The most binding tier among a result's findings (documented before settled before assumed). */
function bindingTier(r: CheckResult): string {
  return TIERS.find((t) => r.findings.some((f) => f.tier === t)) ?? r.tier;
}

function testcase(r: CheckResult): string {
  const open = `    <testcase classname="contract.${r.api}" name="${xml(`${r.id}: ${r.title}`)}" time="${(r.elapsedMs / 1000).toFixed(3)}"`;
  if (r.status === 'pass') return `${open}/>`;
  if (r.status === 'skip')
    return `${open}>\n      <skipped message="${xml(r.reason ?? '')}"/>\n    </testcase>`;
  const body = r.findings.map((f) => formatFinding(f, '')).join('\n');
  if (r.status === 'warn') {
    const note = `WARNING (tier assumed): ${r.reason ?? ''}\n${body}`;
    return `${open}>\n      <system-out>${xml(note)}</system-out>\n    </testcase>`;
  }
  return `${open}>\n      <failure message="${xml(r.reason ?? 'failed')}" type="ContractDrift.${bindingTier(r)}">${xml(body)}</failure>\n    </testcase>`;
}

export function toJUnit(report: Report): string {
  // A testsuite per API and revision of its page (`contract.dynamics365 2025-04`).
  const suites = [...new Set(report.results.map(unitLabel))].map((unit) => {
    const mine = report.results.filter((r) => unitLabel(r) === unit);
    const time = mine.reduce((t, r) => t + r.elapsedMs, 0) / 1000;
    const n = (s: CheckResult['status']) => mine.filter((r) => r.status === s).length;
    return [
      `  <testsuite name="contract.${xml(unit)}" tests="${mine.length}" failures="${n('fail')}" skipped="${n('skip')}" errors="0" time="${time.toFixed(3)}" timestamp="${report.startedAt}">`,
      ...mine.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const s = report.summary;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="jobwatch contract" tests="${s.total}" failures="${s.failed}" skipped="${s.skipped}" errors="0" time="${(report.elapsedMs / 1000).toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
