// Build step (`pnpm build`): writes dist/<spec>.json for each spec, stamped with the hash of its YAML text, so
// that loadSpec can skip YAML parsing at start-up while the YAML is unchanged.
import { writeFileSync } from 'node:fs';
import {
  type CompiledSpec,
  compiledSpecPath,
  parseSpec,
  readSpecText,
  sha256,
  specFileName,
  specNames,
} from './index.js';

for (const spec of specNames) {
  const text = readSpecText(spec);
  const compiled: CompiledSpec = {
    sourceSha256: sha256(text),
    ...parseSpec(text, `specs/${specFileName(spec)}`),
  };
  writeFileSync(compiledSpecPath(spec), `${JSON.stringify(compiled)}\n`);
}
