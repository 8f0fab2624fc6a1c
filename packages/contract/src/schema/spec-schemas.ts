// Response schemas compiled from the spec files themselves (never copied). Each API gets a strict variant in
// which every object schema also forbids unevaluated properties, so that fields the spec lacks are reported
// alongside missing fields, wrong types and wrong formats — each with the JSON path where it happens.
import {
  componentName,
  createAjv,
  type ErrorObject,
  type SpecName,
  type SpecWalker,
  type ValidateFunction,
  walkSpec,
} from '@jobwatch/specs';
import { getAt, jsonPath, pointerToPath, preview } from '../util/json.js';

export type SchemaIssue = {
  /** `$.data.jobs[3].state` */
  path: string;
  /** What went wrong, in words: `field not in the spec`, `missing required field`, `wrong type`, … */
  problem: string;
  expected: string;
  actual: string;
  /** The spec schema that was applied (`SalesforceJobsResponse`). */
  schema: string;
  /** Where in the spec the failing keyword is (`…#/components/schemas/RequestIdValue/pattern`). */
  keywordLocation: string;
  /** The field a `required` or extra-field issue is about. */
  property?: string;
};

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Adds `unevaluatedProperties: false` to every object schema that does not already say what extra fields do. */
export function strictify(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictify);
  if (!isNode(schema)) return schema;
  const out: Node = {};
  for (const [key, value] of Object.entries(schema)) {
    // `enum`/`const`/`examples`/`default` hold data, not schemas.
    out[key] = ['enum', 'const', 'examples', 'default', 'example'].includes(key) ? value : strictify(value);
  }
  const isObjectSchema = out.type === 'object' || isNode(out.properties);
  if (isObjectSchema && !('additionalProperties' in out) && !('unevaluatedProperties' in out)) {
    out.unevaluatedProperties = false;
  }
  return out;
}

export type DocumentedResponse = {
  documented: boolean;
  /** Media types the spec documents for this status. */
  mediaTypes: string[];
};

export class SpecSchemas {
  private readonly walker: SpecWalker;
  private readonly baseId: string;
  private readonly ajv = createAjv({ allErrors: true });
  private readonly compiled = new Map<string, { validate: ValidateFunction; name: string }>();

  constructor(
    readonly api: SpecName,
    readonly path: string,
  ) {
    this.walker = walkSpec(api);
    this.baseId = `https://jobwatch.local/contract/${api}.strict.json`;
    const components = structuredClone((this.walker.document.components ?? {}) as Node);
    components.schemas = strictify(components.schemas);
    this.ajv.addSchema({ $id: this.baseId, components });
  }

  /** Whether the spec documents this status for the operation, and with which media types. */
  documented(status: number): DocumentedResponse {
    const response = this.walker.response(this.path, status);
    if (!response) return { documented: false, mediaTypes: [] };
    return { documented: true, mediaTypes: [...response.content.keys()] };
  }

  private validator(
    status: number,
    mediaType: string,
  ): { validate: ValidateFunction; name: string } | undefined {
    const key = `${status} ${mediaType}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const schema = this.walker.response(this.path, status)?.content.get(mediaType);
    if (!schema) return undefined;
    const name = typeof schema.$ref === 'string' ? componentName(schema.$ref) : 'inline schema';
    const rebased = JSON.parse(JSON.stringify(strictify(schema)).replaceAll('"#/', `"${this.baseId}#/`));
    const entry = { validate: this.ajv.compile(rebased), name };
    this.compiled.set(key, entry);
    return entry;
  }

  /**
   * Validates a body against the schema the spec gives for (status, media type). When the media type is not
   * documented, the first documented one is used so that the body is still judged.
   */
  validate(status: number, mediaType: string, body: unknown): SchemaIssue[] {
    const { mediaTypes } = this.documented(status);
    const chosen = mediaTypes.includes(mediaType) ? mediaType : mediaTypes[0];
    if (!chosen) return [];
    const entry = this.validator(status, chosen);
    if (!entry) return [];
    if (entry.validate(body)) return [];
    return toIssues(entry.validate.errors ?? [], body, entry.name);
  }
}

function describeExpected(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `type ${String(p.type)}`;
    case 'enum':
      return `one of ${preview(p.allowedValues)}`;
    case 'const':
      return preview(p.allowedValue);
    case 'format':
      return `format "${String(p.format)}"`;
    case 'pattern':
      return `a string matching ${String(p.pattern)}`;
    default:
      return error.message ?? error.keyword;
  }
}

/** Turns ajv errors into issues; anyOf/oneOf branches collapse into one issue listing the alternatives. */
export function toIssues(errors: readonly ErrorObject[], body: unknown, schemaName: string): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  for (const error of errors) {
    const steps = pointerToPath(error.instancePath);
    const union = unions.find(
      (u) =>
        u !== error &&
        u.instancePath === error.instancePath &&
        error.schemaPath.startsWith(`${u.schemaPath}/`),
    );
    if (union) continue;
    const p = error.params as Record<string, unknown>;
    if (error.keyword === 'unevaluatedProperties' || error.keyword === 'additionalProperties') {
      const field = String(p.unevaluatedProperty ?? p.additionalProperty);
      const full = [...steps, field];
      issues.push({
        path: jsonPath(full),
        problem: 'field not in the spec',
        expected: `no field "${field}" (the spec's ${schemaName} does not define it here)`,
        actual: preview(getAt(body, full), 600),
        schema: schemaName,
        keywordLocation: error.schemaPath,
        property: field,
      });
    } else if (error.keyword === 'required') {
      const field = String(p.missingProperty);
      issues.push({
        path: jsonPath([...steps, field]),
        problem: 'missing required field',
        expected: `field "${field}" present (required by ${schemaName})`,
        actual: 'absent',
        schema: schemaName,
        keywordLocation: error.schemaPath,
        property: field,
      });
    } else if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      const branches = errors
        .filter(
          (e) =>
            e !== error &&
            e.instancePath === error.instancePath &&
            e.schemaPath.startsWith(`${error.schemaPath}/`),
        )
        .map(describeExpected);
      issues.push({
        path: jsonPath(steps),
        problem: `matches none of the ${error.keyword} alternatives`,
        expected: branches.length ? branches.join(' or ') : (error.message ?? error.keyword),
        actual: preview(getAt(body, steps)),
        schema: schemaName,
        keywordLocation: error.schemaPath,
      });
    } else {
      issues.push({
        path: jsonPath(steps),
        problem: error.keyword === 'type' ? 'wrong type' : `violates "${error.keyword}"`,
        expected: describeExpected(error),
        actual: preview(getAt(body, steps)),
        schema: schemaName,
        keywordLocation: error.schemaPath,
      });
    }
  }
  return issues;
}
