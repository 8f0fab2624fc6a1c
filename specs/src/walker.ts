// The one typed way to read a spec document: $refs, operations and their parameters, enums with their names,
// response schemas, and the vendor extensions this project uses. Pure (no file system): it walks a document that
// the loader (index.ts) or a test hands it. Every consumer that needs a fact of a spec reads it through here, so
// no package carries its own $ref resolver or reads an extension by hand.

/** A node of the document, read generically: every value is checked before use. */
export type SpecNode = { readonly [key: string]: unknown };

/** The vendor extensions the specs use, by name (OpenAPI allows any `x-` key; these are the ones we read). */
export const EXTENSIONS = {
  /** On a query parameter: the canonical parameter this deprecated one is an alias of (`endTime` → `finishTime`). */
  aliasOf: 'x-alias-of',
  /** On an enum schema: the identifier of each value, in `enum` order (`Backup`, `InProgress`). */
  enumNames: 'x-enum-varnames',
  /** On an enum schema: the words for each value, in `enum` order (`In progress`). */
  enumDescriptions: 'x-enum-descriptions',
} as const;

export const isNode = (value: unknown): value is SpecNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An enum of a component schema: its values with their names and descriptions, in the spec's order. */
export interface SpecEnum<T extends number | string = number | string> {
  /** The component schema it came from (`SalesforceJobStatus`). */
  readonly schema: string;
  readonly values: readonly T[];
  /** `x-enum-varnames`, or the values themselves for a string enum without them. */
  readonly names: readonly string[];
  /** `x-enum-descriptions`, or the names. */
  readonly descriptions: readonly string[];
  /** The value whose name (or, for a string enum, whose value) is `name`. */
  valueOf(name: string): T | undefined;
  nameOf(value: T): string | undefined;
}

/** A query, path or header parameter of an operation, with its schema resolved. */
export interface SpecParameter {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly deprecated: boolean;
  /** `x-alias-of`: the parameter this one is a deprecated alias of; null when it is not an alias. */
  readonly aliasOf: string | null;
  readonly description: string;
  /** The schema as written (a `$ref` stays a `$ref`, for validators that compile it against the document). */
  readonly schema: SpecNode;
  /** The schema with its top-level `$ref`s followed. */
  readonly resolvedSchema: SpecNode;
  /** The component schema name when the schema is a `$ref` to one (`DotNetTicks`); null for an inline schema. */
  readonly schemaName: string | null;
  /** The facts of the schema gathered through `$ref`, `allOf`, `anyOf` and `oneOf`. */
  readonly facts: SchemaFacts;
}

/** What a parameter schema admits, collected through `$ref`, `allOf`, `anyOf` and `oneOf`. */
export interface SchemaFacts {
  readonly types: ReadonlySet<string>;
  readonly formats: ReadonlySet<string>;
  /** The union of every enum met; null when there is none. */
  readonly enumValues: readonly unknown[] | null;
  /** Exact bounds (int64 bounds beyond 2^53 included); null when absent. */
  readonly minimum: bigint | null;
  readonly maximum: bigint | null;
  readonly default: unknown;
  readonly pattern: string | null;
  readonly maxLength: number | null;
  readonly examples: readonly unknown[];
}

/** One documented response of an operation. */
export interface SpecResponse {
  readonly status: string;
  /** The response object with its `$ref` followed. */
  readonly response: SpecNode;
  /** Media type → the schema as written (a `$ref` to a component, usually). */
  readonly content: ReadonlyMap<string, SpecNode>;
}

export interface SpecDocumentSource {
  readonly document: SpecNode;
  /**
   * Integers of the YAML beyond 2^53, by JSON pointer, as decimal text: the parsed document holds them as
   * rounded numbers (3155378975999999999 reads back as …9488), this keeps them exact.
   */
  readonly exactIntegers?: Readonly<Record<string, string>>;
}

/** Escapes one step of a JSON pointer. */
export const pointerStep = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

export class SpecWalker {
  readonly document: SpecNode;
  private readonly exactIntegers: Readonly<Record<string, string>>;
  /** The pointer of every object node, so that an exact int64 can be found from the node that holds it. */
  private readonly pointers = new WeakMap<object, string>();

  constructor(source: SpecDocumentSource) {
    this.document = source.document;
    this.exactIntegers = source.exactIntegers ?? {};
    const visit = (node: unknown, pointer: string) => {
      if (typeof node !== 'object' || node === null || this.pointers.has(node)) return;
      this.pointers.set(node, pointer);
      for (const [key, child] of Object.entries(node)) visit(child, `${pointer}/${pointerStep(key)}`);
    };
    visit(this.document, '');
  }

  /** The node a local reference (`#/components/schemas/X`) points at; throws when there is none. */
  pointer(ref: string): unknown {
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    let node: unknown = this.document;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isNode(node) || !Object.hasOwn(node, key)) throw new Error(`unresolvable $ref ${ref}`);
      node = node[key];
    }
    return node;
  }

  /** Follows `$ref`s until a node that is not a reference. */
  resolve(node: unknown): SpecNode {
    let current = node;
    for (let depth = 0; isNode(current) && typeof current.$ref === 'string'; depth++) {
      if (depth > 32) throw new Error('circular $ref');
      current = this.pointer(current.$ref);
    }
    if (!isNode(current)) throw new Error(`expected an object in the spec, got ${JSON.stringify(current)}`);
    return current;
  }

  /** The JSON pointer of a node of the document (`/components/schemas/DotNetTicks`). */
  pointerOf(node: SpecNode): string | undefined {
    return this.pointers.get(node);
  }

  /** An integer keyword of a node, exactly (int64 beyond 2^53 included); null when absent or not an integer. */
  exactInteger(node: SpecNode, keyword: string): bigint | null {
    const pointer = this.pointerOf(node);
    const exact =
      pointer === undefined ? undefined : this.exactIntegers[`${pointer}/${pointerStep(keyword)}`];
    if (exact !== undefined) return BigInt(exact);
    const value = node[keyword];
    return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : null;
  }

  /** Every `path → method` pair of the document, in document order. */
  operations(): { path: string; method: string; operation: SpecNode }[] {
    const out: { path: string; method: string; operation: SpecNode }[] = [];
    const paths = isNode(this.document.paths) ? this.document.paths : {};
    for (const [path, item] of Object.entries(paths)) {
      if (!isNode(item)) continue;
      for (const [method, operation] of Object.entries(item)) {
        if (isNode(operation) && isNode(operation.responses)) out.push({ path, method, operation });
      }
    }
    return out;
  }

  /** The operation at `method path`; throws naming both when the spec has none. */
  operation(path: string, method = 'get'): SpecNode {
    const item = isNode(this.document.paths) ? this.document.paths[path] : undefined;
    const operation = isNode(item) ? item[method] : undefined;
    if (!isNode(operation)) throw new Error(`the spec has no ${method.toUpperCase()} ${path}`);
    return operation;
  }

  /** The single operation of a one-endpoint spec (each spec here documents one `GET`). */
  onlyOperation(): { path: string; method: string; operation: SpecNode } {
    const all = this.operations();
    if (all.length !== 1) throw new Error(`expected one operation in the spec, found ${all.length}`);
    return all[0]!;
  }

  /** The operation's parameters, in spec order, with `$ref`s followed and extensions read. */
  parameters(path: string, method = 'get'): SpecParameter[] {
    const raw = this.operation(path, method).parameters;
    return (Array.isArray(raw) ? raw : []).map((entry) => {
      const param = this.resolve(entry);
      if (typeof param.name !== 'string' || typeof param.in !== 'string' || !isNode(param.schema)) {
        throw new Error(`a parameter of ${method.toUpperCase()} ${path} lacks a name, "in" or a schema`);
      }
      const alias = param[EXTENSIONS.aliasOf];
      if (alias !== undefined && typeof alias !== 'string') {
        throw new Error(`parameter ${param.name}: ${EXTENSIONS.aliasOf} must name a parameter`);
      }
      const schema = param.schema;
      return {
        name: param.name,
        in: param.in,
        required: param.required === true,
        deprecated: param.deprecated === true,
        aliasOf: alias ?? null,
        description: typeof param.description === 'string' ? param.description : '',
        schema,
        resolvedSchema: this.resolve(schema),
        schemaName: typeof schema.$ref === 'string' ? componentName(schema.$ref) : null,
        facts: this.schemaFacts(schema),
      };
    });
  }

  /** A component schema by name; throws when the spec has none. */
  schema(name: string): SpecNode {
    const schemas = isNode(this.document.components) ? this.document.components.schemas : undefined;
    const schema = isNode(schemas) ? schemas[name] : undefined;
    if (!isNode(schema)) throw new Error(`the spec has no schema ${name}`);
    return this.resolve(schema);
  }

  /** The enum of a component schema, with `x-enum-varnames` and `x-enum-descriptions`. */
  enum<T extends number | string = number | string>(name: string): SpecEnum<T> {
    const schema = this.schema(name);
    if (!Array.isArray(schema.enum)) throw new Error(`schema ${name} is not an enum`);
    const values = schema.enum as T[];
    const listed = (key: string): string[] | undefined => {
      const list = schema[key];
      if (list === undefined) return undefined;
      if (!Array.isArray(list) || list.length !== values.length) {
        throw new Error(`schema ${name}: ${key} must list one entry per enum value`);
      }
      return list.map(String);
    };
    const names = listed(EXTENSIONS.enumNames) ?? values.map(String);
    const descriptions = listed(EXTENSIONS.enumDescriptions) ?? names;
    const byName = new Map<string, T>(names.map((n, i) => [n, values[i]!]));
    const byValue = new Map(values.map((v, i) => [v, names[i]!]));
    return {
      schema: name,
      values,
      names,
      descriptions,
      valueOf: (n) => byName.get(n),
      nameOf: (v) => byValue.get(v),
    };
  }

  /** The documented responses of an operation, by status, with media types and schemas. */
  responses(path: string, method = 'get'): SpecResponse[] {
    const responses = this.operation(path, method).responses;
    return Object.entries(isNode(responses) ? responses : {}).map(([status, raw]) => {
      const response = this.resolve(raw);
      const content = new Map<string, SpecNode>();
      for (const [mediaType, media] of Object.entries(isNode(response.content) ? response.content : {})) {
        if (isNode(media) && isNode(media.schema)) content.set(mediaType, media.schema);
      }
      return { status, response, content };
    });
  }

  /** The response of one status, or undefined when the spec does not document it. */
  response(path: string, status: number | string, method = 'get'): SpecResponse | undefined {
    return this.responses(path, method).find((r) => r.status === String(status));
  }

  /** The properties of an object schema (through `$ref` and `allOf`), each with its schema resolved. */
  properties(schema: unknown): Map<string, SpecNode> {
    const out = new Map<string, SpecNode>();
    const node = this.resolve(schema);
    for (const part of Array.isArray(node.allOf) ? node.allOf : []) {
      for (const [k, v] of this.properties(part)) out.set(k, v);
    }
    for (const [key, value] of Object.entries(isNode(node.properties) ? node.properties : {})) {
      out.set(key, this.resolve(value));
    }
    return out;
  }

  /** The `required` list of an object schema (through `$ref` and `allOf`). */
  required(schema: unknown): Set<string> {
    const node = this.resolve(schema);
    const out = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
    for (const part of Array.isArray(node.allOf) ? node.allOf : []) {
      for (const name of this.required(part)) out.add(name);
    }
    return out;
  }

  /** Collects the facts of a schema through `$ref`, `allOf` and `anyOf`/`oneOf` (unions of enums and types). */
  schemaFacts(schema: unknown): SchemaFacts {
    const types = new Set<string>();
    const formats = new Set<string>();
    let enumValues: unknown[] | null = null;
    let minimum: bigint | null = null;
    let maximum: bigint | null = null;
    let defaultValue: unknown;
    let pattern: string | null = null;
    let maxLength: number | null = null;
    const examples: unknown[] = [];
    const visit = (node: unknown) => {
      const s = this.resolve(node);
      if (typeof s.type === 'string') types.add(s.type);
      if (Array.isArray(s.type)) for (const t of s.type) types.add(String(t));
      if (typeof s.format === 'string') formats.add(s.format);
      if (Array.isArray(s.enum)) enumValues = [...(enumValues ?? []), ...s.enum];
      const min = this.exactInteger(s, 'minimum');
      if (min !== null) minimum = minimum === null || min < minimum ? min : minimum;
      const max = this.exactInteger(s, 'maximum');
      if (max !== null) maximum = maximum === null || max > maximum ? max : maximum;
      if (defaultValue === undefined && s.default !== undefined) defaultValue = s.default;
      if (pattern === null && typeof s.pattern === 'string') pattern = s.pattern;
      if (maxLength === null && typeof s.maxLength === 'number') maxLength = s.maxLength;
      if (Array.isArray(s.examples)) examples.push(...s.examples);
      for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
        const list = s[key];
        if (Array.isArray(list)) for (const sub of list) visit(sub);
      }
    };
    visit(schema);
    return {
      types,
      formats,
      enumValues,
      minimum,
      maximum,
      default: defaultValue,
      pattern,
      maxLength,
      examples,
    };
  }

  /** The OAuth scopes an operation requires (its own `security`, else the document's). */
  scopes(path: string, method = 'get'): string[] {
    const operation = this.operation(path, method);
    const security = Array.isArray(operation.security) ? operation.security : this.document.security;
    const scopes = new Set<string>();
    for (const requirement of Array.isArray(security) ? security : []) {
      if (!isNode(requirement)) continue;
      for (const list of Object.values(requirement)) {
        if (Array.isArray(list)) for (const scope of list) scopes.add(String(scope));
      }
    }
    return [...scopes];
  }
}

/** `#/components/schemas/DotNetTicks` → `DotNetTicks`. */
export function componentName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** Rewrites local refs (`#/…`) to point into a document registered (in Ajv) under `baseId`. */
export function rebaseRefs(node: unknown, baseId: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rebaseRefs(item, baseId));
  if (!isNode(node)) return node;
  const out: { [key: string]: unknown } = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? baseId + value
        : rebaseRefs(value, baseId);
  }
  return out;
}
