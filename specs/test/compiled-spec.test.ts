// The compiled JSON the loader prefers is the YAML, and is ignored the moment the YAML changes.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compiledSpecPath, loadSpec, parseSpecText, readSpecText, sha256, specNames } from '../src/index.js';

describe.each(specNames)('%s compiled spec', (api) => {
  it('equals the YAML document and carries the hash of the YAML text it came from', () => {
    const text = readSpecText(api);
    const compiled = JSON.parse(readFileSync(compiledSpecPath(api), 'utf8'));
    expect(compiled.sourceSha256).toBe(sha256(text));
    expect(compiled.document).toEqual(parseSpecText(text, 'x.yaml'));
    expect(loadSpec(api)).toEqual(compiled.document);
  });
});
