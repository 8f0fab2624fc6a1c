// Derives an ApiDescription from a spec, once, at import: the path, scope, parameters, time format, paging bounds,
// enums with their names, the page and error shapes are read from the document; the per-API modules pass only
// the readings the spec states in prose. A spec that lacks what a description needs fails here, at start-up,
// naming what is missing.
import { componentName, isNode, type SpecNode, type SpecWalker, walkSpec } from '@jobwatch/specs';
import { isoToTicks, ticksToIso } from './ticks.js';
import type { ApiDescription, ApiName, CountGroup, EnumFilter, EnvelopeField, SpecName } from './types.js';

/** What an API's spec says only in prose, or what the project decided where the vendor is silent. */
export interface ApiReadings {
  readonly api: ApiName;
  readonly revision: string;
  readonly spec: SpecName;
  /** The type filter is a set of bit flags OR-ed together (Dynamics, decision 19). */
  readonly typeFlags: boolean;
  /** Organization ids compare case-insensitively (Dynamics GUIDs, decision 24). */
  readonly organizationCaseInsensitive: boolean;
}

const COUNT_PART = /^(successful|failed|skipped|warning|total)(.+)$/;

function fail(spec: SpecName, what: string): never {
  throw new Error(`spec ${spec}: ${what}`);
}

/** The raw (unresolved) properties of an object schema, so that `$ref` names stay visible. */
function rawProperties(walker: SpecWalker, schema: unknown): Map<string, SpecNode> {
  const node = walker.resolve(schema);
  const out = new Map<string, SpecNode>();
  for (const [key, value] of Object.entries(isNode(node.properties) ? node.properties : {})) {
    if (isNode(value)) out.set(key, value);
  }
  return out;
}

function refName(schema: SpecNode): string | null {
  return typeof schema.$ref === 'string' ? componentName(schema.$ref) : null;
}

function types(walker: SpecWalker, schema: unknown): Set<string> {
  return new Set(walker.schemaFacts(schema).types);
}

/** The named enum (one with `x-enum-varnames`) a parameter's schema is, or is a union member of. */
function namedEnumSchema(walker: SpecWalker, schema: SpecNode): string | null {
  const name = refName(schema);
  const node = walker.resolve(schema);
  if (name && Array.isArray(node.enum) && Array.isArray(node['x-enum-varnames'])) return name;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    for (const member of list) {
      const found = isNode(member) ? namedEnumSchema(walker, member) : null;
      if (found) return found;
    }
  }
  return null;
}

/** Finds the jobs array of a page: the path to it, and the object schema that holds it. */
function findJobs(
  walker: SpecWalker,
  schema: unknown,
  path: string[] = [],
): { path: string[]; holder: SpecNode; items: SpecNode } | null {
  const node = walker.resolve(schema);
  for (const [key, raw] of rawProperties(walker, node)) {
    const property = walker.resolve(raw);
    if (property.type === 'array' && isNode(property.items)) {
      return { path: [...path, key], holder: node, items: property.items };
    }
  }
  for (const [key, raw] of rawProperties(walker, node)) {
    if (walker.resolve(raw).type === 'object') {
      const found = findJobs(walker, raw, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function envelopeFields(walker: SpecWalker, schema: unknown): EnvelopeField[] {
  const fields: EnvelopeField[] = [];
  for (const [name, raw] of rawProperties(walker, schema)) {
    const kind =
      name === 'statusCode' || name === 'status'
        ? 'httpStatus'
        : name === 'requestId' || name === 'timestamp' || name === 'traceId'
          ? name
          : null;
    if (kind === null) continue;
    const { pattern } = walker.schemaFacts(raw);
    fields.push({ path: [name], kind, pattern: pattern === null ? null : new RegExp(pattern) });
  }
  return fields;
}

function countGroups(fields: readonly string[]): CountGroup[] {
  const byNoun = new Map<string, Map<string, string>>();
  for (const field of fields) {
    const m = COUNT_PART.exec(field);
    if (!m) continue;
    const parts = byNoun.get(m[2]!) ?? new Map<string, string>();
    parts.set(m[1]!, field);
    byNoun.set(m[2]!, parts);
  }
  const groups: CountGroup[] = [];
  for (const [noun, parts] of byNoun) {
    const total = parts.get('total');
    const successful = parts.get('successful');
    const failed = parts.get('failed');
    if (!total || !successful || !failed) continue;
    groups.push({
      noun,
      total,
      successful,
      failed,
      skipped: parts.get('skipped') ?? null,
      warning: parts.get('warning') ?? null,
      parts: [...parts.entries()].filter(([kind]) => kind !== 'total').map(([, field]) => field),
    });
  }
  return groups;
}

/** The description of one API and revision; `walker` defaults to the spec's own (tests pass an altered one). */
export function describeApi(
  readings: ApiReadings,
  walker: SpecWalker = walkSpec(readings.spec),
): ApiDescription {
  const { spec } = readings;
  const { path, method, operation } = walker.onlyOperation();
  if (method !== 'get') fail(spec, `expected a GET operation, found ${method.toUpperCase()} ${path}`);
  const operationId = typeof operation.operationId === 'string' ? operation.operationId : '';
  const info = isNode(walker.document.info) ? walker.document.info : {};
  const title = String(info.title ?? spec).split(' — ')[0]!;
  const [scope, ...moreScopes] = walker.scopes(path);
  if (!scope || moreScopes.length > 0) fail(spec, `expected one OAuth scope on ${path}`);

  const params = walker.parameters(path);
  const param = (name: string) => params.find((p) => p.name === name) ?? fail(spec, `no parameter ${name}`);

  // Time: both bounds are required; ticks are int64 integers, ISO times are strings.
  const start = param('startTime');
  const finish = param('finishTime');
  const format = start.facts.formats.has('int64') ? 'ticks' : 'iso';
  const finishAliases = params.filter((p) => p.aliasOf === finish.name).map((p) => p.name);

  // Paging: pages count from 1 in both APIs (decisions 7 and 18); a pageIndex the spec admits below 1 (Salesforce
  // 0) is the first page too.
  const pageIndex = param('pageIndex').facts;
  const pageSize = param('pageSize').facts;
  const minPageIndex = Number(pageIndex.minimum ?? 1n);
  const firstPageAliases: (number | undefined)[] = [undefined];
  for (let i = minPageIndex; i < 1; i++) firstPageAliases.push(i);

  // The page: the 200 JSON body holds one array of jobs, beside its total and (maybe) its next link.
  const ok = walker.response(path, 200) ?? fail(spec, `no 200 response on ${path}`);
  const pageSchema = ok.content.get('application/json') ?? fail(spec, 'the 200 response is not JSON');
  const jobs = findJobs(walker, pageSchema) ?? fail(spec, 'the 200 body has no array of jobs');
  const holder = rawProperties(walker, jobs.holder);
  const parentPath = jobs.path.slice(0, -1);
  const totals = [...holder.keys()].filter(
    (k) => k.startsWith('total') && types(walker, holder.get(k)).has('integer'),
  );
  if (totals.length !== 1)
    fail(spec, `expected one integer total* beside the jobs, found ${totals.join(', ')}`);
  const nextLink = holder.has('nextLink') ? [...parentPath, 'nextLink'] : null;

  // The job.
  const jobSchema = refName(jobs.items) ?? fail(spec, 'the jobs array items are not a $ref to a job schema');
  const jobProperties = rawProperties(walker, jobs.items);
  const fields = [...jobProperties.keys()];
  for (const field of ['jobId', 'startTime', 'finishTime', 'status', 'type']) {
    if (!jobProperties.has(field)) fail(spec, `job schema ${jobSchema} has no ${field}`);
  }
  const finishTypes = types(walker, jobProperties.get('finishTime'));
  const finishRequired = walker.required(jobs.items).has('finishTime');
  if (!finishTypes.has('null') && finishRequired) {
    fail(spec, `${jobSchema}.finishTime is required and not nullable: how is a job in progress written?`);
  }

  // Enum filters: each query parameter's named enum, and the job field of the same name.
  const filter = (name: string, flags: boolean): EnumFilter => {
    const p = param(name);
    const enumName = namedEnumSchema(walker, p.schema) ?? fail(spec, `parameter ${name} has no named enum`);
    const filterEnum = walker.enum<number>(enumName);
    const allIndex = filterEnum.names.indexOf('All');
    const all = allIndex === -1 ? null : filterEnum.values[allIndex]!;
    const indexes = filterEnum.values.map((_, i) => i).filter((i) => i !== allIndex);
    const values = indexes.map((i) => filterEnum.values[i]!);
    const names = indexes.map((i) => filterEnum.names[i]!);
    const jobField = jobProperties.get(name);
    const rendered = jobField && types(walker, jobField).has('string') ? 'name' : 'value';
    const known = new Set(values);
    return {
      param: name,
      filterEnum,
      all,
      values,
      names,
      descriptions: indexes.map((i) => filterEnum.descriptions[i]!),
      flags,
      field: jobField ? name : null,
      rendered,
      valueOf: (jobValue) => {
        const value =
          rendered === 'name' && typeof jobValue === 'string' ? filterEnum.valueOf(jobValue) : jobValue;
        return typeof value === 'number' && known.has(value) ? value : undefined;
      },
      render: (value) => (rendered === 'name' ? (filterEnum.nameOf(value) ?? String(value)) : value),
    };
  };
  const status = filter('status', false);
  const inProgressStatus =
    status.filterEnum.valueOf('InProgress') ?? fail(spec, 'the status enum has no InProgress');

  // Errors: every 4xx/5xx shares one content type; a 400 may have its own schema (validation problems).
  const errorResponses = walker.responses(path).filter((r) => Number(r.status) >= 400);
  const bad = walker.response(path, 400) ?? fail(spec, `no 400 response on ${path}`);
  const [contentType, badSchema] = [...bad.content][0] ?? fail(spec, 'the 400 response has no content');
  for (const response of errorResponses) {
    if (!response.content.has(contentType))
      fail(spec, `the ${response.status} response is not ${contentType}`);
  }
  const other = errorResponses.find((r) => r.status !== '400')?.content.get(contentType) ?? badSchema;
  const errorProperties = rawProperties(walker, badSchema);
  const statusField = ['statusCode', 'status'].find((k) => errorProperties.has(k));
  if (!statusField) fail(spec, 'the 400 body does not repeat the status');
  const errorsProperty = errorProperties.get('errors') ?? fail(spec, 'the 400 body has no errors');
  const errorsNode = walker.resolve(errorsProperty);
  const names: ApiDescription['errors']['names'] =
    errorsNode.type === 'array'
      ? {
          at: ['errors'],
          form: 'list',
          key: rawProperties(walker, errorsNode.items).has('field') ? 'field' : null,
        }
      : { at: ['errors'], form: 'map', key: null };

  const success = envelopeFields(walker, pageSchema);
  const pattern = start.facts.pattern;
  const org = param('organizationId').facts;
  return {
    api: readings.api,
    revision: readings.revision,
    spec,
    walker,
    title,
    operationId,
    path,
    method: 'get',
    scope,
    params,
    time: {
      format,
      start: start.name,
      finish: finish.name,
      finishAliases,
      formatQuery:
        format === 'ticks' ? (ticks) => ticks.toString() : (ticks) => ticksToIso(ticks, 'shortest'),
      parseQuery:
        format === 'ticks'
          ? (text) => (/^\d{1,19}$/.test(text) ? BigInt(text) : undefined)
          : (text) => (pattern === null || new RegExp(pattern).test(text) ? isoToTicks(text) : undefined),
    },
    paging: {
      pageIndex: 'pageIndex',
      pageSize: 'pageSize',
      firstPage: 1,
      firstPageAliases,
      minPageIndex,
      maxPageIndex: Number(pageIndex.maximum ?? 2147483647n),
      defaultPageSize: Number(pageSize.default ?? 10),
      maxPageSize: Number(pageSize.maximum ?? fail(spec, 'pageSize has no maximum')),
    },
    page: {
      schema: refName(pageSchema) ?? fail(spec, 'the 200 schema is not a $ref'),
      total: [...parentPath, totals[0]!],
      jobs: jobs.path,
      nextLink,
    },
    job: {
      schema: jobSchema,
      id: 'jobId',
      startTime: 'startTime',
      finishTime: 'finishTime',
      finishWhileInProgress: finishTypes.has('null') ? 'null' : 'absent',
      inProgressStatus,
      counts: countGroups(fields),
      fields,
    },
    filters: {
      type: filter('type', readings.typeFlags),
      status,
      level: params.some((p) => p.name === 'level') ? filter('level', false) : null,
    },
    organization: {
      param: 'organizationId',
      field: 'organizationId',
      caseInsensitive: readings.organizationCaseInsensitive,
      pattern: org.pattern === null ? null : new RegExp(org.pattern),
      format: [...org.formats][0] ?? null,
    },
    errors: {
      contentType,
      badRequestSchema: refName(badSchema) ?? fail(spec, 'the 400 schema is not a $ref'),
      schema: refName(other) ?? fail(spec, 'an error schema is not a $ref'),
      status: [statusField],
      names,
      namedParameters: (body) => {
        const errors = isNode(body) ? body.errors : undefined;
        if (names.form === 'map') return isNode(errors) ? Object.keys(errors) : undefined;
        if (!Array.isArray(errors)) return undefined;
        return errors
          .map((e) => (isNode(e) && names.key ? e[names.key] : undefined))
          .filter((f): f is string => typeof f === 'string');
      },
    },
    envelope: {
      success,
      error: envelopeFields(walker, badSchema),
      requestIdMatchesHeader: success.some((f) => f.kind === 'requestId') ? ['requestId'] : null,
    },
  };
}
