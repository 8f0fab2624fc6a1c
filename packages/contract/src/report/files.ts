// Writes the JSON report and the JUnit XML beside it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { toJUnit } from './junit.js';
import type { Report } from './types.js';

/** `report.json` → `report.junit.xml`. */
export function junitPathFor(reportPath: string): string {
  return `${reportPath.replace(/\.json$/i, '')}.junit.xml`;
}

export function writeReports(report: Report, jsonPath: string, junitPath = junitPathFor(jsonPath)): string[] {
  for (const path of [jsonPath, junitPath]) mkdirSync(dirname(path), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(junitPath, toJUnit(report));
  return [jsonPath, junitPath];
}
