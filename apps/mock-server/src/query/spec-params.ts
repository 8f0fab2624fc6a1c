// Reads an operation's query parameters from the spec (through the specs' walker) and compiles, once at start-up, what the
// request path needs to validate them: the canonical name, whether it is required, how to parse its text
// (integer, int64 or string), an ajv validator for its schema, and a one-line description of the expected value
// derived from the schema. No parameter rule is written here by hand: change the spec and the server follows.
import {
  type Ajv2020,
  createAjv,
  rebaseRefs,
  type SchemaFacts,
  type SpecName,
  type SpecNode,
  type ValidateFunction,
  walkSpec,
} from '@jobwatch/specs';

export type ParamKind = 'integer' | 'int64' | 'string';

export interface ParamSpec {
  /** Position in the operation's list (spec order): a bit in the validator's per-request masks. */
  readonly index: number;
  /** The canonical name, as the spec writes it (`pageSize`). */
  readonly name: string;
  readonly required: boolean;
  readonly deprecated: boolean;
  /** The parameter this one is a deprecated alias of (`endTime` → `finishTime`), from the spec's `x-alias-of`. */
  readonly aliasOf: string | null;
  readonly kind: ParamKind;
  /** Validates the parsed value (number or string) against the parameter's schema; null for int64. */
  readonly validate: ValidateFunction | null;
  /** int64 bounds, exact (the walker keeps 3155378975999999999 > 2^53 exact). */
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

function describeIntegers(values: number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first !== undefined && last !== undefined && last - first + 1 === sorted.length) {
    return `an integer from ${first} to ${last}`;
  }
  return `one of ${sorted.join(', ')}`;
}

function expectationOf(kind: ParamKind, facts: SchemaFacts): string {
  if (kind === 'int64') {
    if (facts.minimum !== null && facts.maximum !== null)
      return `an integer from ${facts.minimum} to ${facts.maximum}`;
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

/** Rules the BigInt path of int64 parameters does not check: fail at start-up rather than silently skip one. */
const UNSUPPORTED_INT64 = [
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'enum',
  'const',
  'anyOf',
  'oneOf',
];
// One Ajv for both specs (each registered under its own base id): the code generator warms up once.
// Meta-schema validation is off because it compiles the whole 2020-12 meta-schema at start-up (~30 ms) and the
// specs are linted (Redocly) and tested in their own package.
let sharedAjv: Ajv2020 | undefined;
function ajvFor(api: SpecName, doc: SpecNode): { ajv: Ajv2020; baseId: string } {
  sharedAjv ??= createAjv({ allErrors: false, validateSchema: false });
  const baseId = `urn:jobwatch:spec:${api}`;
  if (sharedAjv.getSchema(baseId) === undefined)
    sharedAjv.addSchema({ $id: baseId, components: doc.components });
  return { ajv: sharedAjv, baseId };
}

/** Compiles the query parameters of `GET <path>` in a spec. */
export function compileOperationParams(spec: SpecName, path: string, method = 'get'): OperationParams {
  const walker = walkSpec(spec);
  const { ajv, baseId } = ajvFor(spec, walker.document);
  const list: ParamSpec[] = [];
  for (const param of walker.parameters(path, method)) {
    if (param.in !== 'query') continue;
    const { facts } = param;
    const isInteger = facts.types.size === 1 && facts.types.has('integer');
    const kind: ParamKind = isInteger ? (facts.formats.has('int64') ? 'int64' : 'integer') : 'string';
    if (!isInteger && !(facts.types.size === 1 && facts.types.has('string'))) {
      throw new Error(
        `${spec} parameter ${param.name}: only integer and string query parameters are supported`,
      );
    }
    if (kind === 'int64') {
      for (const key of UNSUPPORTED_INT64) {
        if (key in param.resolvedSchema)
          throw new Error(`int64 parameter schemas with "${key}" are not supported by the mock server`);
      }
    }
    list.push({
      index: list.length,
      name: param.name,
      required: param.required,
      deprecated: param.deprecated,
      aliasOf: param.aliasOf,
      kind,
      validate: kind === 'int64' ? null : ajv.compile(rebaseRefs(param.schema, baseId) as SpecNode),
      min: kind === 'int64' ? facts.minimum : null,
      max: kind === 'int64' ? facts.maximum : null,
      expectation: expectationOf(kind, facts),
    });
  }

  // The validator keeps per-request sets of parameters as bits of a 32-bit integer.
  if (list.length > 31) throw new Error(`${spec} ${path}: more than 31 query parameters are not supported`);
  const byLowerName = new Map<string, ParamSpec>();
  for (const param of list) byLowerName.set(param.name.toLowerCase(), param);
  const bySpelling = new Map<string, ParamSpec>(byLowerName);
  for (const param of list) bySpelling.set(param.name, param);
  for (const param of list) {
    if (param.aliasOf !== null && !byLowerName.has(param.aliasOf.toLowerCase())) {
      throw new Error(`${spec} parameter ${param.name} is an alias of unknown parameter ${param.aliasOf}`);
    }
  }
  return { api: spec, path, list, byLowerName, bySpelling };
}
