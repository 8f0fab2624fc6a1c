// @jobwatch/specs in a browser (the package's `browser` export condition): the same documents, walkers and
// names as the Node loader (index.ts), with no Node built-in. The build inlines each spec's compiled JSON into
// dist/documents.js from the YAML (compile.ts), so the documents are as fresh as the build. What needs the YAML
// files or Node's crypto throws a clear error instead.
// Ajv and ajv-formats are CommonJS; under NodeNext the default import is the module object, hence `.default`.
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { ajvFactory } from './ajv.js';
import { specCache } from './cache.js';
import { compiledSpecs } from './documents.js';
import type * as node from './index.js';
import type { SpecName } from './names.js';
import type { SpecWalker } from './walker.js';

const cache = specCache((spec): node.CompiledSpec => JSON.parse(compiledSpecs[spec]) as node.CompiledSpec);

/** The parsed spec (cached; callers must not mutate it — clone first with structuredClone). */
export const loadSpec: typeof node.loadSpec = (spec: SpecName) => cache.compiled(spec).document;

/** The walker over a spec (cached): the typed way to read its operations, parameters, enums and schemas. */
export const walkSpec: typeof node.walkSpec = (spec: SpecName): SpecWalker => cache.walker(spec);

function unavailable(name: string, instead: string): never {
  throw new Error(
    `@jobwatch/specs: ${name} is not available in the browser build, which carries the compiled documents ` +
      `but not the YAML files; ${instead}`,
  );
}

export const specPath: typeof node.specPath = () => unavailable('specPath', 'use loadSpec or walkSpec');
export const readSpecText: typeof node.readSpecText = () =>
  unavailable('readSpecText', 'fetch the YAML (`/openapi/<specFileName>`) or use loadSpec');
export const compiledSpecPath: typeof node.compiledSpecPath = () =>
  unavailable('compiledSpecPath', 'use loadSpec or walkSpec');
export const parseSpec: typeof node.parseSpec = () =>
  unavailable('parseSpec', 'parse YAML with the yaml package, or use loadSpec');
export const parseSpecText: typeof node.parseSpecText = () =>
  unavailable('parseSpecText', 'parse YAML with the yaml package, or use loadSpec');
export const sha256: typeof node.sha256 = () =>
  unavailable('sha256', 'use crypto.subtle.digest("SHA-256", …)');

export type { Ajv2020, ErrorObject, ValidateFunction } from './ajv.js';

/** A fresh Ajv (draft 2020-12) with the standard formats and OpenAPI keywords tolerated (ajv.ts). */
export const createAjv: typeof node.createAjv = ajvFactory(() => ({
  Ajv2020,
  addFormats: formatsModule.default,
}));
export { apiNames, specApi, specFileName, specNames } from './names.js';
export { componentName, EXTENSIONS, isNode, rebaseRefs, SpecWalker } from './walker.js';
