// A broken spec must fail loudly, naming the file and the line — both in our loader and in the lint step CI runs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSpecText, readSpecText, specFileName, specPath } from '../src/index.js';

describe('broken specs', () => {
  it.each([
    [
      'a tab-indented line',
      (t: string) => t.replace('  /backup/sfbapi/jobs:', '\t/backup/sfbapi/jobs:'),
      /x\.yaml:\d+:\d+: /,
    ],
    [
      'a duplicated key',
      (t: string) => t.replace('openapi: 3.1.0', 'openapi: 3.1.0\nopenapi: 3.1.1'),
      /x\.yaml:2:1: /,
    ],
    [
      'an unclosed flow sequence',
      (t: string) => t.replace('tags: [Jobs]', 'tags: [Jobs'),
      /x\.yaml:\d+:\d+: /,
    ],
    ['a document that is not OpenAPI', () => 'hello: world\n', /x\.yaml:1:1: not an OpenAPI document/],
  ])('the loader names the file and line for %s', (_name, breakIt, expected) => {
    expect(() => parseSpecText(breakIt(readSpecText('salesforce')), 'x.yaml')).toThrow(expected);
  });

  // The lint step CI runs: `redocly lint --config redocly.yaml` with the repository's own config
  // (recommended-strict), on a copy of the specs in a scratch folder.
  function lint(dir: string): { failed: boolean; output: string } {
    try {
      const output = execFileSync('redocly', ['lint', 'dynamics365-backup', '--config', 'redocly.yaml'], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          NO_COLOR: '1',
        },
        stdio: 'pipe',
      });
      return { failed: false, output };
    } catch (error) {
      const e = error as { stdout: string; stderr: string };
      return { failed: true, output: `${e.stdout}${e.stderr}` };
    }
  }

  it("the repository's redocly.yaml passes the spec and fails it, naming file:line, once a rule is broken", () => {
    const dir = mkdtempSync(join(tmpdir(), 'broken-spec-'));
    copyFileSync(fileURLToPath(new URL('../redocly.yaml', import.meta.url)), join(dir, 'redocly.yaml'));
    const file = join(dir, specFileName('dynamics365'));
    copyFileSync(specPath('dynamics365'), file);
    // Control: the unbroken copy passes, so the failure below is the break's.
    const control = lint(dir);
    expect(control.output).not.toMatch(/error/i);
    expect(control.failed).toBe(false);

    // An operation without a summary breaks recommended-strict's operation-summary rule.
    const text = readFileSync(file, 'utf8');
    const broken = text.replace(/\n {6}summary: Retrieve job information[^\n]*/, '');
    expect(broken).not.toBe(text);
    writeFileSync(file, broken);
    const result = lint(dir);
    rmSync(dir, { recursive: true, force: true });
    expect(result.failed).toBe(true);
    expect(result.output).toContain('operation-summary');
    expect(result.output).toMatch(new RegExp(`${specFileName('dynamics365').replace('.', '\\.')}:\\d+:\\d+`));
  });
});
