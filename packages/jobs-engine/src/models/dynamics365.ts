// Dynamics 365's tables for the generator: flag-coded job types, string statuses, GUID organizations with
// names and modules, job ids like `DCIB2022081903124382222110`, entity/record counts, backupSize in bytes.
// The English build only: the package root loads every locale (~150 ms of start-up).
import { faker } from '@faker-js/faker/locale/en';
import { dynamics365 } from '@jobwatch/api-descriptions';
import {
  type ApiModel,
  bySpecName,
  type JobCore,
  type JobDetails,
  type OrgProfile,
  type Outcome,
  type ScheduleSpec,
  type TypeRow,
  typeTableModel,
  weightsBySpecName,
} from '../model.js';
import { hashText, pickCumulative, Rng } from '../random.js';
import { compactTimeOf, formatCompactTime, formatIsoMillis, MS_PER_HOUR } from '../time.js';
import type { EnumRendering } from '../types.js';

// The spec's two modules, in its order: Customer Engagement, Finance and Operations.
const [CUSTOMER_ENGAGEMENT, FINANCE_AND_OPERATIONS] =
  dynamics365.walker.enum<string>('DynamicsModule').values;
if (CUSTOMER_ENGAGEMENT === undefined || FINANCE_AND_OPERATIONS === undefined) {
  throw new Error('the Dynamics spec must list its two modules in DynamicsModule');
}

// flag (its name is the spec's), share (Customer Engagement / Finance and Operations), scheduled?, job id letters
// after `DC`/`DF`
const TYPE_TABLE: readonly TypeRow[] = [
  [1, 84, 88, true, 'IB'],
  [2, 3, 3, false, 'RS'],
  [4, 1.5, 1.5, false, 'DR'],
  [8, 5, 5, true, 'RT'],
  [16, 4.5, 0, true, 'AB'],
  [32, 2, 2.5, false, 'EX'],
];
const { type: TYPE_FILTER, status: STATUS_FILTER } = dynamics365.filters;
// Dynamics 2024-10 jobs show the identifiers (x-enum-varnames): they are the names.
const { types: TYPES, mixes: MIXES } = typeTableModel(TYPE_TABLE, TYPE_FILTER, TYPE_FILTER.names);
// Module letter C or F, then the type letters: index = moduleIdx * types + typeIdx.
const PREFIXES = ['C', 'F'].flatMap((m) => TYPE_TABLE.map((t) => `D${m}${t[4]}`));

const STATUS_CODES = STATUS_FILTER.values;
const STATUS_NAMES = STATUS_FILTER.names;
const OUTCOMES: readonly Outcome[] = bySpecName<Outcome>(STATUS_FILTER, {
  InProgress: 'inProgress',
  Finished: 'finished',
  Failed: 'failed',
  FinishedWithException: 'exception',
});
const FINAL_STATUS = weightsBySpecName(STATUS_FILTER, { Finished: 90, Failed: 3, FinishedWithException: 7 });

// What each org runs on its own (engine/plan.ts), in its time zone; audit backups exist for Customer Engagement.
const SCHEDULES: readonly ScheduleSpec[] = [
  { cadence: 'nightly', typeCode: 1, capHours: 7 },
  // Audit data is pulled every 4 hours.
  { cadence: 'every', typeCode: 16, everyHours: 4, offsetHours: 2, module: CUSTOMER_ENGAGEMENT, capHours: 2 },
  { cadence: 'weekly', typeCode: 8, capHours: 3 },
  { cadence: 'weekly', typeCode: 32, share: 0.35, offsetHours: 2, capHours: 4 },
];
const AD_HOC: readonly (readonly [number, number])[] = [
  [2, 3],
  [4, 1.5],
  [32, 2],
];

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENVIRONMENTS = ['', '', 'prod', 'uat', 'dev', 'test', 'sandbox'];

function orgTraits(rng: Rng, module: string) {
  const fno = module === FINANCE_AND_OPERATIONS;
  return {
    weight: 0.4 + 1.2 * rng.next(),
    objects: fno ? rng.int(200, 1500) : rng.int(60, 400),
    records: Math.round(rng.logUniform(1e5, 5e7)),
    metadata: 0,
    recordBytes: Math.round(rng.logUniform(40, 400)),
    module,
    mix: fno ? 1 : 0,
  };
}

const COUNT_GROUPS = [
  {
    total: 'totalRecord',
    successful: 'successfulRecord',
    failed: 'failedRecord',
    skipped: 'skippedRecord',
    warning: 'warningRecord',
  },
  {
    total: 'totalEntity',
    successful: 'successfulEntity',
    failed: 'failedEntity',
    skipped: 'skippedEntity',
    warning: 'warningEntity',
  },
] as const;

function planTotals(rng: Rng, job: JobCore): Record<string, number> {
  const { objects: E, records: R } = job.org;
  const cap = (n: number) => Math.max(0, Math.min(Math.round(n), R));
  let entities: number;
  let records: number;
  switch (TYPES[job.typeIdx]!.code) {
    case 1:
      entities = Math.max(1, Math.round(E * (0.85 + 0.15 * rng.next())));
      records = cap(R * rng.logUniform(2e-4, 0.01));
      break;
    case 2:
    case 4:
      entities = rng.int(1, 15);
      records = cap(rng.logUniform(10, 50_000));
      break;
    case 8:
      entities = E;
      records = cap(rng.logUniform(100, Math.max(101, R * 0.02)));
      break;
    case 16:
      entities = rng.int(1, 2);
      records = cap(rng.logUniform(500, 200_000));
      break;
    default:
      entities = rng.int(1, 40);
      records = cap(rng.logUniform(100, Math.max(101, R * 0.1)));
  }
  return { totalEntity: entities, totalRecord: records };
}

function deriveFields(rng: Rng, job: JobCore, v: Record<string, number>, outcome: Outcome): number {
  const records = v.successfulRecord! + v.failedRecord! + v.warningRecord!;
  const entities = v.successfulEntity! + v.failedEntity! + v.warningEntity!;
  v.backupSize = Math.round(v.successfulRecord! * job.org.recordBytes + v.successfulEntity! * 2048);
  if (outcome === 'skipped') return 1000;
  // Backups and retention copy every entity (tens of seconds each): hours for big orgs, more in Finance and
  // Operations.
  const code = TYPES[job.typeIdx]!.code;
  const perEntityMs = code === 1 || code === 8 ? rng.logUniform(15_000, 60_000) : 500;
  // Audit records are read slowly from the audit tables.
  const recordsPerSecond = code === 16 ? rng.logUniform(10, 60) : rng.logUniform(50, 400);
  return 10_000 + rng.next() * 50_000 + (records / recordsPerSecond) * 1000 + entities * perEntityMs;
}

/**
 * A job in either revision: 2024-10 writes type and status by name (`"Backup"`, `"Finished"`, decision 21),
 * 2025-04 by value (`1`, `3`, decision 28). Every other byte is the same.
 */
function renderJob(job: JobCore, d: JobDetails, enums: EnumRendering): string {
  const v = d.values;
  const type = enums === 'value' ? String(TYPES[job.typeIdx]!.code) : `"${TYPES[job.typeIdx]!.name}"`;
  const status = enums === 'value' ? String(STATUS_CODES[job.statusIdx]) : `"${STATUS_NAMES[job.statusIdx]}"`;
  const finish =
    d.finishMs === null
      ? ''
      : `"finishTime":"${formatIsoMillis(d.finishMs)}","durationHours":${(d.finishMs - job.startMs) / MS_PER_HOUR},`;
  return (
    `{"module":"${job.org.module}","type":${type},"jobId":"${job.jobId}",` +
    `"startTime":"${formatIsoMillis(job.startMs)}",${finish}"status":${status},` +
    `"successfulEntity":${v.successfulEntity},"failedEntity":${v.failedEntity},"skippedEntity":${v.skippedEntity},` +
    `"warningEntity":${v.warningEntity},"totalEntity":${v.totalEntity},"successfulRecord":${v.successfulRecord},` +
    `"failedRecord":${v.failedRecord},"skippedRecord":${v.skippedRecord},"warningRecord":${v.warningRecord},` +
    `"totalRecord":${v.totalRecord},"backupSize":${v.backupSize},"organizationId":"${job.org.id}",` +
    `"organizationName":${JSON.stringify(job.org.name)}}`
  );
}

const TYPE_CODE_BY_NAME = new Map(TYPES.map((t) => [t.name, t.code]));
const STATUS_CODE_BY_NAME = new Map(STATUS_NAMES.map((name, i) => [name, STATUS_CODES[i]!]));

/**
 * The value rendering of a job from its name rendering: renderJob writes `,"type":"<name>",` and
 * `,"status":"<name>",` once each (no other key ends so, and inside a JSON string every quote is escaped).
 */
function reEnum(text: string, enums: EnumRendering): string | null {
  if (enums === 'name') return text;
  const swap = (from: number, key: string, codes: ReadonlyMap<string, number>) => {
    const at = text.indexOf(key, from);
    if (at < 0) return null;
    const start = at + key.length;
    const end = text.indexOf('"', start);
    const code = end < 0 ? undefined : codes.get(text.slice(start, end));
    return code === undefined ? null : { at, start, end, code };
  };
  const type = swap(0, ',"type":"', TYPE_CODE_BY_NAME);
  const status = type === null ? null : swap(type.end, ',"status":"', STATUS_CODE_BY_NAME);
  if (type === null || status === null) return null;
  return (
    text.slice(0, type.start - 1) +
    type.code +
    text.slice(type.end + 1, status.start - 1) +
    status.code +
    text.slice(status.end + 1)
  );
}

const MAX_NAME_BASE = 18;

/**
 * An org's unique name as Dynamics writes it: lower-case letters and digits, e.g. `contosouat`. Long company
 * names keep whole words (`schmittgroup`, not `schmittgrouphaagen`), cut only when the first word alone is long.
 */
export function uniqueName(company: string, environment: string): string {
  const words = company
    .toLowerCase()
    .normalize('NFKD')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && w !== 'and');
  let base = '';
  for (const word of words) {
    if (base.length + word.length > MAX_NAME_BASE) break;
    base += word;
  }
  if (base === '' && words.length > 0) base = words[0]!.slice(0, MAX_NAME_BASE);
  return (base || 'org') + environment;
}

export const dynamics365Model: ApiModel = {
  api: 'dynamics365',
  types: TYPES,
  statusCodes: STATUS_CODES,
  statusNames: STATUS_NAMES,
  outcomes: OUTCOMES,
  levelCodes: [],
  levelNames: [],
  inProgressStatus: STATUS_CODES.indexOf(dynamics365.job.inProgressStatus),
  timeResolutionMs: 1,
  maxRunMs: 8 * MS_PER_HOUR,
  suffixDigits: 5,
  prefixes: PREFIXES,
  countGroups: COUNT_GROUPS,
  derivedFields: ['backupSize'],
  schedules: SCHEDULES,
  adHoc: AD_HOC,
  adHocFullBackupCode: null,
  adHocCapHours: 5,

  createOrganizations(seed, count) {
    // The shared English instance, reseeded per call: the same draws in any process.
    faker.seed(seed ^ 0x365);
    const orgs: OrgProfile[] = [];
    const ids = new Set<string>();
    const names = new Set<string>();
    for (let i = 0; i < count; i++) {
      let id: string;
      do id = faker.string.uuid();
      while (ids.has(id));
      ids.add(id);
      const environment = ENVIRONMENTS[faker.number.int(ENVIRONMENTS.length - 1)]!;
      let name = uniqueName(faker.company.name(), environment);
      const taken = name;
      for (let n = 2; names.has(name); n++) name = `${taken}${n}`;
      names.add(name);
      const module = faker.number.int(9) < 8 ? CUSTOMER_ENGAGEMENT : FINANCE_AND_OPERATIONS;
      orgs.push({ id, name, ...orgTraits(new Rng(seed, i, 0xd365), module) });
    }
    return orgs;
  },

  organizationFor(id, name, module, seed) {
    const traits = orgTraits(new Rng(seed, hashText(id), 0xd366), module ?? CUSTOMER_ENGAGEMENT);
    return { id, name: name ?? `org${id.slice(0, 8)}`, ...traits };
  },

  normaliseOrganizationId(value) {
    return GUID_PATTERN.test(value) ? value.toLowerCase() : { error: 'must be a GUID' };
  },

  prefixIndex: (typeIdx, org) => (org.module === FINANCE_AND_OPERATIONS ? TYPES.length : 0) + typeIdx,
  formatJobId: (prefixIdx, startMs, suffix) =>
    PREFIXES[prefixIdx]! + formatCompactTime(startMs, 17) + String(suffix).padStart(5, '0'),

  jobIdTime: (jobId) => compactTimeOf(/^D[CF][A-Z]{2}(\d{17})\d{5}$/.exec(jobId)?.[1]),
  drawType: (u, org) => pickCumulative(MIXES[org.mix]!, u),
  drawStatus: (u) => pickCumulative(FINAL_STATUS, u),
  drawLevel: () => 0,

  planTotals,
  deriveFields,
  defaultEnums: 'name',
  renderJob,
  reEnum,
};
