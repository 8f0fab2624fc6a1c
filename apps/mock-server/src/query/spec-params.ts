// Reads an operation's query parameters from the spec (loadSpec) and compiles, once at start-up, what the
// request path needs to validate them: the canonical name, whether it is required, how to parse its text
// (integer, int64 or string), an ajv validator for its schema, and a one-line description of the expected value
// derived from the schema. No parameter rule is written here by hand: change the spec and the server follows.
import {
  type Ajv2020,
  createAjv,
  loadSpec,
  readSpecText,
  type SpecName,
  type ValidateFunction,
} from '@jobwatch/specs';

export type ParamKind = 'integer' | 'int64' | 'string';

export interface ParamSpec {
  /** Position in the operation's list (spec order): a bit in the validator's per-request masks. */
  readonly index: number;
  /** The canonical name, as the spec writes it (`pageSize`). */
  readonly name: string;
  readonly required: boolean;
  readonly deprecated: boolean;
  /** The parameter this one is a deprecated alias of (`endTime` → `finishTime`), from the spec. */
  readonly aliasOf: string | null;
  readonly kind: ParamKind;
  /** Validates the parsed value (number or string) against the parameter's schema; null for int64. */
  readonly validate: ValidateFunction | null;
  /** int64 bounds, exact (read from the spec text with BigInt, because 3155378975999999999 > 2^53). */
  readonly min: bigint | null;
  readonly max: bigint | null;
  /** What a valid value looks like, for error messages: "an integer from 1 to 1000". */
  readonly expectation: string;
}

export interface OperationParams {
  /** The spec (API and revision) the parameters come from. */
  readonly api: SpecName;
  readonly path: string;
  /** In spec order. */
  readonly list: readonly ParamSpec[];
  /** By lower-cased name: names match case-insensitively (decision 1). */
  readonly byLowerName: ReadonlyMap<string, ParamSpec>;
  /** By the canonical and the lower-cased spelling: the usual spellings match without lower-casing the name. */
  readonly bySpelling: ReadonlyMap<string, ParamSpec>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves a local `#/a/b` reference (JSON pointer) inside the document. */
function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) || !Object.hasOwn(node, key)) throw new Error(`Unresolvable $ref ${ref}`);
    node = node[key];
  }
  return node;
}

function deref(doc: unknown, node: unknown): unknown {
  let current = node;
  for (let depth = 0; isObject(current) && typeof current.$ref === 'string'; depth++) {
    if (depth > 32) throw new Error('Circular $ref');
    current = resolvePointer(doc, current.$ref);
  }
  return current;
}

/** Rewrites local refs to point into the spec document registered in ajv under `baseId`. */
function rebaseRefs(node: unknown, baseId: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rebaseRefs(item, baseId));
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? baseId + value
        : rebaseRefs(value, baseId);
  }
  return out;
}

interface SchemaFacts {
  types: Set<string>;
  formats: Set<string>;
  enumValues: unknown[] | null;
  minimum: number | null;
  maximum: number | null;
  examples: unknown[];
}

/** Collects the facts of a schema through $ref, allOf and anyOf/oneOf (unions of enums, all the types). */
function schemaFacts(doc: unknown, schema: unknown, facts?: SchemaFacts): SchemaFacts {
  const f: SchemaFacts = facts ?? {
    types: new Set(),
    formats: new Set(),
    enumValues: null,
    minimum: null,
    maximum: null,
    examples: [],
  };
  const s = deref(doc, schema);
  if (!isObject(s)) return f;
  if (typeof s.type === 'string') f.types.add(s.type);
  if (Array.isArray(s.type)) for (const t of s.type) f.types.add(String(t));
  if (typeof s.format === 'string') f.formats.add(s.format);
  if (Array.isArray(s.enum)) f.enumValues = [...(f.enumValues ?? []), ...s.enum];
  if (typeof s.minimum === 'number')
    f.minimum = f.minimum === null ? s.minimum : Math.min(f.minimum, s.minimum);
  if (typeof s.maximum === 'number')
    f.maximum = f.maximum === null ? s.maximum : Math.max(f.maximum, s.maximum);
  if (Array.isArray(s.examples)) f.examples.push(...s.examples);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = s[key];
    if (Array.isArray(list)) for (const sub of list) schemaFacts(doc, sub, f);
  }
  return f;
}

function describeIntegers(values: number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first !== undefined && last !== undefined && last - first + 1 === sorted.length) {
    return `an integer from ${first} to ${last}`;
  }
  return `one of ${sorted.join(', ')}`;
}

function expectationOf(kind: ParamKind, facts: SchemaFacts, min: bigint | null, max: bigint | null): string {
  if (kind === 'int64') {
    if (min !== null && max !== null) return `an integer from ${min} to ${max}`;
    return 'an integer';
  }
  if (kind === 'integer') {
    if (facts.enumValues)
      return describeIntegers(facts.enumValues.filter((v): v is number => typeof v === 'number'));
    if (facts.minimum !== null && facts.maximum !== null)
      return `an integer from ${facts.minimum} to ${facts.maximum}`;
    if (facts.minimum !== null) return `an integer of at least ${facts.minimum}`;
    return 'an integer';
  }
  if (facts.formats.has('uuid')) return 'a GUID, such as 6f1c2b8e-3d4a-4f5b-9c7d-2e8f1a0b3c4d';
  if (facts.enumValues) return `one of ${facts.enumValues.join(', ')}`;
  const example = facts.examples.find((e) => typeof e === 'string');
  return example === undefined ? 'a valid value' : `in the documented format, such as ${example}`;
}

/**
 * An int64 bound, exact. loadSpec parses YAML integers as JS numbers, which round above 2^53
 * (3155378975999999999 becomes …9488). A safe integer is taken as is; otherwise the bound is the integer literal
 * of the spec text that rounds to the parsed number: exact without parsing the YAML a second time (start-up).
 */
function exactBound(specText: string, keyword: string, value: unknown): bigint | null {
  if (typeof value !== 'number') return null;
  if (Number.isSafeInteger(value)) return BigInt(value);
  const literal = new RegExp(`\\b${keyword}:\\s*(-?\\d+)\\s*$`, 'gm');
  for (const match of specText.matchAll(literal)) {
    if (Number(match[1]) === value) return BigInt(match[1]!);
  }
  throw new Error(`cannot read the exact int64 ${keyword} ${value} from the spec text`);
}

function int64Bounds(
  doc: unknown,
  specText: string,
  schema: unknown,
): { min: bigint | null; max: bigint | null } {
  const s = deref(doc, schema);
  if (!isObject(s)) return { min: null, max: null };
  const unsupported = [
    'exclusiveMinimum',
    'exclusiveMaximum',
    'multipleOf',
    'enum',
    'const',
    'anyOf',
    'oneOf',
  ];
  for (const key of unsupported) {
    // Fail at start-up rather than silently skip a rule the BigInt path does not check.
    if (key in s)
      throw new Error(`int64 parameter schemas with "${key}" are not supported by the mock server`);
  }
  return { min: exactBound(specText, 'minimum', s.minimum), max: exactBound(specText, 'maximum', s.maximum) };
}

// One Ajv for both specs (each registered under its own base id): the code generator warms up once.
// Meta-schema validation is off because it compiles the whole 2020-12 meta-schema at start-up (~30 ms) and the
// specs are linted (Redocly) and tested in their own package.
let sharedAjv: Ajv2020 | undefined;
function ajvFor(api: SpecName, doc: { components: unknown }): { ajv: Ajv2020; baseId: string } {
  sharedAjv ??= createAjv({ allErrors: false, validateSchema: false });
  const baseId = `urn:jobwatch:spec:${api}`;
  if (sharedAjv.getSchema(baseId) === undefined)
    sharedAjv.addSchema({ $id: baseId, components: doc.components });
  return { ajv: sharedAjv, baseId };
}

const ALIAS_IN_DESCRIPTION = /alias of `([A-Za-z0-9_]+)`/;

/** Compiles the query parameters of `GET <path>` in the API's spec. */
export function compileOperationParams(api: SpecName, path: string, method = 'get'): OperationParams {
  const doc = loadSpec(api);
  const operation = doc.paths[path]?.[method];
  if (!operation) throw new Error(`The ${api} spec has no ${method.toUpperCase()} ${path}`);
  const { ajv, baseId } = ajvFor(api, doc);
  let specText: string | undefined;

  const list: ParamSpec[] = [];
  for (const rawParam of operation.parameters ?? []) {
    const param = deref(doc, rawParam);
    if (!isObject(param) || param.in !== 'query' || typeof param.name !== 'string') continue;
    const facts = schemaFacts(doc, param.schema);
    const isInteger = facts.types.size === 1 && facts.types.has('integer');
    const kind: ParamKind = isInteger ? (facts.formats.has('int64') ? 'int64' : 'integer') : 'string';
    if (!isInteger && !(facts.types.size === 1 && facts.types.has('string'))) {
      throw new Error(
        `${api} parameter ${param.name}: only integer and string query parameters are supported`,
      );
    }
    if (kind === 'int64') specText ??= readSpecText(api);
    const bounds = kind === 'int64' ? int64Bounds(doc, specText!, param.schema) : { min: null, max: null };
    const aliasExtension = param['x-alias-of'];
    const aliasMatch =
      param.deprecated === true && typeof param.description === 'string'
        ? ALIAS_IN_DESCRIPTION.exec(param.description)
        : null;
    list.push({
      index: list.length,
      name: param.name,
      required: param.required === true,
      deprecated: param.deprecated === true,
      aliasOf: typeof aliasExtension === 'string' ? aliasExtension : (aliasMatch?.[1] ?? null),
      kind,
      validate: kind === 'int64' ? null : ajv.compile(rebaseRefs(param.schema, baseId) as Json),
      min: bounds.min,
      max: bounds.max,
      expectation: expectationOf(kind, facts, bounds.min, bounds.max),
    });
  }

  // The validator keeps per-request sets of parameters as bits of a 32-bit integer.
  if (list.length > 31) throw new Error(`${api} ${path}: more than 31 query parameters are not supported`);
  const byLowerName = new Map<string, ParamSpec>();
  for (const spec of list) byLowerName.set(spec.name.toLowerCase(), spec);
  const bySpelling = new Map<string, ParamSpec>(byLowerName);
  for (const spec of list) bySpelling.set(spec.name, spec);
  for (const spec of list) {
    if (spec.aliasOf !== null && !byLowerName.has(spec.aliasOf.toLowerCase())) {
      throw new Error(`${api} parameter ${spec.name} is an alias of unknown parameter ${spec.aliasOf}`);
    }
  }
  return { api, path, list, byLowerName, bySpelling };
}
