// Scenario files: exact jobs a user's test sets up on top of the generated ones, in each API's own vocabulary.
// Checked twice with one validator: parseScenario checks what needs no clock (shapes, names, enums, counts), and
// createDataset resolves relative times against the dataset's `now` and checks the rest.
import { parse as parseYaml } from 'yaml';
import { describeJob, roundRunMs, Salt } from './details.js';
import { JobFlags } from './engine/columns.js';
import { AD_HOC } from './engine/plan.js';
import type { ApiModel, CountGroup, JobCore, JobDetails, OrgProfile, Outcome } from './model.js';
import { modelFor } from './models/index.js';
import { hash3, Rng, unit } from './random.js';
import { MS_PER_DAY, parseDuration, parseIsoInstant, parseRelativeTime } from './time.js';
import type { ApiName, Scenario, ScenarioJob } from './types.js';

const API_KEYS: readonly ApiName[] = ['salesforce', 'dynamics365'];
const JOB_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** A scenario job after its fields were checked; times stay text until `now` is known. */
export interface ParsedScenarioJob {
  where: string;
  typeIdx?: number;
  statusIdx?: number;
  levelIdx?: number;
  organizationId?: string;
  organizationName?: string;
  module?: string;
  startTime: string;
  /** null: explicitly still running. */
  finishTime?: string | null;
  jobId?: string;
  values: Record<string, number>;
  /** One entry standing for many jobs. */
  repeat?: ScenarioRepeat;
  /** Fields that differ for the newest `count` occurrences of a repetition (checked like a job). */
  last?: { count: number; fields: Record<string, unknown> };
}

/** `repeat: { every: 1d, count: 14, at: "02:00" }`. */
export interface ScenarioRepeat {
  everyMs: number;
  count: number;
  /** UTC time of day (ms after midnight): the newest occurrence is the latest such time at or before now. */
  atMs?: number;
}

/** A scenario job ready to join the dataset. */
export interface ResolvedScenarioJob {
  core: JobCore;
  orgIndex: number;
  details: JobDetails;
  /** Whether the job id came from the file (a clash with another job is then an error, not a renumbering). */
  explicitJobId: boolean;
  where: string;
}

/** The largest scenario file accepted (bytes of UTF-8). */
export const MAX_SCENARIO_BYTES = 10 * 1024 * 1024;
/** The most jobs one API's part of a scenario may stand for, repetitions included. */
export const MAX_SCENARIO_JOBS = 200_000;
/** The instants every API can express: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (.NET DateTime, ticks). */
export const MIN_EXPRESSIBLE_MS = -62_135_596_800_000;
export const MAX_EXPRESSIBLE_MS = 253_402_300_799_999;

function utf8Length(text: string): number {
  if (text.length * 3 <= MAX_SCENARIO_BYTES) return text.length; // cannot be over the limit
  return new TextEncoder().encode(text).length;
}

/** Reads a scenario file (JSON or YAML) and checks every job; errors name the file, the API, the job and the field. */
export function parseScenario(text: string, fileName: string): Scenario {
  if (text.length > MAX_SCENARIO_BYTES || utf8Length(text) > MAX_SCENARIO_BYTES) {
    throw new Error(`${fileName}: a scenario file may be at most ${MAX_SCENARIO_BYTES} bytes (10 MiB)`);
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(fileName) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(
      `${fileName}: not valid ${/\.json$/i.test(fileName) ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    );
  }
  if (data === null || data === undefined) data = {};
  if (!isPlainObject(data)) {
    throw new Error(
      `${fileName}: a scenario is an object with "salesforce" and/or "dynamics365" lists of jobs`,
    );
  }
  const scenario: Scenario = { source: fileName };
  for (const [key, value] of Object.entries(data)) {
    if (!API_KEYS.includes(key as ApiName)) {
      throw new Error(`${fileName}: unknown key "${key}" (expected "salesforce" and/or "dynamics365")`);
    }
    const api = key as ApiName;
    const model = modelFor(api);
    let jobs: unknown = value;
    if (isPlainObject(value)) {
      // The long form: { organizations: [{ organizationId, generatedJobs: false }], jobs: [...] }.
      for (const part of Object.keys(value)) {
        if (part !== 'organizations' && part !== 'jobs') {
          throw new Error(
            `${fileName}: ${key}.${part}: unknown key (expected "organizations" and/or "jobs")`,
          );
        }
      }
      const off = checkOrganizations(model, value.organizations, `${fileName}: ${key}.organizations`);
      if (off.length > 0) scenario.generatedOff = { ...scenario.generatedOff, [api]: off };
      jobs = value.jobs ?? [];
    }
    if (!Array.isArray(jobs)) {
      throw new Error(`${fileName}: ${key} must be a list of jobs, or { organizations, jobs }`);
    }
    const where = (i: number) => `${fileName}: ${key}${jobs === value ? '' : '.jobs'}[${i}]`;
    let count = 0;
    jobs.forEach((job, i) => {
      count += occurrences(checkScenarioJob(model, job, where(i)));
      if (count > MAX_SCENARIO_JOBS) {
        throw new Error(`${where(i)}: the scenario stands for more than ${MAX_SCENARIO_JOBS} ${key} jobs`);
      }
    });
    scenario[api] = jobs as ScenarioJob[];
  }
  return scenario;
}

/**
 * Checks the outline of a scenario given as an object (the `scenario` option, not a file): what parseScenario
 * returns, or a hand-written `{ salesforce: [...], dynamics365: [...] }`. Each job is checked when the dataset is
 * built (checkScenarioJob), naming the entry; this names what would otherwise fail without a clear message.
 */
export function checkScenario(value: unknown, where = 'scenario'): Scenario {
  if (!isPlainObject(value)) {
    throw new Error(`${where}: a scenario is an object with "salesforce" and/or "dynamics365" lists of jobs`);
  }
  for (const [key, part] of Object.entries(value)) {
    if (API_KEYS.includes(key as ApiName)) {
      if (!Array.isArray(part)) {
        throw new Error(
          `${where}: ${key} must be a list of jobs (the long form { organizations, jobs } is read by parseScenario)`,
        );
      }
    } else if (key === 'generatedOff') {
      const lists = isPlainObject(part) ? Object.entries(part) : null;
      const bad =
        lists === null ||
        lists.some(
          ([api, ids]) =>
            !API_KEYS.includes(api as ApiName) ||
            !Array.isArray(ids) ||
            !ids.every((id) => typeof id === 'string'),
        );
      if (bad)
        throw new Error(`${where}: generatedOff must map "salesforce"/"dynamics365" to organization ids`);
    } else if (key !== 'source') {
      throw new Error(`${where}: unknown key "${key}" (expected "salesforce" and/or "dynamics365")`);
    }
  }
  return value as Scenario;
}

/** The organizations part of the long form: the ids whose generated jobs are switched off. */
function checkOrganizations(model: ApiModel, raw: unknown, where: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new Error(`${where}: must be a list of { organizationId, generatedJobs }`);
  return raw.flatMap((entry, i) => {
    const at = `${where}[${i}]`;
    if (!isPlainObject(entry)) throw new Error(`${at}: must be an object { organizationId, generatedJobs }`);
    for (const field of Object.keys(entry)) {
      if (field !== 'organizationId' && field !== 'generatedJobs') {
        throw new Error(`${at}.${field}: unknown field; known fields: organizationId, generatedJobs`);
      }
    }
    const id =
      typeof entry.organizationId === 'string' ? model.normaliseOrganizationId(entry.organizationId) : null;
    if (typeof id !== 'string') {
      throw new Error(`${at}.organizationId: ${id === null ? 'is required (a string)' : id.error}`);
    }
    if (typeof entry.generatedJobs !== 'boolean') {
      throw new Error(
        `${at}.generatedJobs: must be true or false (false switches this organization's generated jobs off)`,
      );
    }
    return entry.generatedJobs ? [] : [id];
  });
}

/** How many jobs a checked entry stands for. */
function occurrences(job: ParsedScenarioJob): number {
  return job.repeat?.count ?? 1;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Matches a number against codes, or a name against names (ignoring case, spaces, dashes and underscores). */
function matchEnum(value: unknown, codes: readonly number[], names: readonly string[]): number {
  if (typeof value === 'number') return codes.indexOf(value);
  if (typeof value !== 'string') return -1;
  const simplify = (s: string) => s.toLowerCase().replace(/[\s_/-]/g, '');
  const wanted = simplify(value);
  return names.findIndex((name) => simplify(name) === wanted);
}

/** Checks one scenario job's fields (no clock needed) and returns them typed. */
export function checkScenarioJob(model: ApiModel, raw: unknown, where: string): ParsedScenarioJob {
  const fail = (field: string, problem: string): never => {
    throw new Error(`${where}.${field}: ${problem}`);
  };
  if (!isPlainObject(raw)) throw new Error(`${where}: a job must be an object of fields`);
  const countFields = model.countGroups.flatMap((g) =>
    [g.successful, g.skipped, g.failed, g.warning, g.total].filter((f): f is string => f !== undefined),
  );
  const numberFields = new Set([...countFields, ...model.derivedFields]);
  const known = new Set([
    'type',
    'status',
    'organizationId',
    'organizationName',
    'startTime',
    'finishTime',
    'jobId',
    'repeat',
    'last',
    ...(model.levelCodes.length > 0 ? ['level'] : []),
    ...(model.api === 'dynamics365' ? ['module'] : []),
    ...numberFields,
  ]);
  const job: ParsedScenarioJob = { where, startTime: '', values: {} };
  for (const [field, value] of Object.entries(raw)) {
    if (!known.has(field)) {
      const hint = field === 'durationHours' ? ' (it is derived from startTime and finishTime)' : '';
      fail(field, `unknown field${hint}; known fields: ${[...known].join(', ')}`);
    }
    if (value === undefined) continue;
    switch (field) {
      case 'type': {
        const idx = matchEnum(
          value,
          model.types.map((t) => t.code),
          model.types.map((t) => t.name),
        );
        if (idx < 0) {
          const list = model.types.map((t) => `${t.code} (${t.name})`).join(', ');
          fail(field, `${describeValue(value)} is not a job type; use one of ${list}`);
        }
        job.typeIdx = idx;
        break;
      }
      case 'status': {
        const idx = matchEnum(value, model.statusCodes, model.statusNames);
        if (idx < 0) {
          const list = model.statusCodes.map((c, i) => `${c} (${model.statusNames[i]})`).join(', ');
          fail(field, `${describeValue(value)} is not a job status; use one of ${list}`);
        }
        job.statusIdx = idx;
        break;
      }
      case 'level': {
        const idx = matchEnum(value, model.levelCodes, model.levelNames);
        if (idx < 0) {
          const list = model.levelCodes.map((c, i) => `${c} (${model.levelNames[i]})`).join(', ');
          fail(field, `${describeValue(value)} is not a level; use one of ${list}`);
        }
        job.levelIdx = idx;
        break;
      }
      case 'organizationId': {
        if (typeof value !== 'string') fail(field, 'must be a string');
        const id = model.normaliseOrganizationId(value as string);
        if (typeof id !== 'string') fail(field, `${describeValue(value)} ${id.error}`);
        job.organizationId = id as string;
        break;
      }
      case 'organizationName':
        if (typeof value !== 'string' || value.trim() === '') fail(field, 'must be a non-empty string');
        job.organizationName = value as string;
        break;
      case 'module':
        if (value !== 'Customer Engagement' && value !== 'Finance and Operations') {
          fail(
            field,
            `${describeValue(value)} is not a module; use "Customer Engagement" or "Finance and Operations"`,
          );
        }
        job.module = value as string;
        break;
      case 'startTime':
      case 'finishTime':
        if (field === 'finishTime' && value === null) {
          job.finishTime = null;
          break;
        }
        if (value instanceof Date) {
          job[field] = value.toISOString(); // YAML turns unquoted timestamps into dates
          break;
        }
        if (
          typeof value !== 'string' ||
          (parseIsoInstant(value) === null && parseRelativeTime(value, 0) === null)
        ) {
          fail(
            field,
            `${describeValue(value)} is not an ISO 8601 time (2026-11-24T10:00:00Z) or a relative one (-1d, -2h30m, now)`,
          );
        }
        job[field] = value as string;
        break;
      case 'repeat':
        job.repeat = checkRepeat(value, (problem) => fail(field, problem));
        break;
      case 'last':
        break; // checked below, once the rest of the entry is known
      case 'jobId':
        if (typeof value !== 'string' || !JOB_ID_PATTERN.test(value)) {
          fail(field, 'must be 1 to 64 letters, digits, dots, dashes or underscores');
        }
        job.jobId = value as string;
        break;
      default:
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
          fail(field, `${describeValue(value)} is not a non-negative integer`);
        }
        job.values[field] = value as number;
    }
  }
  if (job.repeat !== undefined) {
    if (job.jobId !== undefined)
      fail('jobId', 'cannot be given with repeat: each occurrence gets its own id');
    if (job.finishTime !== undefined) {
      fail('finishTime', 'cannot be given with repeat: each occurrence finishes after its own run');
    }
    if (job.repeat.atMs !== undefined && job.startTime !== '') {
      fail(
        'startTime',
        'cannot be given with repeat.at: the occurrences end at the latest repeat.at before now',
      );
    }
    if (job.repeat.atMs !== undefined) job.startTime = 'now';
  }
  if (raw.last !== undefined) {
    if (job.repeat === undefined) fail('last', 'only applies to a repetition (give repeat too)');
    const last = raw.last;
    if (!isPlainObject(last) || !Number.isSafeInteger(last.count) || (last.count as number) < 1) {
      fail('last', 'must be { count: n, <fields of the newest n occurrences> } with n ≥ 1');
    }
    const { count, ...fields } = last as Record<string, unknown>;
    if ((count as number) > job.repeat!.count)
      fail('last.count', `is more than repeat.count (${job.repeat!.count})`);
    for (const f of ['repeat', 'last', 'startTime', 'jobId', 'organizationId']) {
      if (f in fields) fail(`last.${f}`, 'cannot differ between occurrences');
    }
    const { last: _last, ...rest } = raw;
    checkScenarioJob(model, { ...rest, ...fields }, `${where}.last`);
    job.last = { count: count as number, fields };
  }
  if (job.startTime === '') fail('startTime', 'is required (ISO 8601, or relative to now such as -1d)');
  const running = job.statusIdx === model.inProgressStatus;
  if (running && typeof job.finishTime === 'string') {
    fail(
      'finishTime',
      `must be absent or null while the job is in progress (status ${describeValue(raw.status)})`,
    );
  }
  if (!running && job.finishTime === null) {
    fail(
      'finishTime',
      'is null, which only a job in progress may be; set status to in progress or give a time',
    );
  }
  // Counts that are given must add up, whatever `now` is.
  for (const group of model.countGroups) completeGroup(group, job.values, running, fail);
  return job;
}

const TIME_OF_DAY = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

function checkRepeat(value: unknown, fail: (problem: string) => never): ScenarioRepeat {
  const shape = 'must be { every: <duration such as 1d or 6h>, count: <1 to 10000>, at?: "HH:MM" (UTC) }';
  if (!isPlainObject(value)) fail(shape);
  const { every, count, at, ...other } = value as Record<string, unknown>;
  if (Object.keys(other).length > 0)
    fail(`has unknown fields (${Object.keys(other).join(', ')}); it ${shape}`);
  const everyMs = typeof every === 'string' ? parseDuration(every) : null;
  if (everyMs === null || everyMs < 1000)
    fail(`.every ${describeValue(every)} is not a duration of 1s or more; it ${shape}`);
  if (!Number.isSafeInteger(count) || (count as number) < 1 || (count as number) > 10_000) {
    fail(`.count ${describeValue(count)} is not an integer from 1 to 10000`);
  }
  const repeat: ScenarioRepeat = { everyMs: everyMs as number, count: count as number };
  if (at !== undefined) {
    const m = typeof at === 'string' ? TIME_OF_DAY.exec(at) : null;
    if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) {
      fail(`.at ${describeValue(at)} is not a UTC time of day such as "02:00"`);
    }
    repeat.atMs = ((Number(m![1]) * 60 + Number(m![2])) * 60 + Number(m![3] ?? 0)) * 1000;
  }
  return repeat;
}

function partsOf(group: CountGroup): string[] {
  return [group.successful, group.skipped, group.failed, group.warning].filter(
    (f): f is string => f !== undefined,
  );
}

/**
 * Completes a count group the file gives in part: a missing total is the sum; missing parts take what is left
 * of the total (successful first); a job that is not running must add up exactly (decision 6).
 */
function completeGroup(
  group: CountGroup,
  values: Record<string, number>,
  running: boolean,
  fail: (field: string, problem: string) => never,
): boolean {
  const parts = partsOf(group);
  const given = [...parts, group.total].filter((f) => values[f] !== undefined);
  if (given.length === 0) return false;
  const sumGiven = parts.reduce((s, f) => s + (values[f] ?? 0), 0);
  if (values[group.total] === undefined) {
    for (const f of parts) values[f] ??= 0;
    values[group.total] = sumGiven;
    return true;
  }
  const total = values[group.total]!;
  if (sumGiven > total) {
    fail(group.total, `${parts.join(' + ')} = ${sumGiven} is more than ${group.total} = ${total}`);
  }
  const missing = parts.filter((f) => values[f] === undefined);
  for (const f of missing) values[f] = 0;
  if (running) return true;
  if (missing.length > 0) values[missing[0]!] = total - sumGiven;
  else if (sumGiven !== total) {
    fail(group.total, `${parts.join(' + ')} = ${sumGiven}, but ${group.total} = ${total}; they must add up`);
  }
  return true;
}

interface ResolveContext {
  seed: number;
  nowMs: number;
  /** The dataset's organizations; scenario orgs that are new are appended. */
  orgs: OrgProfile[];
  orgIndex: Map<string, number>;
  /** The scenario's file, when it came from one. */
  source: string | undefined;
  /** Organization ids whose generated jobs are switched off. */
  generatedOff: readonly string[];
}

/** A scenario's part for one API, resolved: its jobs, and the orgs whose generated jobs it switches off. */
export interface ResolvedScenario {
  jobs: ResolvedScenarioJob[];
  disabledOrgs: Set<number>;
}

/** Resolves a scenario's jobs for one API against `now`: times, organizations, defaults, final checks. */
export function resolveScenarioJobs(
  model: ApiModel,
  raws: readonly unknown[],
  ctx: ResolveContext,
): ResolvedScenario {
  const finishedStatus = model.outcomes.indexOf('finished' satisfies Outcome);
  const idOwners = new Map<string, string>();
  const expanded = raws.flatMap((raw, i) => {
    const where = ctx.source === undefined ? `${model.api}[${i}]` : `${ctx.source}: ${model.api}[${i}]`;
    return expandRepeat(model, raw, where, i, ctx);
  });
  const jobs = expanded.map(({ raw, where, key }) => {
    const job = checkScenarioJob(model, raw, where);
    const fail = (field: string, problem: string): never => {
      throw new Error(`${where}.${field}: ${problem}`);
    };
    const res = model.timeResolutionMs;
    const resolveTime = (field: 'startTime' | 'finishTime', text: string): number => {
      const relative = parseRelativeTime(text, ctx.nowMs);
      const ms = relative ?? parseIsoInstant(text)!.ms;
      if (ms < MIN_EXPRESSIBLE_MS || ms > MAX_EXPRESSIBLE_MS) {
        fail(field, `${text} is outside what the APIs can express (0001-01-01 to 9999-12-31, .NET ticks)`);
      }
      if (ms > ctx.nowMs) fail(field, `${text} is after now (${new Date(ctx.nowMs).toISOString()})`);
      return Math.floor(ms / res) * res;
    };
    const startMs = resolveTime('startTime', job.startTime);
    const orgIndex = resolveOrganization(model, job, ctx, fail);
    const org = ctx.orgs[orgIndex]!;
    const typeIdx = job.typeIdx ?? model.drawType(unit(ctx.seed, key, Salt.type), org);
    const statusIdx = job.statusIdx ?? finishedStatus;
    const levelIdx = job.levelIdx ?? model.drawLevel(unit(ctx.seed, key, Salt.level), typeIdx);
    const suffix = Math.floor(unit(ctx.seed, key, Salt.suffix) * 10 ** model.suffixDigits);
    const jobId = job.jobId ?? model.formatJobId(model.prefixIndex(typeIdx, org), startMs, suffix);
    const owner = idOwners.get(jobId);
    if (owner !== undefined) fail('jobId', `${jobId} is also the jobId of ${owner}; job ids must be unique`);
    idOwners.set(jobId, where);
    const core: JobCore = {
      key,
      typeIdx,
      statusIdx,
      levelIdx,
      org,
      startMs,
      jobId,
      sched: AD_HOC,
      flags: JobFlags.scenario,
    };
    const running = statusIdx === model.inProgressStatus;

    // Counts: the generated ones for the groups the file leaves out, the file's for the others.
    // A running job's generated counts would be part way; the file's status decides, so take the finished run.
    const generated = describeJob(model, ctx.seed, core, Number.POSITIVE_INFINITY);
    const values: Record<string, number> = { ...job.values };
    for (const group of model.countGroups) {
      if (!completeGroup(group, values, running, fail)) {
        for (const f of [...partsOf(group), group.total]) values[f] = generated.values[f]!;
      }
    }
    const outcome = model.outcomes[statusIdx]!;
    // Sizes and the run length follow from the counts (as for generated jobs), unless the file sets them.
    const derived = { ...values };
    const runMs = roundRunMs(
      model,
      model.deriveFields(
        new Rng(ctx.seed, key, Salt.derived),
        core,
        derived,
        running ? 'inProgress' : outcome,
      ),
    );
    for (const f of model.derivedFields) values[f] = job.values[f] ?? derived[f]!;
    let finishMs: number | null = null;
    if (!running) {
      if (typeof job.finishTime === 'string') {
        finishMs = resolveTime('finishTime', job.finishTime);
        if (finishMs < startMs) {
          fail('finishTime', `${job.finishTime} is before startTime ${job.startTime}`);
        }
      } else {
        finishMs = startMs + runMs;
      }
    }
    return { core, orgIndex, details: { finishMs, values }, explicitJobId: job.jobId !== undefined, where };
  });
  const disabledOrgs = new Set<number>();
  for (const id of ctx.generatedOff) {
    const o = ctx.orgIndex.get(id);
    if (o !== undefined) disabledOrgs.add(o);
  }
  return { jobs, disabledOrgs };
}

/**
 * One entry as the jobs it stands for: itself, or each occurrence of its repetition (oldest first, the newest
 * `last.count` with their own fields), each with its own key and a name that says which occurrence it is.
 */
function expandRepeat(
  model: ApiModel,
  raw: unknown,
  where: string,
  index: number,
  ctx: ResolveContext,
): { raw: unknown; where: string; key: number }[] {
  // The entry's own key: its defaults do not depend on how many jobs are generated.
  const key = hash3(ctx.seed, 0x5ce0, index);
  const job = checkScenarioJob(model, raw, where);
  if (job.repeat === undefined) return [{ raw, where, key }];
  const { repeat, last } = job;
  const { repeat: _r, last: _l, ...base } = raw as Record<string, unknown>;
  let newest: number;
  if (repeat.atMs !== undefined) {
    newest = Math.floor(ctx.nowMs / MS_PER_DAY) * MS_PER_DAY + repeat.atMs;
    if (newest > ctx.nowMs) newest -= MS_PER_DAY;
  } else {
    const text = job.startTime;
    const first = parseRelativeTime(text, ctx.nowMs) ?? parseIsoInstant(text)!.ms;
    newest = first + (repeat.count - 1) * repeat.everyMs;
  }
  return Array.from({ length: repeat.count }, (_, k) => {
    const start = newest - (repeat.count - 1 - k) * repeat.everyMs;
    if (start < MIN_EXPRESSIBLE_MS || start > MAX_EXPRESSIBLE_MS) {
      throw new Error(
        `${where}.repeat: occurrence ${k + 1} of ${repeat.count} would start outside what the APIs can express (0001-01-01 to 9999-12-31, .NET ticks)`,
      );
    }
    const fromNewest = repeat.count - 1 - k;
    const fields = last !== undefined && fromNewest < last.count ? last.fields : {};
    return {
      raw: { ...base, ...fields, startTime: new Date(start).toISOString() },
      where: `${where} (occurrence ${k + 1} of ${repeat.count})`,
      key: hash3(key, k, 0x7e9),
    };
  });
}

function resolveOrganization(
  model: ApiModel,
  job: ParsedScenarioJob,
  ctx: ResolveContext,
  fail: (field: string, problem: string) => never,
): number {
  if (job.organizationId === undefined) {
    if (ctx.orgs.length === 0)
      fail('organizationId', 'is required: the dataset has no generated organizations');
    return 0;
  }
  const known = ctx.orgIndex.get(job.organizationId);
  if (known !== undefined) {
    const org = ctx.orgs[known]!;
    if (job.organizationName !== undefined && job.organizationName !== org.name) {
      fail('organizationName', `${job.organizationId} is already named ${JSON.stringify(org.name)}`);
    }
    if (job.module !== undefined && job.module !== org.module) {
      fail('module', `${job.organizationId} is a ${org.module} organization`);
    }
    return known;
  }
  const org = model.organizationFor(job.organizationId, job.organizationName, job.module, ctx.seed);
  ctx.orgs.push(org);
  ctx.orgIndex.set(org.id, ctx.orgs.length - 1);
  return ctx.orgs.length - 1;
}
