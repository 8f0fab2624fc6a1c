// The shape of one API description: every fact of one API and revision that more than one package needs. Most
// fields are derived from the spec by describe.ts; the per-API modules add only the readings the spec states in
// prose (bit flags, case-insensitive ids, the first page).
import type { ApiName, SpecEnum, SpecName, SpecParameter, SpecWalker } from '@jobwatch/specs';

export type { ApiName, SpecName };

/** How an API writes instants in the query. */
export type TimeFormat = 'iso' | 'ticks';

/** Steps into a JSON body, e.g. `['data', 'totalCount']`. */
export type JsonPath = readonly string[];

/** An enum query filter (type, status, level) and how a job shows it. */
export interface EnumFilter {
  /** The query parameter. */
  readonly param: string;
  /** The filter's enum as the spec lists it, "all" included, with `x-enum-varnames` and descriptions. */
  readonly filterEnum: SpecEnum<number>;
  /** The value that means "all" (0), or null when the filter has none. */
  readonly all: number | null;
  /** The query values that each select one kind of job ("all" excluded), in spec order. */
  readonly values: readonly number[];
  /** The identifier of each of `values` (`Backup`, `InProgress`), from `x-enum-varnames`. */
  readonly names: readonly string[];
  /** The words for each of `values` (`On-demand backup`), from `x-enum-descriptions`. */
  readonly descriptions: readonly string[];
  /** Bit flags: a query value may OR several values together (Dynamics 2024-10 type). */
  readonly flags: boolean;
  /** The job field it filters on; null when the response does not show it (Salesforce level). */
  readonly field: string | null;
  /** What the job field holds: the value (`20`) or its name (`"Backup"`). */
  readonly rendered: 'value' | 'name';
  /** The single query value that selects a job showing `jobValue`; undefined for an unknown value. */
  valueOf(jobValue: unknown): number | undefined;
  /** What a job shows for a query value (its value, or its name). */
  render(value: number): number | string;
}

/** One family of counts of a job: the parts add up to the total when the job is not in progress (decision 6). */
export interface CountGroup {
  /** `Records`, `Entity`, … (the common suffix). */
  readonly noun: string;
  readonly total: string;
  readonly successful: string;
  readonly failed: string;
  /** null where the API has no such count (Salesforce metadata has no skipped count). */
  readonly skipped: string | null;
  readonly warning: string | null;
  /** Every part, in the order the spec lists the properties. */
  readonly parts: readonly string[];
}

/** Where the API puts the per-response ids and the repeated status, on success and on error. */
export interface EnvelopeField {
  readonly path: JsonPath;
  readonly kind: 'httpStatus' | 'requestId' | 'timestamp' | 'traceId';
  /** The `pattern` the spec gives it, if any. */
  readonly pattern: RegExp | null;
}

export interface ApiDescription {
  readonly api: ApiName;
  /** The revision of the vendor's page the spec follows (`2024-10`). */
  readonly revision: string;
  /** The spec document (`@jobwatch/specs` name) the description is derived from. */
  readonly spec: SpecName;
  /** The walker over that spec, for consumers that need more than the description holds. */
  readonly walker: SpecWalker;
  /** `Cloud Backup for Salesforce`. */
  readonly title: string;
  readonly operationId: string;
  /** The operation path, `/backup/sfbapi/jobs`. */
  readonly path: string;
  readonly method: 'get';
  /** The OAuth scope the operation requires (scopes compare case-insensitively, decision 4). */
  readonly scope: string;
  /** The query parameters, in spec order. */
  readonly params: readonly SpecParameter[];
  readonly time: {
    readonly format: TimeFormat;
    /** The canonical names of the range bounds, and the deprecated aliases of each (`endTime`). */
    readonly start: string;
    readonly finish: string;
    readonly finishAliases: readonly string[];
    /** Formats an instant (ticks) as this API's query value: digits of ticks, or ISO 8601. */
    formatQuery(ticks: bigint): string;
    /** Reads a query value of this API to ticks; undefined when malformed. */
    parseQuery(text: string): bigint | undefined;
  };
  readonly paging: {
    readonly pageIndex: string;
    readonly pageSize: string;
    /** pageIndex of the first page (both APIs count from 1). */
    readonly firstPage: number;
    /** pageIndex values that also give the first page (`undefined` = absent; Salesforce also 0, decision 7). */
    readonly firstPageAliases: readonly (number | undefined)[];
    /** The least pageIndex the spec admits. */
    readonly minPageIndex: number;
    readonly maxPageIndex: number;
    readonly defaultPageSize: number;
    readonly maxPageSize: number;
  };
  /** The 200 body: its schema, and where it keeps the total, the jobs and the next link. */
  readonly page: {
    readonly schema: string;
    readonly total: JsonPath;
    readonly jobs: JsonPath;
    /** null when the API has no next link (Dynamics 2024-10, decision 18). */
    readonly nextLink: JsonPath | null;
  };
  readonly job: {
    readonly schema: string;
    readonly id: string;
    readonly startTime: string;
    readonly finishTime: string;
    /** What finishTime is while a job is in progress: `null` (Salesforce) or absent (Dynamics). */
    readonly finishWhileInProgress: 'null' | 'absent';
    /** The status value (query form) of a job in progress. */
    readonly inProgressStatus: number;
    readonly counts: readonly CountGroup[];
    /** Every property of the job schema, in spec order. */
    readonly fields: readonly string[];
  };
  readonly filters: {
    readonly type: EnumFilter;
    readonly status: EnumFilter;
    readonly level: EnumFilter | null;
  };
  readonly organization: {
    readonly param: string;
    readonly field: string;
    /** GUIDs compare case-insensitively (Dynamics, decision 24); Salesforce ids are case-sensitive. */
    readonly caseInsensitive: boolean;
    /** The `pattern` of the parameter's schema, if any (Salesforce 15/18-character ids). */
    readonly pattern: RegExp | null;
    readonly format: string | null;
  };
  readonly errors: {
    /** The content type of every error body. */
    readonly contentType: string;
    /** The schema of a 400 body and of any other error body. */
    readonly badRequestSchema: string;
    readonly schema: string;
    /** Where an error body repeats the HTTP status. */
    readonly status: JsonPath;
    /**
     * Where an error body names the offending parameters: a list of objects with a field (`errors[*].field`,
     * Salesforce) or an object keyed by parameter (`errors.<name>`, RFC 9457 validation problems).
     */
    readonly names: { readonly at: JsonPath; readonly form: 'list' | 'map'; readonly key: string | null };
    /** The parameters an error body names; undefined when it names none in the documented place. */
    namedParameters(body: unknown): string[] | undefined;
  };
  readonly envelope: {
    readonly success: readonly EnvelopeField[];
    readonly error: readonly EnvelopeField[];
    /** Where a body repeats the `request-id` header, if it does. */
    readonly requestIdMatchesHeader: JsonPath | null;
  };
}
