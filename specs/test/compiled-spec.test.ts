// The compiled JSON the loader prefers is the YAML, and is ignored the moment the YAML changes.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compiledSpecPath,
  loadSpec,
  parseSpecText,
  readSpecText,
  sha256,
  specFileName,
  specNames,
} from '../src/index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the built package (dist/, the YAML, its node_modules) whose files a test may change. */
function builtCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'compiled-spec-'));
  scratch.push(dir);
  cpSync(dirname(compiledSpecPath('salesforce')), join(dir, 'dist'), { recursive: true });
  for (const api of specNames) writeFileSync(join(dir, specFileName(api)), readSpecText(api));
  symlinkSync(join(packageDir, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** What loadSpec gives in a fresh process (its cache is per process) from the copy in `dir`. */
function loadIn(dir: string, api: string): Record<string, unknown> {
  const index = pathToFileURL(join(dir, 'dist/index.js')).href;
  const script = `import { loadSpec } from ${JSON.stringify(index)}; process.stdout.write(JSON.stringify(loadSpec(${JSON.stringify(api)})));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  );
}

describe.each(specNames)('%s compiled spec', (api) => {
  it('equals the YAML document and carries the hash of the YAML text it came from', () => {
    const text = readSpecText(api);
    const compiled = JSON.parse(readFileSync(compiledSpecPath(api), 'utf8'));
    expect(compiled.sourceSha256).toBe(sha256(text));
    expect(compiled.document).toEqual(parseSpecText(text, 'x.yaml'));
    expect(loadSpec(api)).toEqual(compiled.document);
  });

  it('is used while its hash matches the YAML, and ignored once the YAML changes', () => {
    const dir = builtCopy();
    // Mark the compiled document (keeping its hash), so that the loader's choice shows in what it returns.
    const compiledFile = join(dir, 'dist', basename(compiledSpecPath(api)));
    const compiled = JSON.parse(readFileSync(compiledFile, 'utf8'));
    compiled.document['x-from-compiled'] = true;
    writeFileSync(compiledFile, JSON.stringify(compiled));
    expect(loadIn(dir, api)['x-from-compiled']).toBe(true);

    // Edit the YAML without rebuilding: the hash no longer matches, so the loader parses the YAML.
    writeFileSync(join(dir, specFileName(api)), `${readSpecText(api)}x-edited: true\n`);
    const afterEdit = loadIn(dir, api);
    expect(afterEdit['x-edited']).toBe(true);
    expect(afterEdit).not.toHaveProperty('x-from-compiled');
  });
});
