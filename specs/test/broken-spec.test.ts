// A broken spec must fail loudly, naming the file and the line — both in our loader and in the lint step CI runs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpecText, readSpecText, specPath } from '../src/index.js';

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

  it('redocly lint fails on a spec that breaks a rule and names file:line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broken-spec-'));
    const file = join(dir, 'broken.yaml');
    copyFileSync(specPath('dynamics365'), file);
    // An operation without a summary and a response without a description break recommended rules.
    const text = readFileSync(file, 'utf8').replace(/\n {6}summary: Retrieve job information[^\n]*/, '');
    writeFileSync(file, text.replace('description: A page of jobs.', 'x-note: no description'));
    let output = '';
    let failed = false;
    try {
      execFileSync('redocly', ['lint', file, '--extends', 'recommended', '--format', 'codeframe'], {
        encoding: 'utf8',
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          NO_COLOR: '1',
        },
        stdio: 'pipe',
      });
    } catch (error) {
      failed = true;
      const e = error as { stdout: string; stderr: string };
      output = `${e.stdout}${e.stderr}`;
    }
    expect(failed).toBe(true);
    expect(output).toMatch(/broken\.yaml:\d+:\d+/);
  });
});
