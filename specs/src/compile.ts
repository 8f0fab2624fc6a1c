// Build step (`pnpm build`): writes dist/<spec>.json for each spec, stamped with the hash of its YAML text, so
// that loadSpec can skip YAML parsing at start-up while the YAML is unchanged.
import { writeFileSync } from 'node:fs';
import {
  type CompiledSpec,
  compiledSpecPath,
  parseSpecText,
  readSpecText,
  sha256,
  specFileName,
  specNames,
} from './index.js';

for (const api of specNames) {
  const text = readSpecText(api);
  const compiled: CompiledSpec = {
    sourceSha256: sha256(text),
    document: parseSpecText(text, `specs/${specFileName(api)}`),
  };
  writeFileSync(compiledSpecPath(api), `${JSON.stringify(compiled)}\n`);
}
