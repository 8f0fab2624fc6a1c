// A dataset: the jobs of one API as typed columns in the API's order, the filter index over them, and a bounded
// cache of each settled job's JSON text. Every job is a function of (seed, organization, its slot in the org's
// schedule); the options only decide which slots are kept (how much history) and which orgs exist.
//
// Answers are as of an instant `atMs` (the clock of the caller): a job is visible once it has started, it is in
// progress until it finishes, and jobs that start later appear at the head. The columns hold the jobs up to a
// lookahead past the newest instant asked for; a later instant extends them (the same jobs, plus new ones).
import { describeJob, type FinalRun, finalRun } from './details.js';
import {
  allocateColumns,
  concatColumns,
  copyJob,
  firstAtOrBefore,
  type JobColumns,
  JobFlags,
  viewColumns,
} from './engine/columns.js';
import { Director, POOL_SIZE } from './engine/director.js';
import { FilterIndex, type FilterIndexState, type IndexFilter, indexBuffers } from './engine/filter-index.js';
import { adHocTables, type GenerationContext, generateColumns } from './engine/generate.js';
import { JsonCache } from './engine/json-cache.js';
import { defaultOrganizations, historyDays, historyStart, planOrg } from './engine/plan.js';
import type { ApiModel, JobCore, JobDetails, OrgProfile } from './model.js';
import { modelFor } from './models/index.js';
import { asciiJson } from './profiles/shared.js';
import { hash3, normaliseSeed } from './random.js';
import { type ResolvedScenarioJob, resolveScenarioJobs } from './scenario.js';
import { findStories, type Story } from './stories.js';
import { MS_PER_DAY } from './time.js';
import type {
  ApiName,
  DatasetOptions,
  EnumRendering,
  JobPage,
  JobQuery,
  JobsDataset,
  PrebuiltColumns,
} from './types.js';

const DEFAULT_JSON_CACHE_SIZE = 100_000;
/** Arena bytes per cached entry: about a Salesforce job's JSON (~430 bytes; Dynamics ~520, so fewer of them fit). */
const JSON_CACHE_BYTES_PER_ENTRY = 448;
const MAX_ORGS = 100_000;
const API_SALT: Record<ApiName, number> = { salesforce: 0x5f, dynamics365: 0x365 };
/** The columns hold jobs this far past the newest instant asked for. */
export const LOOKAHEAD_MS = 2 * MS_PER_DAY;

/** What a page shows about a job's filter fields, including the hidden level (for tests and tools). */
export interface JobFilterFields {
  jobId: string;
  startMs: number;
  type: number;
  status: number;
  /** Salesforce run level; null for Dynamics. */
  level: number | null;
  organizationId: string;
}

/** A dataset with a few extras beyond the JobsDataset interface. */
export interface EngineDataset extends JobsDataset {
  readonly organizations: readonly OrgProfile[];
  /** The instant the dataset was built for (its "now"; the default instant of every answer). */
  readonly nowMs: number;
  /** The oldest instant a generated job may start at (the history kept behind "now"). */
  readonly historyStartMs: number;
  /** Jobs visible at an instant (started at or before it). */
  sizeAt(atMs: number): number;
  /**
   * The filter fields of the job at a position as of an instant (default: now). Positions count from the newest
   * job visible at that instant (0) to the oldest (sizeAt(atMs) - 1).
   */
  filterFields(position: number, atMs?: number): JobFilterFields;
  /** The JSON text of the job at a position as of an instant (positions as in filterFields), its enums as `enums` says. */
  jobJson(position: number, atMs?: number, enums?: EnumRendering): string;
  /**
   * Windows whose newest startTime is before this instant answer the same at `atMs` and at every later instant
   * (every job in them has finished, and no job can still start in them).
   */
  settledBefore(atMs: number): number;
  /** The stories a dashboard must handle, where they are in the last 7 days as of an instant. */
  stories(atMs: number): Story[];
  /** Bytes held by the columns and the index (the JSON cache comes on top: see jsonCacheEntries). */
  readonly byteLength: number;
  readonly jsonCacheEntries: number;
}

function checkOptions(options: DatasetOptions): { nowMs: number; orgs: number } {
  const { jobs, now } = options;
  if (!Number.isSafeInteger(jobs) || jobs < 0 || jobs > 50_000_000) {
    throw new Error(`jobs must be an integer from 0 to 50,000,000, got ${jobs}`);
  }
  const orgs = options.orgs ?? defaultOrganizations(jobs);
  if (!Number.isSafeInteger(orgs) || orgs < 0 || orgs > MAX_ORGS) {
    throw new Error(`orgs must be an integer from 0 to ${MAX_ORGS}, got ${orgs}`);
  }
  if (jobs > 0 && orgs === 0) throw new Error('orgs must be at least 1 when jobs > 0');
  const nowMs = now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(nowMs)) throw new Error('now must be a valid Date');
  return { nowMs, orgs };
}

/** Everything a dataset is built from, before its columns. */
interface Prepared {
  model: ApiModel;
  seed: number;
  nowMs: number;
  historyStartMs: number;
  orgs: OrgProfile[];
  orgIndex: Map<string, number>;
  ctx: GenerationContext;
  scenarioJobs: readonly ResolvedScenarioJob[];
}

function prepare(api: ApiName, options: DatasetOptions): Prepared {
  const model = modelFor(api);
  const { nowMs, orgs: orgCount } = checkOptions(options);
  const seed = hash3(normaliseSeed(options.seed), API_SALT[api], 0xda7a);
  const orgs = model.createOrganizations(seed, orgCount);
  const plans = orgs.map((org, o) => planOrg(model, seed, o, org));
  const nightlySched = model.schedules.findIndex((s) => s.cadence === 'nightly');
  const adHoc = adHocTables(model);
  const pausedIdx = model.statusNames.indexOf('Paused');
  const director = new Director(
    model,
    seed,
    orgCount,
    plans.slice(0, POOL_SIZE),
    adHoc,
    nightlySched,
    pausedIdx >= 0,
  );
  // History: as long behind "now" as the orgs need for about `jobs` jobs.
  const days = historyDays(
    options.jobs,
    plans.reduce((sum, p, o) => sum + p.jobsPerDay * director.availability(o), 0),
  );
  const historyStartMs = days === 0 ? nowMs + LOOKAHEAD_MS : historyStart(nowMs, days);
  const orgIndex = new Map(orgs.map((o, i) => [o.id, i]));
  const scenario = resolveScenarioJobs(model, options.scenario?.[api] ?? [], {
    seed,
    nowMs,
    orgs,
    orgIndex,
    source: options.scenario?.source,
    generatedOff: options.scenario?.generatedOff?.[api] ?? [],
  });
  const ctx: GenerationContext = {
    model,
    seed,
    orgs,
    // Orgs whose generated jobs the scenario switched off keep their plan for the director (so that other orgs'
    // jobs do not change) but produce nothing.
    plans: plans.map((p, o) => (scenario.disabledOrgs.has(o) ? { ...p, streams: [] } : p)),
    director,
    adHoc,
    nightlySched,
    failedIdx: model.outcomes.indexOf('failed'),
    skippedIdx: model.statusNames.indexOf('Skipped'),
    pausedIdx,
  };
  return { model, seed, nowMs, historyStartMs, orgs, orgIndex, ctx, scenarioJobs: scenario.jobs };
}

/** The first columns of a dataset: its jobs up to LOOKAHEAD_MS past now, scenario jobs included. */
function firstColumns(p: Prepared): JobColumns {
  const cols = generateColumns(p.ctx, p.historyStartMs, p.nowMs + LOOKAHEAD_MS);
  return p.scenarioJobs.length > 0 ? mergeScenarioJobs(p.model, cols, p.scenarioJobs) : cols;
}

/** What the first columns of prepared options are a function of (a PrebuiltColumns must match it). */
function identityOf(api: ApiName, p: Prepared): string {
  return [api, p.seed, p.orgs.length, p.historyStartMs, p.nowMs + LOOKAHEAD_MS, p.scenarioJobs.length].join(
    ':',
  );
}

const COLUMN_TYPES = {
  startMs: Float64Array,
  type: Uint8Array,
  status: Uint8Array,
  level: Uint8Array,
  org: Uint32Array,
  prefix: Uint8Array,
  suffix: Uint32Array,
  key: Uint32Array,
  sched: Uint8Array,
  flags: Uint8Array,
} as const;

/**
 * Generates the first columns of a dataset, to hand to `createDataset` (options.prebuilt) in another thread: the
 * generation is most of a dataset's build, so two APIs build in parallel. Typed arrays only: transfer their
 * buffers.
 */
export function generateDatasetColumns(api: ApiName, options: DatasetOptions): PrebuiltColumns {
  const p = prepare(api, options);
  const cols = firstColumns(p);
  const columns: Record<string, unknown> = {};
  const buffers = new Set<ArrayBuffer>();
  for (const name of Object.keys(COLUMN_TYPES) as (keyof typeof COLUMN_TYPES)[]) {
    columns[name] = cols[name];
    buffers.add(cols[name].buffer as ArrayBuffer);
  }
  // The index too: it is a fifth of a build, and the thread that takes the columns would otherwise build it.
  const index = newFilterIndex(p.model, p.orgs.length, cols).state;
  for (const buffer of indexBuffers(index)) buffers.add(buffer);
  return { identity: identityOf(api, p), size: cols.size, columns, index, buffers: [...buffers] };
}

/** The index of columns in a model's terms. */
function newFilterIndex(model: ApiModel, orgCount: number, cols: JobColumns): FilterIndex {
  const { types, statusCodes, levelCodes } = model;
  return FilterIndex.build(cols, types.length, statusCodes.length, levelCodes.length, orgCount);
}

/** What prebuilt columns give a dataset, if they were generated for these options. */
interface UsablePrebuilt {
  cols: JobColumns;
  index: FilterIndexState | null;
}

/** The prebuilt columns and index if they were generated for these options; null otherwise. */
function usablePrebuilt(api: ApiName, p: Prepared, prebuilt: PrebuiltColumns | null): UsablePrebuilt | null {
  if (prebuilt === null || prebuilt.identity !== identityOf(api, p)) return null;
  const cols = { size: prebuilt.size } as Record<string, unknown>;
  for (const [name, type] of Object.entries(COLUMN_TYPES)) {
    const column = prebuilt.columns[name];
    if (!(column instanceof type) || column.length !== prebuilt.size) return null;
    cols[name] = column;
  }
  // The index state is checked against the columns when the dataset takes it (FilterIndex's constructor).
  const index = (prebuilt.index as FilterIndexState | undefined) ?? null;
  return { cols: cols as unknown as JobColumns, index };
}

type PrebuiltProvider = NonNullable<DatasetOptions['prebuilt']>;
let ambientPrebuilt: PrebuiltProvider | null = null;

/**
 * Runs `build` with prebuilt columns offered to every createDataset inside it that has no `prebuilt` of its own:
 * for a caller whose datasets are created by code it does not own (the mock server's engine module).
 */
export function withPrebuiltColumns<T>(provider: PrebuiltProvider, build: () => T): T {
  const previous = ambientPrebuilt;
  ambientPrebuilt = provider;
  try {
    return build();
  } finally {
    ambientPrebuilt = previous;
  }
}

/** Builds the dataset of one API. Same options, same bytes, in any process. */
export function createDataset(api: ApiName, options: DatasetOptions): EngineDataset {
  const p = prepare(api, options);
  const provider = options.prebuilt ?? ambientPrebuilt;
  const prebuilt = provider === null ? null : usablePrebuilt(api, p, provider(api));
  if (prebuilt === null) return new Dataset(p, firstColumns(p), options.jsonCacheSize);
  return new Dataset(p, prebuilt.cols, options.jsonCacheSize, prebuilt.index);
}

function compareDesc(aMs: number, aId: string, bMs: number, bId: string): number {
  if (aMs !== bMs) return bMs - aMs;
  return aId === bId ? 0 : aId < bId ? 1 : -1;
}

/** Inserts scenario jobs into the ordered columns; a job id may appear only once. */
function mergeScenarioJobs(
  model: ApiModel,
  base: JobColumns,
  jobs: readonly ResolvedScenarioJob[],
): JobColumns {
  const baseJobId = (p: number) => model.formatJobId(base.prefix[p]!, base.startMs[p]!, base.suffix[p]!);
  // A scenario job id that reads like a generated one is compared with the generated jobs of its start time.
  for (const s of jobs) {
    const ms = model.jobIdTime(s.core.jobId);
    if (ms === null) continue;
    const step = model.timeResolutionMs;
    for (let p = firstAtOrBefore(base.startMs, ms + step - 1); p < base.size && base.startMs[p]! >= ms; p++) {
      if (baseJobId(p) === s.core.jobId) {
        throw new Error(
          `${s.where}.jobId: ${s.core.jobId} is the id of a generated job; job ids must be unique`,
        );
      }
    }
  }
  const sorted = [...jobs].sort((a, b) =>
    compareDesc(a.core.startMs, a.core.jobId, b.core.startMs, b.core.jobId),
  );
  const out = allocateColumns(base.size + sorted.length);
  let p = 0;
  let q = 0;
  for (let to = 0; to < out.size; to++) {
    const s = sorted[q];
    const takeScenario =
      s !== undefined &&
      (p >= base.size || compareDesc(s.core.startMs, s.core.jobId, base.startMs[p]!, baseJobId(p)) <= 0);
    if (!takeScenario) {
      copyJob(base, p++, out, to);
      continue;
    }
    out.startMs[to] = s.core.startMs;
    out.type[to] = s.core.typeIdx;
    out.status[to] = s.core.statusIdx;
    out.level[to] = s.core.levelIdx;
    out.org[to] = s.orgIndex;
    out.key[to] = s.core.key;
    out.sched[to] = s.core.sched;
    out.flags[to] = JobFlags.scenario;
    q++;
  }
  return out;
}

/** An index over the positions [start, end) of a snapshot (its own positions count from `start`). */
interface IndexPart {
  readonly start: number;
  readonly end: number;
  readonly index: FilterIndex;
}

/**
 * The built part of a dataset: columns up to `untilMs`, their index and caches (positions are its own). When the
 * clock passes `untilMs`, only the jobs after it are generated and put in front (the older ones are the same), and
 * the index of the older part is kept: the index is a newer part (every job added since the last full build)
 * and the base, and `parts` lists them newest first.
 */
interface Snapshot {
  readonly cols: JobColumns;
  readonly parts: readonly IndexPart[];
  readonly untilMs: number;
  /**
   * Final runs of generated jobs that may still be running at some instant asked for, by position: their finish
   * instant decides their status, and a running job is described from its final run on every request.
   */
  readonly finalRuns: Map<number, FinalRun>;
  /**
   * The settled jobs' JSON, per enum rendering (each revision of an API that writes enums its own way), keyed by
   * the rank from the oldest job (cols.size - 1 - position), which does not change when the dataset grows.
   */
  readonly cache: JsonCache;
}

/**
 * The added jobs are indexed anew until they are this share of the base; then the whole index is built again.
 * Each extension re-indexes the added part only (a few thousand jobs a day of clock at 1,000,000 jobs), and a
 * full index build costs about a tenth of a generation.
 */
const MAX_HEAD_SHARE = 0.5;

class Dataset implements EngineDataset {
  readonly api: ApiName;
  private readonly typeIdxByCode = new Map<number, number>();
  private readonly statusIdxByCode = new Map<number, number>();
  private readonly levelIdxByCode = new Map<number, number>();
  private readonly scenarioByKey = new Map<number, ResolvedScenarioJob>();
  private readonly cacheSize: number;
  private snap: Snapshot;
  /** Runs that can still be going at an instant started at most this long before it. */
  private readonly maxRunMs: number;
  /**
   * 1 for each org whose generated jobs' JSON is ASCII as rendered (its id, name and module, and the API's enum
   * names, are; everything else in a generated job is digits and fixed text), so the escape scan is skipped.
   */
  private readonly asciiOrgs: Uint8Array;

  private readonly model: ApiModel;
  private readonly seed: number;
  readonly nowMs: number;
  readonly historyStartMs: number;
  readonly organizations: readonly OrgProfile[];
  private readonly orgIndex: ReadonlyMap<string, number>;
  private readonly ctx: GenerationContext;
  private readonly scenarioJobs: readonly ResolvedScenarioJob[];

  constructor(
    prepared: Prepared,
    firstCols: JobColumns,
    jsonCacheSize = DEFAULT_JSON_CACHE_SIZE,
    firstIndex: FilterIndexState | null = null,
  ) {
    const model = prepared.model;
    this.model = model;
    this.seed = prepared.seed;
    this.nowMs = prepared.nowMs;
    this.historyStartMs = prepared.historyStartMs;
    this.organizations = prepared.orgs;
    this.orgIndex = prepared.orgIndex;
    this.ctx = prepared.ctx;
    this.scenarioJobs = prepared.scenarioJobs;
    const { scenarioJobs, orgs: organizations, nowMs } = prepared;
    this.api = model.api;
    this.maxRunMs = model.maxRunMs;
    this.cacheSize = Math.max(0, Math.floor(jsonCacheSize));
    for (const [i, t] of model.types.entries()) this.typeIdxByCode.set(t.code, i);
    for (const [i, c] of model.statusCodes.entries()) this.statusIdxByCode.set(c, i);
    for (const [i, c] of model.levelCodes.entries()) this.levelIdxByCode.set(c, i);
    for (const s of scenarioJobs) this.scenarioByKey.set(s.core.key, s);
    const isAscii = (text: string) => asciiJson(text) === text;
    const enumsAscii = isAscii([...model.types.map((t) => t.name), ...model.statusNames].join(''));
    this.asciiOrgs = Uint8Array.from(organizations, (o) =>
      enumsAscii && isAscii(`${o.id}${o.name}${o.module ?? ''}`) ? 1 : 0,
    );
    this.snap = this.build(firstCols, nowMs + LOOKAHEAD_MS, firstIndex);
  }

  private newIndex(cols: JobColumns, from: number, to: number): IndexPart {
    const view = from === 0 && to === cols.size ? cols : viewColumns(cols, from, to);
    return { start: from, end: to, index: newFilterIndex(this.model, this.organizations.length, view) };
  }

  /** An index built elsewhere for these columns; null when there is none or it does not fit them. */
  private takenIndex(cols: JobColumns, state: FilterIndexState | null): IndexPart | null {
    if (state === null) return null;
    try {
      return { start: 0, end: cols.size, index: new FilterIndex(cols, state) };
    } catch {
      return null;
    }
  }

  /** The first snapshot: the columns and their index (built here unless one was built for them elsewhere). */
  private build(cols: JobColumns, untilMs: number, indexState: FilterIndexState | null): Snapshot {
    const entries = Math.min(cols.size, this.cacheSize);
    return {
      cols,
      parts: [this.takenIndex(cols, indexState) ?? this.newIndex(cols, 0, cols.size)],
      untilMs,
      finalRuns: new Map(),
      cache: new JsonCache(cols.size, entries, entries * JSON_CACHE_BYTES_PER_ENTRY),
    };
  }

  /**
   * The snapshot with the jobs up to `untilMs`: the jobs after the old end are generated (the same jobs a full
   * generation puts there: a job is a function of its slot, and the range only picks slots) and put in front of
   * the old ones, which keep their index. Costs the new jobs, a copy of the columns and an index over the jobs
   * added since the last full build, instead of the whole dataset again (seconds at 1,000,000 jobs).
   */
  private extend(old: Snapshot, untilMs: number): Snapshot {
    const added = generateColumns(this.ctx, old.untilMs, untilMs);
    if (added.size === 0) return { ...old, untilMs };
    const cols = concatColumns(added, old.cols);
    const base = old.parts[old.parts.length - 1]!;
    const baseStart = added.size + base.start;
    old.cache.resize(cols.size);
    let parts: IndexPart[];
    if (baseStart > (cols.size - baseStart) * MAX_HEAD_SHARE) {
      parts = [this.newIndex(cols, 0, cols.size)];
    } else {
      base.index.rebind(viewColumns(cols, baseStart, cols.size));
      parts = [this.newIndex(cols, 0, baseStart), { start: baseStart, end: cols.size, index: base.index }];
    }
    return { cols, parts, untilMs, finalRuns: new Map(), cache: old.cache };
  }

  /** The snapshot that holds every job started at or before atMs (extended when the clock passed its end). */
  private at(atMs: number): Snapshot {
    if (atMs >= this.snap.untilMs) this.snap = this.extend(this.snap, atMs + LOOKAHEAD_MS);
    return this.snap;
  }

  /** The matches of a filter among the positions [lo, hi), across the index parts (newest first). */
  private queryParts(s: Snapshot, f: IndexFilter, lo: number, hi: number, offset: number, limit: number) {
    const only = s.parts[0]!;
    if (s.parts.length === 1) return only.index.queryRange(f, lo, hi, offset, limit);
    const positions: number[] = [];
    let total = 0;
    for (const part of s.parts) {
      const from = Math.max(lo, part.start);
      const to = Math.min(hi, part.end);
      if (from >= to) continue;
      const page = part.index.queryRange(
        f,
        from - part.start,
        to - part.start,
        Math.max(0, offset - total),
        limit - positions.length,
      );
      for (let i = 0; i < page.count; i++) positions.push(page.positions[page.start + i]! + part.start);
      total += page.total;
    }
    return { total, positions, start: 0, count: positions.length };
  }

  get size(): number {
    return this.sizeAt(this.nowMs);
  }

  sizeAt(atMs: number): number {
    const s = this.at(atMs);
    return s.cols.size - firstAtOrBefore(s.cols.startMs, atMs);
  }

  get byteLength(): number {
    const c = this.snap.cols;
    let index = 0;
    for (const part of this.snap.parts) index += part.index.byteLength;
    return (
      index +
      c.startMs.byteLength +
      c.type.byteLength +
      c.status.byteLength +
      c.level.byteLength +
      c.org.byteLength +
      c.prefix.byteLength +
      c.suffix.byteLength +
      c.key.byteLength +
      c.sched.byteLength +
      c.flags.byteLength
    );
  }

  get jsonCacheEntries(): number {
    return this.snap.cache.count;
  }

  /**
   * The final run of a generated job at p (cached for the jobs near the head, the only ones that ask). The core is
   * built only on a miss when the caller has none: the head scan asks for every job near the head.
   */
  private finalRunOf(s: Snapshot, p: number, core?: JobCore): FinalRun {
    let known = s.finalRuns.get(p);
    if (known === undefined) {
      known = finalRun(this.model, this.seed, core ?? this.core(s, p));
      s.finalRuns.set(p, known);
    }
    return known;
  }

  /** When a generated job at p finishes. */
  private finishOf(s: Snapshot, p: number): number {
    return s.cols.startMs[p]! + this.finalRunOf(s, p).runMs;
  }

  /** The status index of the job at p as of atMs. */
  private statusAt(s: Snapshot, p: number, atMs: number, liveEnd: number): number {
    const status = s.cols.status[p]!;
    if (p >= liveEnd || s.cols.flags[p]! & JobFlags.scenario) return status;
    return this.finishOf(s, p) > atMs ? this.model.inProgressStatus : status;
  }

  /** Positions before this one started recently enough to be running at atMs. */
  private liveEnd(s: Snapshot, atMs: number): number {
    return firstAtOrBefore(s.cols.startMs, atMs - this.maxRunMs);
  }

  settledBefore(atMs: number): number {
    const s = this.at(atMs);
    const from = firstAtOrBefore(s.cols.startMs, atMs);
    const liveEnd = this.liveEnd(s, atMs);
    let oldestRunning = atMs;
    for (let p = from; p < liveEnd; p++) {
      if (this.statusAt(s, p, atMs, liveEnd) === this.model.inProgressStatus) {
        oldestRunning = Math.min(oldestRunning, s.cols.startMs[p]!);
      }
    }
    // Scenario jobs in progress stay in progress: a window that holds one is not settled either, but it never
    // changes (its jobs are fixed), so only generated jobs count here.
    return oldestRunning;
  }

  query(query: JobQuery, atMs: number = this.nowMs, enums: EnumRendering = this.model.defaultEnums): JobPage {
    const filter = this.toFilter(query);
    if (filter === null) return { total: 0, jobsJson: [] };
    const offset = Number.isFinite(query.offset) ? Math.max(0, Math.floor(query.offset)) : 0;
    const limit = Number.isFinite(query.limit) ? Math.max(0, Math.floor(query.limit)) : 0;
    const s = this.at(atMs);
    if (filter.fromMs > filter.toMs) return { total: 0, jobsJson: [] };
    const startMs = s.cols.startMs;
    const lo = firstAtOrBefore(startMs, Math.min(filter.toMs, atMs));
    const hi = firstAtOrBefore(startMs, filter.fromMs - 1);
    if (lo >= hi) return { total: 0, jobsJson: [] };
    // Jobs near the head may be running at atMs: their status is the clock's, so they are matched one by one
    // (a few hundred at most); everything older is settled and answered by the index.
    // One binary search for the live window's end serves the head scan and every job's render.
    const live = this.liveEnd(s, atMs);
    const liveEnd = Math.min(hi, Math.max(lo, live));
    const head: number[] = [];
    if (lo < liveEnd) this.matchHead(s, filter, lo, liveEnd, atMs, live, head);
    const tailOffset = Math.max(0, offset - head.length);
    const tailLimit = Math.max(0, limit - Math.max(0, head.length - offset));
    const tail = this.queryParts(s, filter, liveEnd, hi, tailOffset, tailLimit);
    const total = head.length + tail.total;
    const jobsJson: string[] = [];
    for (let i = offset; i < head.length && jobsJson.length < limit; i++) {
      jobsJson.push(this.render(s, head[i]!, atMs, live, enums));
    }
    for (let i = 0; i < tail.count; i++) {
      jobsJson.push(this.render(s, tail.positions[tail.start + i]!, atMs, live, enums));
    }
    return { total, jobsJson };
  }

  private matchHead(
    s: Snapshot,
    f: IndexFilter,
    lo: number,
    end: number,
    atMs: number,
    liveEnd: number,
    out: number[],
  ): void {
    const c = s.cols;
    for (let p = lo; p < end; p++) {
      if (f.types !== null && !f.types.includes(c.type[p]!)) continue;
      if (f.org >= 0 && c.org[p] !== f.org) continue;
      if (f.level >= 0 && c.level[p] !== f.level) continue;
      if (f.status >= 0 && this.statusAt(s, p, atMs, liveEnd) !== f.status) continue;
      out.push(p);
    }
  }

  /** Engine codes to index terms; null when a value can match nothing (an unknown org, status or level). */
  private toFilter(q: JobQuery): IndexFilter | null {
    let types: number[] | null = null;
    if (q.types !== null) {
      types = [];
      for (const code of q.types) {
        const idx = this.typeIdxByCode.get(code);
        if (idx !== undefined) types.push(idx);
      }
      if (types.length === 0) return null;
    }
    const status = q.status === null ? -1 : (this.statusIdxByCode.get(q.status) ?? -2);
    const level =
      q.level === null || this.model.levelCodes.length === 0 ? -1 : (this.levelIdxByCode.get(q.level) ?? -2);
    let org = -1;
    if (q.organizationId !== null) {
      const id = this.model.normaliseOrganizationId(q.organizationId);
      org = typeof id === 'string' ? (this.orgIndex.get(id) ?? -2) : -2;
    }
    if (status === -2 || level === -2 || org === -2) return null;
    return { fromMs: q.fromMs, toMs: q.toMs, types, status, level, org };
  }

  private core(s: Snapshot, p: number): JobCore {
    const c = s.cols;
    const key = c.key[p]!;
    if (c.flags[p]! & JobFlags.scenario) return this.scenarioByKey.get(key)!.core;
    const startMs = c.startMs[p]!;
    return {
      key,
      typeIdx: c.type[p]!,
      statusIdx: c.status[p]!,
      levelIdx: c.level[p]!,
      org: this.organizations[c.org[p]!]!,
      startMs,
      jobId: this.model.formatJobId(c.prefix[p]!, startMs, c.suffix[p]!),
      sched: c.sched[p]!,
      flags: c.flags[p]!,
    };
  }

  private details(core: JobCore, atMs: number, final?: FinalRun): JobDetails {
    if (core.flags & JobFlags.scenario) return this.scenarioByKey.get(core.key)!.details;
    return describeJob(this.model, this.seed, core, atMs, final);
  }

  /** The internal position of a public one (counted from the newest job visible at atMs). */
  private visible(s: Snapshot, position: number, atMs: number): number {
    const first = firstAtOrBefore(s.cols.startMs, atMs);
    if (!Number.isInteger(position) || position < 0 || first + position >= s.cols.size) {
      throw new RangeError(`no job at position ${position}`);
    }
    return first + position;
  }

  jobJson(
    position: number,
    atMs: number = this.nowMs,
    enums: EnumRendering = this.model.defaultEnums,
  ): string {
    const s = this.at(atMs);
    return this.render(s, this.visible(s, position, atMs), atMs, this.liveEnd(s, atMs), enums);
  }

  /**
   * The job's JSON as of atMs. A job that has finished by atMs has its final text at atMs and at every later
   * instant, so that text is cached: every job that started at least the longest run before atMs, and a job near
   * the head once its own run has ended (most of them: a dashboard's first page is the newest jobs, and rendering
   * them anew on every request was most of its cost). A job still running is rendered each time (its text follows
   * the clock), and never read from or written to the cache; the check is per request, so an earlier instant
   * asked for later still sees the job running.
   */
  private render(
    s: Snapshot,
    p: number,
    atMs: number,
    liveEnd = this.liveEnd(s, atMs),
    enums: EnumRendering = this.model.defaultEnums,
  ): string {
    const cacheable =
      s.cache.enabled &&
      (p >= liveEnd || (s.cols.flags[p]! & JobFlags.scenario) !== 0 || this.finishOf(s, p) <= atMs);
    // One text per job in the cache, in the default rendering: the other revisions' texts are rewritten from it
    // (the revisions differ in the enums only), so a job costs one entry whichever revisions ask for it.
    const reEnum = this.model.reEnum;
    if (cacheable && (enums === this.model.defaultEnums || reEnum !== undefined)) {
      const rank = s.cols.size - 1 - p;
      let text = s.cache.get(this.model.defaultEnums, rank);
      if (text === undefined) {
        text = this.renderText(s, p, atMs, this.model.defaultEnums, p < liveEnd);
        s.cache.set(this.model.defaultEnums, rank, text);
      }
      const shown = enums === this.model.defaultEnums ? text : reEnum!(text, enums);
      if (shown !== null) return shown;
    }
    return this.renderText(s, p, atMs, enums, p < liveEnd);
  }

  /**
   * The job as shown while it runs: its status is the API's in-progress status. Written out, not as
   * `{ ...core, statusIdx }`: Node 20's V8 takes a slow path for a spread followed by more properties (4 µs a job).
   */
  private running(core: JobCore): JobCore {
    return {
      key: core.key,
      typeIdx: core.typeIdx,
      statusIdx: this.model.inProgressStatus,
      levelIdx: core.levelIdx,
      org: core.org,
      startMs: core.startMs,
      jobId: core.jobId,
      sched: core.sched,
      flags: core.flags,
    };
  }

  /**
   * The job's JSON as of atMs, rendered. `nearHead`: the job may be running at some instant asked for, so its
   * final run is kept (finalRunOf) for the next request rather than drawn again.
   */
  private renderText(s: Snapshot, p: number, atMs: number, enums: EnumRendering, nearHead: boolean): string {
    const core = this.core(s, p);
    const generated = !(core.flags & JobFlags.scenario);
    const details = this.details(core, atMs, nearHead && generated ? this.finalRunOf(s, p, core) : undefined);
    const shown = details.finishMs === null && generated ? this.running(core) : core;
    // Pure ASCII (non-ASCII escaped as \uXXXX), so that a page's byte length is its string length.
    const text = this.model.renderJob(shown, details, enums);
    const ascii = (core.flags & JobFlags.scenario) === 0 && this.asciiOrgs[s.cols.org[p]!] === 1;
    return ascii ? text : asciiJson(text);
  }

  filterFields(position: number, atMs: number = this.nowMs): JobFilterFields {
    const s = this.at(atMs);
    const p = this.visible(s, position, atMs);
    const core = this.core(s, p);
    const statusIdx = this.statusAt(s, p, atMs, this.liveEnd(s, atMs));
    return {
      jobId: core.jobId,
      startMs: core.startMs,
      type: this.model.types[core.typeIdx]!.code,
      status: this.model.statusCodes[statusIdx]!,
      level: this.model.levelCodes.length > 0 ? this.model.levelCodes[core.levelIdx]! : null,
      organizationId: core.org.id,
    };
  }

  stories(atMs: number): Story[] {
    const s = this.at(atMs);
    const liveEnd = this.liveEnd(s, atMs);
    return findStories(
      {
        model: this.model,
        organizations: this.organizations,
        startMs: s.cols.startMs,
        type: s.cols.type,
        org: s.cols.org,
        statusAt: (p) => this.statusAt(s, p, atMs, liveEnd),
        finishAt: (p) => {
          const core = this.core(s, p);
          return this.details(core, atMs).finishMs;
        },
        jobId: (p) => this.core(s, p).jobId,
      },
      atMs,
    );
  }
}
