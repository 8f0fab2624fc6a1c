// The one way every package reads the hand-written specs: by API name, parsed once, never copied.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ajvFactory } from './ajv.js';
import { specCache } from './cache.js';
import { type SpecName, specFileName } from './names.js';
import { pointerStep, type SpecWalker } from './walker.js';

// YAML parsing costs ~60 ms per process (import + parse); the build compiles each spec to JSON stamped with the
// hash of its YAML text, and the loader uses that only while the hash still matches (so it can never be stale).
// The yaml library is loaded only when a spec must really be parsed.
const require = createRequire(import.meta.url);

/** Absolute path of an API's spec file. */
export function specPath(api: SpecName): string {
  return fileURLToPath(new URL(`../${specFileName(api)}`, import.meta.url));
}

/** The raw YAML text of an API's spec. */
export function readSpecText(api: SpecName): string {
  return readFileSync(specPath(api), 'utf8');
}

/** A parsed OpenAPI 3.1 document; typed loosely because consumers walk it generically. */
export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, unknown>; parameters?: Record<string, unknown> } & Record<
    string,
    unknown
  >;
} & Record<string, unknown>;

export type OperationObject = {
  operationId: string;
  parameters?: unknown[];
  responses: Record<string, unknown>;
} & Record<string, unknown>;

/**
 * Parses spec text, failing with `<file>:<line>:<column>: <problem>` so that a broken spec names its place.
 * Exported for tests and for tools that load a spec from elsewhere.
 */
export function parseSpecText(text: string, fileName: string): OpenApiDocument {
  return parseSpec(text, fileName).document;
}

/**
 * Parses spec text into the document and its exact integers: integers are read as BigInt, kept as numbers in the
 * document (rounded beyond 2^53, as any JSON reader would) and, where rounding loses digits, also as decimal text
 * by JSON pointer, so that the walker reads int64 bounds exactly.
 */
export function parseSpec(text: string, fileName: string): Omit<CompiledSpec, 'sourceSha256'> {
  const { parseDocument } = require('yaml') as typeof import('yaml');
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, intAsBigInt: true });
  const [error] = document.errors;
  if (error) {
    const where = error.linePos?.[0];
    const place = where ? `${fileName}:${where.line}:${where.col}` : fileName;
    throw new Error(`${place}: ${error.message.split('\n')[0]}`);
  }
  const exactIntegers: Record<string, string> = {};
  const value = withNumbers(document.toJS({ maxAliasCount: 100 }) as unknown, '', exactIntegers);
  if (!value || typeof value !== 'object' || !('openapi' in value) || !('paths' in value)) {
    throw new Error(`${fileName}:1:1: not an OpenAPI document (no "openapi" or "paths" at the top level)`);
  }
  return { document: value as OpenApiDocument, exactIntegers };
}

/** BigInts → numbers, recording (by JSON pointer) each one that a number rounds. */
function withNumbers(value: unknown, pointer: string, exact: Record<string, string>): unknown {
  if (typeof value === 'bigint') {
    const number = Number(value);
    if (BigInt(number) !== value) exact[pointer] = value.toString();
    return number;
  }
  if (Array.isArray(value)) return value.map((item, i) => withNumbers(item, `${pointer}/${i}`, exact));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] = withNumbers(child, `${pointer}/${pointerStep(key)}`, exact);
    }
    return out;
  }
  return value;
}

/** The build's JSON form of a spec: the document and the hash of the YAML text it was compiled from. */
export interface CompiledSpec {
  sourceSha256: string;
  document: OpenApiDocument;
  /** Integers beyond 2^53 by JSON pointer, as decimal text (see parseSpec). */
  exactIntegers: Record<string, string>;
}

/** Where the build writes a compiled spec. */
export function compiledSpecPath(spec: SpecName): string {
  return fileURLToPath(new URL(`../dist/${specFileName(spec).replace(/\.yaml$/, '.json')}`, import.meta.url));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function readCompiled(spec: SpecName, sourceSha256: string): CompiledSpec | undefined {
  try {
    const compiled = JSON.parse(readFileSync(compiledSpecPath(spec), 'utf8')) as CompiledSpec;
    return compiled.sourceSha256 === sourceSha256 && compiled.exactIntegers ? compiled : undefined;
  } catch {
    return undefined; // not built yet, or unreadable: parse the YAML
  }
}

const cache = specCache((spec): CompiledSpec => {
  const text = readSpecText(spec);
  const sourceSha256 = sha256(text);
  return (
    readCompiled(spec, sourceSha256) ?? {
      sourceSha256,
      ...parseSpec(text, `specs/${specFileName(spec)}`),
    }
  );
});

/** The parsed spec (cached; callers must not mutate it — clone first with structuredClone). */
export function loadSpec(spec: SpecName): OpenApiDocument {
  return cache.compiled(spec).document;
}

/** The walker over a spec (cached): the typed way to read its operations, parameters, enums and schemas. */
export function walkSpec(spec: SpecName): SpecWalker {
  return cache.walker(spec);
}

export type { Ajv2020, ErrorObject, ValidateFunction } from './ajv.js';

/** A fresh Ajv (draft 2020-12) with the standard formats and OpenAPI keywords tolerated (ajv.ts). */
export const createAjv = ajvFactory(() => ({
  // Ajv and ajv-formats are CommonJS: require gives their module objects.
  Ajv2020: (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).Ajv2020,
  addFormats: (require('ajv-formats') as typeof import('ajv-formats')).default,
}));
export { type ApiName, apiNames, type SpecName, specApi, specFileName, specNames } from './names.js';
export {
  componentName,
  EXTENSIONS,
  isNode,
  rebaseRefs,
  type SchemaFacts,
  type SpecDocumentSource,
  type SpecEnum,
  type SpecNode,
  type SpecParameter,
  type SpecResponse,
  SpecWalker,
} from './walker.js';
