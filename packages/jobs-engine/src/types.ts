// The contract between the engine (data + queries, pure TypeScript, no HTTP) and its users (the mock server).
// Each API's differences live in one profile module (src/profiles/<api>.ts) implementing ApiProfile.

import type { ApiName } from '@jobwatch/api-descriptions';

/** The APIs, as @jobwatch/specs names them (the one definition). */
export type { ApiName };

/** What a dataset is a pure function of: the same options give byte-identical jobs in any process. */
export interface DatasetOptions {
  /** Integer seed. */
  seed: number;
  /**
   * About how many generated jobs per API to keep behind "now" (scenario jobs come on top): the history is as
   * many days as the orgs' schedules need to run about this many jobs (engine/plan.ts).
   */
  jobs: number;
  /** Organizations per API. Default: grows with `jobs` (engine/plan.ts defaultOrganizations). */
  orgs?: number;
  /** The dataset's "now": the default instant of its answers. Jobs are functions of absolute time, not of it. */
  now: Date;
  /** Exact jobs added on top of the generated ones (see scenario.ts for the file format). */
  scenario?: Scenario;
  /** Most per-job JSON texts kept in memory (default 100,000; 0 disables the cache). */
  jsonCacheSize?: number;
  /**
   * Columns generated elsewhere for these options (`generateDatasetColumns`, e.g. in a worker thread while this
   * thread builds the other API), asked for when the dataset needs them; used only if they were generated for
   * the same options (else, or when the function gives null, the dataset generates its own).
   */
  prebuilt?: (api: ApiName) => PrebuiltColumns | null;
}

/**
 * The generated columns of a dataset and their filter index (`generateDatasetColumns`), as they come through
 * structured clone.
 */
export interface PrebuiltColumns {
  /** What they were generated for (API, seed, organizations, history, end, scenario jobs). */
  readonly identity: string;
  readonly size: number;
  readonly columns: Readonly<Record<string, unknown>>;
  /** The index over the columns (engine/filter-index.ts FilterIndexState); checked against them when taken. */
  readonly index?: unknown;
  /** Every buffer of the columns and the index: the transfer list that moves them instead of copying them. */
  readonly buffers?: readonly ArrayBuffer[];
}

/** A query in engine terms. Bounds are inclusive; `null` means no filter on that dimension. */
export interface JobQuery {
  /** Inclusive lower bound of a job's startTime, epoch milliseconds. */
  fromMs: number;
  /** Inclusive upper bound of a job's startTime, epoch milliseconds. */
  toMs: number;
  /** API-native type codes to match (Salesforce 1..22; Dynamics flags 1,2,4,8,16,32); null = all. */
  types: readonly number[] | null;
  /** API-native status code to match; null = all. */
  status: number | null;
  /** Salesforce hidden run level 1..6; null = all. Always null for Dynamics. */
  level: number | null;
  /** Organization id as the API writes it, already normalised by the profile; null = all. */
  organizationId: string | null;
  /** Matching jobs to skip (newest first). */
  offset: number;
  /** Page size. */
  limit: number;
}

/** One page of matches, newest first (startTime desc, jobId desc). */
export interface JobPage {
  /** All matches over all pages. */
  total: number;
  /** The page's jobs, each already serialised as the API's JSON object text (cached per job). */
  jobsJson: readonly string[];
}

/**
 * How a page writes a job's enum fields (type, status): as the spec's value (`1`, `3`; Salesforce, Dynamics
 * 2025-04) or as its name (`"Backup"`, `"Finished"`; Dynamics 2024-10). One dataset serves every revision of an
 * API: the jobs are the same, only their rendering differs.
 */
export type EnumRendering = 'value' | 'name';

export interface JobsDataset {
  readonly api: ApiName;
  /** Jobs in the dataset, generated + scenario. */
  readonly size: number;
  readonly organizations: readonly OrganizationInfo[];
  /**
   * The page as of instant `atMs` (epoch ms; default: the dataset's now), each job's enums rendered as `enums`
   * says (default: the API's first revision).
   */
  query(query: JobQuery, atMs?: number, enums?: EnumRendering): JobPage;
}

export interface OrganizationInfo {
  /** Salesforce: 18-character `00D…` id; Dynamics: lower-case GUID. */
  id: string;
  /** Display name (Dynamics `organizationName`; Salesforce: for humans only). */
  name: string;
}

/** One rejected parameter, in API-neutral form; the profile renders it in the API's error shape. */
export interface ParamProblem {
  /** The parameter (or header) at fault, by its canonical spec name, e.g. `pageSize`, `Authorization`. */
  field: string | null;
  /** Machine-readable code: MissingParameter | InvalidParameter | DuplicateParameter | InvalidRange | Unauthorized | Forbidden | TooManyRequests | InternalError | UriTooLong | NotFound */
  code: string;
  /** Human-readable, never empty, never carries a secret. */
  message: string;
}

/** Per-response ids every response carries (decision 0009): the only bytes that differ between replicas. */
export interface ResponseMeta {
  requestId: string;
  timestamp: string;
  traceId: string;
}

/**
 * Query parameters after the server has matched names case-insensitively, rejected repeats, and validated each
 * value against the spec's schema. Integer values are numbers, except int64 ticks, which are BigInt.
 */
export type ValidatedParams = Record<string, string | number | bigint | undefined>;

/** Everything in which the two APIs differ. The engine, the server routes and the contract checks are generic. */
export interface ApiProfile {
  readonly api: ApiName;
  /** The revision of the API's page this profile serves (`2024-10`, `2025-04`). */
  readonly revision: string;
  /** How its pages write a job's enums; the dataset renders (and caches) each job that way. */
  readonly enums: EnumRendering;
  /** The spec's operation path, e.g. `/backup/sfbapi/jobs`. */
  readonly path: string;
  /** The OAuth scope the endpoint requires (compare case-insensitively). */
  readonly scope: string;
  /** Content type of error bodies: `application/json` or `application/problem+json`. */
  readonly errorContentType: string;
  /** Whether its pages carry a `nextLink` (the spec's page has one): a server checks such a link's length. */
  readonly nextLink: boolean;
  /** Semantic checks the spec cannot express (calendar dates, inverted range, alias conflict), then the engine query. */
  toQuery(params: ValidatedParams): JobQuery | ParamProblem[];
  /**
   * The whole 200 body as JSON text. `requestUrl` is the absolute URL of the request (for nextLink): a URL, or
   * anything with its `origin`, `pathname` and `search` (a server can pass the request target's parts as they are).
   */
  renderPage(
    page: JobPage,
    query: JobQuery,
    params: ValidatedParams,
    requestUrl: RequestUrl,
    meta: ResponseMeta,
  ): string;
  /**
   * Optional: the 200 body split around the per-response ids, `renderPage(…) === renderPageHead(…) +
   * renderMetaTail(meta)`. The head is a function of the page, query and request URL only, so a server can cache
   * it and splice fresh ids in per response.
   */
  renderPageHead?(page: JobPage, query: JobQuery, params: ValidatedParams, requestUrl: RequestUrl): string;
  renderMetaTail?(meta: ResponseMeta): string;
  /** The whole error body as JSON text, in the API's documented shape. */
  renderError(status: number, problems: readonly ParamProblem[], meta: ResponseMeta): string;
}

/** The parts of a request's absolute URL that nextLink is built from (a `URL` has them). */
export type RequestUrl = Pick<URL, 'origin' | 'pathname' | 'search'>;

/** A profile that splits its 200 bodies (both built-in profiles do). */
export type SplitPageProfile = ApiProfile & Required<Pick<ApiProfile, 'renderPageHead' | 'renderMetaTail'>>;

/** Scenario: exact jobs a user's test sets up on top of the generated ones. */
export interface Scenario {
  salesforce?: ScenarioJob[];
  dynamics365?: ScenarioJob[];
  /** Organizations (ids as the API writes them) whose generated jobs are switched off, per API. */
  generatedOff?: Partial<Record<ApiName, string[]>>;
  /** Where the scenario came from (a file name), for error messages; set by parseScenario. */
  source?: string;
}

/** Loosely typed here; scenario.ts validates each field and names the problem when one is wrong. */
export type ScenarioJob = Record<string, unknown>;
