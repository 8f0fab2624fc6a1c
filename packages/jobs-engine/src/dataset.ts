// A dataset: the jobs of one API as typed columns in the API's order, the filter index over them, and a bounded
// cache of each shown job's JSON text. Every value is a function of (seed, jobs, orgs, now, scenario).
import { describeJob } from './details.js';
import { allocateColumns, copyJob, type JobColumns } from './engine/columns.js';
import { FilterIndex, type IndexFilter } from './engine/filter-index.js';
import { generateColumns } from './engine/generate.js';
import type { ApiModel, JobCore, JobDetails, OrgProfile } from './model.js';
import { modelFor } from './models/index.js';
import { asciiJson } from './profiles/shared.js';
import { hash3, normaliseSeed } from './random.js';
import { type ResolvedScenarioJob, resolveScenarioJobs } from './scenario.js';
import type { ApiName, DatasetOptions, JobPage, JobQuery, JobsDataset } from './types.js';

const DEFAULT_JSON_CACHE_SIZE = 100_000;
const MAX_ORGS = 100_000;
const API_SALT: Record<ApiName, number> = { salesforce: 0x5f, dynamics365: 0x365 };

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
  /** The filter fields of the job at a position (0 = newest). */
  filterFields(position: number): JobFilterFields;
  /** The JSON text of the job at a position (cached). */
  jobJson(position: number): string;
  /** Bytes held by the columns and the index (the JSON cache comes on top: see jsonCacheEntries). */
  readonly byteLength: number;
  readonly jsonCacheEntries: number;
}

function checkOptions(options: DatasetOptions): number {
  const { jobs, orgs, now } = options;
  if (!Number.isSafeInteger(jobs) || jobs < 0 || jobs > 50_000_000) {
    throw new Error(`jobs must be an integer from 0 to 50,000,000, got ${jobs}`);
  }
  if (!Number.isSafeInteger(orgs) || orgs < 0 || orgs > MAX_ORGS) {
    throw new Error(`orgs must be an integer from 0 to ${MAX_ORGS}, got ${orgs}`);
  }
  if (jobs > 0 && orgs === 0) throw new Error('orgs must be at least 1 when jobs > 0');
  const nowMs = now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(nowMs)) throw new Error('now must be a valid Date');
  return nowMs;
}

/** Builds the dataset of one API. Same options, same bytes, in any process. */
export function createDataset(api: ApiName, options: DatasetOptions): EngineDataset {
  const model = modelFor(api);
  const nowMs = checkOptions(options);
  const seed = hash3(normaliseSeed(options.seed), API_SALT[api], 0xda7a);
  const orgs = model.createOrganizations(seed, options.orgs);
  let cols = generateColumns(model, seed, orgs, options.jobs, nowMs);
  const orgIndex = new Map(orgs.map((o, i) => [o.id, i]));
  const scenarioJobs = resolveScenarioJobs(model, options.scenario?.[api] ?? [], {
    seed,
    nowMs,
    jobs: options.jobs,
    orgs,
    orgIndex,
    source: options.scenario?.source,
  });
  if (scenarioJobs.length > 0) cols = mergeScenarioJobs(model, cols, scenarioJobs);
  return new Dataset(model, seed, nowMs, orgs, orgIndex, cols, scenarioJobs, options.jsonCacheSize);
}

function compareDesc(aMs: number, aId: string, bMs: number, bId: string): number {
  if (aMs !== bMs) return bMs - aMs;
  return aId === bId ? 0 : aId < bId ? 1 : -1;
}

/** Inserts scenario jobs into the ordered columns; a job id may appear only once. */
function mergeScenarioJobs(model: ApiModel, base: JobColumns, jobs: ResolvedScenarioJob[]): JobColumns {
  const baseJobId = (p: number) => model.formatJobId(base.prefix[p]!, base.startMs[p]!, base.suffix[p]!);
  const sorted = [...jobs].sort((a, b) =>
    compareDesc(a.core.startMs, a.core.jobId, b.core.startMs, b.core.jobId),
  );
  const out = allocateColumns(base.size + sorted.length);
  let p = 0;
  let q = 0;
  let lastMs = Number.NaN;
  let lastId = '';
  for (let to = 0; to < out.size; to++) {
    const s = sorted[q];
    const takeScenario =
      s !== undefined &&
      (p >= base.size || compareDesc(s.core.startMs, s.core.jobId, base.startMs[p]!, baseJobId(p)) <= 0);
    const ms = takeScenario ? s.core.startMs : base.startMs[p]!;
    const id = takeScenario ? s.core.jobId : baseJobId(p);
    if (ms === lastMs && id === lastId) {
      throw new Error(
        `${s?.where ?? 'scenario'}.jobId: ${id} is the id of another job; job ids must be unique`,
      );
    }
    lastMs = ms;
    lastId = id;
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
    q++;
  }
  return out;
}

class Dataset implements EngineDataset {
  readonly api: ApiName;
  readonly size: number;
  private readonly index: FilterIndex;
  private readonly typeIdxByCode = new Map<number, number>();
  private readonly statusIdxByCode = new Map<number, number>();
  private readonly levelIdxByCode = new Map<number, number>();
  private readonly scenarioByKey = new Map<number, ResolvedScenarioJob>();
  // The JSON cache: a slot per position (a load, not a hash lookup, per job of a page) and a ring of the cached
  // positions in insertion order for first-in-first-out eviction. 4 bytes per job for the slots.
  private readonly cache: (string | undefined)[];
  private readonly cacheRing: Int32Array;
  private cacheHand = 0;
  private cacheCount = 0;
  private readonly cacheSize: number;

  constructor(
    private readonly model: ApiModel,
    private readonly seed: number,
    private readonly nowMs: number,
    readonly organizations: readonly OrgProfile[],
    private readonly orgIndex: ReadonlyMap<string, number>,
    private readonly cols: JobColumns,
    scenarioJobs: readonly ResolvedScenarioJob[],
    jsonCacheSize = DEFAULT_JSON_CACHE_SIZE,
  ) {
    this.api = model.api;
    this.size = cols.size;
    this.cacheSize = Math.min(cols.size, Math.max(0, Math.floor(jsonCacheSize)));
    this.cache = this.cacheSize > 0 ? new Array<string | undefined>(cols.size) : [];
    this.cacheRing = new Int32Array(this.cacheSize);
    for (const [i, t] of model.types.entries()) this.typeIdxByCode.set(t.code, i);
    for (const [i, c] of model.statusCodes.entries()) this.statusIdxByCode.set(c, i);
    for (const [i, c] of model.levelCodes.entries()) this.levelIdxByCode.set(c, i);
    for (const s of scenarioJobs) this.scenarioByKey.set(s.core.key, s);
    this.index = new FilterIndex(
      cols,
      model.types.length,
      model.statusCodes.length,
      model.levelCodes.length,
      organizations.length,
    );
  }

  get byteLength(): number {
    const c = this.cols;
    return (
      this.index.byteLength +
      c.startMs.byteLength +
      c.type.byteLength +
      c.status.byteLength +
      c.level.byteLength +
      c.org.byteLength +
      c.prefix.byteLength +
      c.suffix.byteLength +
      c.key.byteLength
    );
  }

  get jsonCacheEntries(): number {
    return this.cacheCount;
  }

  query(query: JobQuery): JobPage {
    const filter = this.toFilter(query);
    if (filter === null) return { total: 0, jobsJson: [] };
    const offset = Number.isFinite(query.offset) ? Math.max(0, Math.floor(query.offset)) : 0;
    const limit = Number.isFinite(query.limit) ? Math.max(0, Math.floor(query.limit)) : 0;
    const { total, positions, start, count } = this.index.query(filter, offset, limit);
    const jobsJson = new Array<string>(count);
    for (let i = 0; i < count; i++) jobsJson[i] = this.jobJson(positions[start + i]!);
    return { total, jobsJson };
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

  private core(p: number): JobCore {
    const c = this.cols;
    const key = c.key[p]!;
    const scenario = this.scenarioByKey.get(key);
    if (scenario) return scenario.core;
    const startMs = c.startMs[p]!;
    return {
      key,
      typeIdx: c.type[p]!,
      statusIdx: c.status[p]!,
      levelIdx: c.level[p]!,
      org: this.organizations[c.org[p]!]!,
      startMs,
      jobId: this.model.formatJobId(c.prefix[p]!, startMs, c.suffix[p]!),
    };
  }

  private details(core: JobCore): JobDetails {
    return this.scenarioByKey.get(core.key)?.details ?? describeJob(this.model, this.seed, core, this.nowMs);
  }

  jobJson(p: number): string {
    const cached = this.cache[p];
    if (cached !== undefined) return cached;
    const core = this.core(p);
    // Pure ASCII (non-ASCII escaped as \uXXXX), so that a page's byte length is its string length.
    const json = flatten(asciiJson(this.model.renderJob(core, this.details(core))));
    if (this.cacheSize > 0) {
      // First in, first out: cheap, and the hot first pages are re-added as soon as they are asked for again.
      if (this.cacheCount === this.cacheSize) this.cache[this.cacheRing[this.cacheHand]!] = undefined;
      else this.cacheCount++;
      this.cacheRing[this.cacheHand] = p;
      this.cacheHand = this.cacheHand + 1 === this.cacheSize ? 0 : this.cacheHand + 1;
      this.cache[p] = json;
    }
    return json;
  }

  filterFields(p: number): JobFilterFields {
    if (!Number.isInteger(p) || p < 0 || p >= this.size) throw new RangeError(`no job at position ${p}`);
    const core = this.core(p);
    return {
      jobId: core.jobId,
      startMs: core.startMs,
      type: this.model.types[core.typeIdx]!.code,
      status: this.model.statusCodes[core.statusIdx]!,
      level: this.model.levelCodes.length > 0 ? this.model.levelCodes[core.levelIdx]! : null,
      organizationId: core.org.id,
    };
  }
}

/**
 * A job's JSON is built by concatenation, which V8 keeps as a rope (cons string); every later join of a page
 * would walk the rope again (~10× slower than copying a flat string). Reading a character flattens the rope in
 * place, once, when the text is cached.
 */
function flatten(text: string): string {
  text.charCodeAt(0);
  return text;
}
