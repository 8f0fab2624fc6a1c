// What the generic checks need to know about one API. Everything in which the two APIs differ lives in one
// description per API (apis/salesforce.ts, apis/dynamics365.ts); the checks never test an API's name.
import type { ApiName, SpecName } from '@jobwatch/specs';
import type { Provenance } from '../checks/provenance.js';
import type { JsonPath } from '../util/json.js';

export type TimeFormat = 'iso' | 'ticks';

/** An enum query filter (status, type, level) and how it relates to what a job shows. */
export type EnumFilter = {
  /** The query parameter. */
  param: string;
  /** The job field it filters on; undefined when the response does not show it (Salesforce level). */
  field?: string;
  /** Query values that each select one kind of job (no "all"), read from the spec. */
  values: readonly number[];
  /** The query value that means "all", when the API has one. */
  allValue?: number;
  /** Bit flags: a query value may OR several values together (Dynamics type). */
  flags?: boolean;
  /** The single query value that selects a job showing this value; undefined when the value is unknown. */
  queryValueOf(jobValue: unknown): number | undefined;
};

/** An error case: how to break a valid query, and which parameter the 400 must name (any of `names`). */
export type ErrorCase = {
  kind: 'missing' | 'malformed' | 'inverted';
  description: string;
  /** Applied to a valid query (window, pageSize); may delete, set or append parameters. */
  apply(query: URLSearchParams): void;
  names: readonly string[];
  /** The rule that makes this value a 400; default: the check's (a malformed value is a 400, reading 1). */
  rule?: Provenance;
};

/** A body field checked on every response of a kind. */
export type EnvelopeField = {
  path: JsonPath;
  kind: 'httpStatus' | 'requestId' | 'timestamp' | 'traceId';
  /** The shape the spec gives it, read from the spec. */
  pattern?: RegExp;
  /** The rule that the field is there (and repeats the status, or is the request's time). */
  rule: Provenance;
  /** The rule behind `pattern`, when it is not `rule`. */
  patternRule?: Provenance;
};

/** A keyword of the spec's response schemas that rests on another rule than the schema check's own. */
export type SchemaRule = {
  /** The component schema, e.g. `RequestIdValue`. */
  schema: string;
  /** The failing keyword, e.g. `pattern`, `required`. */
  keyword: string;
  /** For `required` (and extra fields): the field it is about. */
  property?: string;
  rule: Provenance;
};

export type ApiDescription = {
  name: ApiName;
  /** The revision of the vendor's page this description follows (`2024-10`, `2025-04`); reports name it. */
  revision: string;
  /** The spec of that revision, whose response schemas the schema check compiles. */
  spec: SpecName;
  /** Parameters every query carries besides the time range (2025-04 requires `type`: `0`, all types). */
  fixedParams?: Readonly<Record<string, string>>;
  title: string;
  /** The operation path, e.g. `/backup/sfbapi/jobs`. */
  path: string;
  /** The scope to request for this API. */
  scope: string;
  timeFormat: TimeFormat;
  /** Formats an instant (ticks) as this API's time query value. */
  formatTime(ticks: bigint): string;
  params: { startTime: string; finishTime: string; pageIndex: string; pageSize: string };
  paging: {
    /** pageIndex of the first page. */
    firstPage: number;
    /** pageIndex values that must all give the first page; undefined = parameter absent. */
    firstPageAliases: readonly (number | undefined)[];
    defaultPageSize: number;
    maxPageSize: number;
  };
  /** Where a page keeps its parts. */
  page: { total: JsonPath; jobs: JsonPath; nextLink?: JsonPath };
  job: {
    id: string;
    startTime: string;
    finishTime: string;
    /** Whether a job (as the response shows it) is in progress. */
    inProgress(job: Record<string, unknown>): boolean;
    /** What finishTime is while a job is in progress: null (Salesforce) or absent (Dynamics). */
    finishWhileInProgress: 'null' | 'absent';
    /** Counts that add up (decision 6): parts = total when finished, ≤ total while in progress. */
    counts: readonly { parts: readonly string[]; total: string }[];
  };
  filters: { status: EnumFilter; type: EnumFilter; level?: EnumFilter };
  organization: {
    param: string;
    field: string;
    /** Other spellings of an id that must select the same jobs (case, short form). */
    variants(id: string): string[];
    /** The rule that makes those spellings equal. */
    variantRule: Provenance;
  };
  errors: {
    /** The content type every error response carries. */
    contentType: string;
    /** Where an error body repeats the HTTP status. */
    status: JsonPath;
    /** The parameters an error body names, or undefined when it names none in the documented place. */
    namedParameters(body: unknown): string[] | undefined;
    /** Where the named parameters are documented to be (for reports). */
    namesAt: string;
    cases: readonly ErrorCase[];
    /** The rule behind the error shape: content type, the repeated status, the named parameter. */
    rule: Provenance;
  };
  envelope: {
    success: readonly EnvelopeField[];
    error: readonly EnvelopeField[];
    /** When the body's request id must equal the request-id header: the rule that says so. */
    requestIdMatchesHeader?: Provenance;
  };
  /** Schema keywords that rest on their own rule (an own choice written into the spec). */
  schemaRules: readonly SchemaRule[];
  /** How `--record` writes the jobs a run saw as the mock's scenario file (decision 0007). */
  record: RecordSpec;
};

export type RecordSpec = {
  /** The scenario file's list for this API (`salesforce`, `dynamics365`). */
  scenarioKey: ApiName;
  /** The revision of the vendor page the jobs were read in, for the file's header. */
  revision: string;
  /** The spec's job schema: only the fields it defines are written. */
  jobSchema: string;
  /** Fields the mock derives itself from others (written fields must not include them). */
  derived: readonly string[];
  /** The shape of a fake organization id: a Salesforce `00D…` id with its checksum, or a GUID. */
  organizationIds: 'salesforce' | 'guid';
  /** The job field that names the organization, when jobs show one. */
  organizationName?: string;
  /** Job fields the mock keeps per organization (Dynamics `module`), not per job. */
  organizationTraits: readonly string[];
};
