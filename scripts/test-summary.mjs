// Adds up the JUnit reports that every package's vitest run writes under CI (reports/*.xml) and prints one plain
// closing line, "tests: N passed, N failed, N skipped", so a CI log states the whole repository's count.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = [
  'specs',
  ...['packages', 'apps'].flatMap((dir) => readdirSync(dir).map((name) => join(dir, name))),
];
let tests = 0;
let failures = 0;
let skipped = 0;
let files = 0;
for (const root of roots) {
  const reports = join(root, 'reports');
  let names = [];
  try {
    if (statSync(reports).isDirectory()) names = readdirSync(reports).filter((n) => n.endsWith('.xml'));
  } catch {
    continue;
  }
  for (const name of names) {
    const xml = readFileSync(join(reports, name), 'utf8');
    // The first <testsuites …> element carries the totals of that run.
    const head = /<testsuites\b[^>]*>/.exec(xml)?.[0] ?? '';
    const attr = (key) => Number(new RegExp(`\\b${key}="(\\d+)"`).exec(head)?.[1] ?? 0);
    tests += attr('tests');
    failures += attr('failures') + attr('errors');
    // <testsuites> has no skipped count; each <testsuite> has one.
    for (const match of xml.matchAll(/<testsuite\b[^>]*\bskipped="(\d+)"/g)) skipped += Number(match[1]);
    files += 1;
  }
}
if (files === 0) {
  console.error('test-summary: no JUnit reports found (run `CI=true pnpm test` first)');
  process.exit(1);
}
console.log(`tests: ${tests - failures - skipped} passed, ${failures} failed, ${skipped} skipped`);
process.exit(failures > 0 ? 1 : 0);
