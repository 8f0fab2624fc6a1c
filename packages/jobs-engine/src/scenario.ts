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
import { parseIsoInstant, parseRelativeTime } from './time.js';
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

/** Reads a scenario file (JSON or YAML) and checks every job; errors name the file, the API, the job and the field. */
export function parseScenario(text: string, fileName: string): Scenario {
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
    if (!Array.isArray(value)) throw new Error(`${fileName}: ${key} must be a list of jobs`);
    value.forEach((job, i) => {
      checkScenarioJob(modelFor(key as ApiName), job, `${fileName}: ${key}[${i}]`);
    });
    scenario[key as ApiName] = value as ScenarioJob[];
  }
  return scenario;
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
  const jobs = raws.map((raw, i) => {
    const where = ctx.source === undefined ? `${model.api}[${i}]` : `${ctx.source}: ${model.api}[${i}]`;
    const job = checkScenarioJob(model, raw, where);
    const fail = (field: string, problem: string): never => {
      throw new Error(`${where}.${field}: ${problem}`);
    };
    // The entry's own key: its defaults do not depend on how many jobs are generated.
    const key = hash3(ctx.seed, 0x5ce0, i);
    const res = model.timeResolutionMs;
    const resolveTime = (field: 'startTime' | 'finishTime', text: string): number => {
      const relative = parseRelativeTime(text, ctx.nowMs);
      const ms = relative ?? parseIsoInstant(text)!.ms;
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
  return { jobs, disabledOrgs: new Set() };
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
