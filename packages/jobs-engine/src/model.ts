// What the generic generator, index and scenario loader need to know about one API. Each API implements it once,
// in models/<api>.ts (its tables: types, statuses, levels, org traits, job ids, counts, JSON rendering).

import type { EnumFilter } from '@jobwatch/api-descriptions';
import type { Rng } from './random.js';
import { cumulativeWeights } from './random.js';
import type { ApiName, EnumRendering, OrganizationInfo } from './types.js';

/** An organization as the generator sees it: its public id and name plus the traits that size its jobs. */
export interface OrgProfile extends OrganizationInfo {
  /** Relative share of the API's jobs (bigger orgs run more often). */
  readonly weight: number;
  /** Salesforce objects / Dynamics entities in the org. */
  readonly objects: number;
  /** Records in the org. */
  readonly records: number;
  /** Salesforce metadata items (0 for Dynamics). */
  readonly metadata: number;
  /** Average stored bytes per record. */
  readonly recordBytes: number;
  /** Which of the API's type mixes the org follows (e.g. Salesforce orgs with continuous data protection). */
  readonly mix: number;
  /** Dynamics 365 module (`Customer Engagement` | `Finance and Operations`); absent for Salesforce. */
  readonly module?: string;
}

export interface TypeSpec {
  /** The API's filter code: Salesforce 1..22, Dynamics flag 1, 2, 4, … 32. */
  readonly code: number;
  /** The API's name for it (Dynamics renders it). */
  readonly name: string;
  /** Share of the job mix. */
  readonly weight: number;
  /** Runs at the org's scheduled time (others start at any time within their slot). */
  readonly scheduled: boolean;
}

/** What a status means for the counts of a job. */
export type Outcome = 'inProgress' | 'finished' | 'exception' | 'failed' | 'stopped' | 'skipped';

/** One family of counts, e.g. records: successful + skipped + failed (+ warning) = total. */
export interface CountGroup {
  readonly total: string;
  readonly successful: string;
  readonly failed: string;
  /** Absent where the API has no skipped count (Salesforce metadata). */
  readonly skipped?: string;
  /** Dynamics only. */
  readonly warning?: string;
}

/** The filter fields of one job plus what identifies it. */
export interface JobCore {
  /** Generation key: the seed of every lazily derived field. */
  readonly key: number;
  readonly typeIdx: number;
  readonly statusIdx: number;
  readonly levelIdx: number;
  readonly org: OrgProfile;
  readonly startMs: number;
  readonly jobId: string;
  /** The org's schedule the job belongs to (engine/plan.ts; AD_HOC for ad-hoc and scenario jobs). */
  readonly sched: number;
  /** JobFlags (engine/columns.ts). */
  readonly flags: number;
}

/** The fields of a job that no filter needs, derived only when a page shows the job. */
export interface JobDetails {
  /** null while in progress. */
  finishMs: number | null;
  /** Every number the API renders besides type/status (counts, sizes, API calls), by field name. */
  values: Record<string, number>;
}

export interface ApiModel {
  readonly api: ApiName;
  readonly types: readonly TypeSpec[];
  /** The API's status codes, by status index. */
  readonly statusCodes: readonly number[];
  /** The API's status names, by status index (used in messages and by Dynamics rendering). */
  readonly statusNames: readonly string[];
  readonly outcomes: readonly Outcome[];
  /** Hidden run levels (Salesforce 1..6); empty when the API has no level dimension. */
  readonly levelCodes: readonly number[];
  readonly levelNames: readonly string[];
  /** Status index of "in progress". */
  readonly inProgressStatus: number;
  /** Start times are multiples of this (Salesforce renders whole seconds). */
  readonly timeResolutionMs: number;
  /** No run lasts longer: only jobs that started within this window can still be in progress. */
  readonly maxRunMs: number;
  /** Digits at the end of a job id. */
  readonly suffixDigits: number;
  /** Every job id prefix, so that ties can be ordered by jobId without building strings. */
  readonly prefixes: readonly string[];
  readonly countGroups: readonly CountGroup[];
  /** Numeric fields besides the count groups, derived from the counts unless a scenario sets them. */
  readonly derivedFields: readonly string[];
  /** The org's recurring jobs (see engine/plan.ts): nightly backup, audit logs, retention, exports, CDP. */
  readonly schedules: readonly ScheduleSpec[];
  /** The mix of ad-hoc jobs (on demand, mostly in working hours): [type code, weight]. */
  readonly adHoc: readonly (readonly [code: number, weight: number])[];
  /** The ad-hoc type that is a full backup (at most one a day, in the morning), or null. */
  readonly adHocFullBackupCode: number | null;
  /** Soft cap of an ad-hoc run (hours): runs approach it and never reach it. */
  readonly adHocCapHours: number;

  createOrganizations(seed: number, count: number): OrgProfile[];
  /** An organization a scenario names that the generator did not create. */
  organizationFor(id: string, name: string | undefined, module: string | undefined, seed: number): OrgProfile;
  /** Normalises an organization id as the API compares it, or returns an error message. */
  normaliseOrganizationId(value: string): string | { error: string };

  prefixIndex(typeIdx: number, org: OrgProfile): number;
  formatJobId(prefixIdx: number, startMs: number, suffix: number): string;
  /** The start time (at the API's resolution) a job id in the generated form encodes; null for other ids. */
  jobIdTime(jobId: string): number | null;

  drawType(u: number, org: OrgProfile): number;
  /** Never the in-progress status: that follows from the duration. */
  drawStatus(u: number, typeIdx: number): number;
  drawLevel(u: number, typeIdx: number): number;

  /** Planned totals of a run (the same whatever the outcome). */
  planTotals(rng: Rng, job: JobCore): Record<string, number>;
  /** Fills the derived fields (sizes, API calls) and the run duration from the counts. */
  deriveFields(rng: Rng, job: JobCore, values: Record<string, number>, outcome: Outcome): number;
  /** How the API's first revision writes enums (the default rendering). */
  readonly defaultEnums: EnumRendering;
  /** The whole job as the API's JSON object text, its enums written as `enums` says. */
  renderJob(job: JobCore, details: JobDetails, enums: EnumRendering): string;
  /**
   * A job's text in the default rendering, rewritten to another (APIs with several revisions that write enums
   * differently and nothing else): the dataset caches one text per job and serves every revision from it. null
   * when the text is not one renderJob wrote.
   */
  reEnum?(defaultText: string, enums: EnumRendering): string | null;
}

/** One recurring job of an organization, in the org's own time zone. */
export interface ScheduleSpec {
  /**
   * `nightly`: once a day at the org's local backup time; `every`: every `everyHours` hours from the org's
   * nightly time on; `weekly`: once a week on the org's maintenance day.
   */
  readonly cadence: 'nightly' | 'every' | 'weekly';
  readonly typeCode: number;
  readonly everyHours?: number;
  /** Local time offset from the nightly time, hours (weekly runs: from 03:00 local). */
  readonly offsetHours?: number;
  /** Share of the orgs that run it (drawn per org; default all). */
  readonly share?: number;
  /** Only orgs with continuous data protection. */
  readonly cdpOnly?: boolean;
  /** Only orgs of this module (Dynamics). */
  readonly module?: string;
  /** Soft cap of a run (hours): runs approach it and never reach it. */
  readonly capHours: number;
  /** Chance that a run overruns its slot, so that the next run is Skipped (APIs with a Skipped status). */
  readonly overrunChance?: number;
}

/**
 * One row of a model's type table: the type's code in the spec, its weight in mix 0 and in mix 1, whether it runs
 * on a schedule, and its job-id prefix. The type's name comes from the spec.
 */
export type TypeRow = readonly [code: number, mix0: number, mix1: number, scheduled: boolean, prefix: string];

/**
 * The type specs and the two cumulative type mixes of a model's type table (one derivation for both APIs). A row's
 * name is `names[i]` of the spec's filter for its code (what a job renders or a scenario writes); the table must
 * list each type of the spec once, so a spec that adds or drops a type fails at start-up.
 */
export function typeTableModel(
  table: readonly TypeRow[],
  filter: EnumFilter,
  names: readonly string[],
): {
  types: readonly TypeSpec[];
  mixes: Float64Array[];
} {
  const codes = table.map((row) => row[0]);
  const missing = filter.values.filter((code) => !codes.includes(code));
  const unknown = codes.filter((code) => !filter.values.includes(code));
  if (missing.length > 0 || unknown.length > 0 || new Set(codes).size !== codes.length) {
    throw new Error(
      `the type table must list each type of ${filter.filterEnum.schema} once (missing ${missing}, unknown ${unknown})`,
    );
  }
  return {
    types: table.map(([code, weight, , scheduled]) => ({
      code,
      name: names[filter.values.indexOf(code)]!,
      weight,
      scheduled,
    })),
    mixes: [cumulativeWeights(table.map((t) => t[1])), cumulativeWeights(table.map((t) => t[2]))],
  };
}

/**
 * One value per member of a spec enum, in the spec's order, from a table keyed by the members' identifiers
 * (`x-enum-varnames`): the tables stay right if the spec reorders its members, and fail at start-up if it adds one
 * the table does not know.
 */
export function bySpecName<T>(filter: EnumFilter, table: Readonly<Record<string, T>>, fallback?: T): T[] {
  for (const name of Object.keys(table)) {
    if (!filter.names.includes(name))
      throw new Error(`${name} is not in the spec's ${filter.filterEnum.schema}`);
  }
  return filter.names.map((name) => {
    const value = table[name] ?? fallback;
    if (value === undefined)
      throw new Error(`no entry for ${name} of the spec's ${filter.filterEnum.schema}`);
    return value;
  });
}

/** Cumulative weights in the spec's order of an enum, from weights by identifier (absent members weigh 0). */
export function weightsBySpecName(
  filter: EnumFilter,
  weights: Readonly<Record<string, number>>,
): Float64Array {
  return cumulativeWeights(bySpecName(filter, weights, 0));
}
