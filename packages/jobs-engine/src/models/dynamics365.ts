// Dynamics 365's tables for the generator: flag-coded job types, string statuses, GUID organizations with
// names and modules, job ids like `DCIB2022081903124382222110`, entity/record counts, backupSize in bytes.
// The English build only: the package root loads every locale (~150 ms of start-up).
import { faker } from '@faker-js/faker/locale/en';
import {
  type ApiModel,
  type JobCore,
  type JobDetails,
  type OrgProfile,
  type Outcome,
  type TypeRow,
  typeTableModel,
} from '../model.js';
import { cumulativeWeights, hashText, pickCumulative, Rng } from '../random.js';
import { formatCompactTime, formatIsoMillis, MS_PER_HOUR } from '../time.js';

export const CUSTOMER_ENGAGEMENT = 'Customer Engagement';
export const FINANCE_AND_OPERATIONS = 'Finance and Operations';
export const DYNAMICS_MODULES = [CUSTOMER_ENGAGEMENT, FINANCE_AND_OPERATIONS] as const;

// flag, name, share (Customer Engagement / Finance and Operations), scheduled?, job id letters after `DC`/`DF`
const TYPE_TABLE: readonly TypeRow[] = [
  [1, 'Backup', 84, 88, true, 'IB'],
  [2, 'Restore', 3, 3, false, 'RS'],
  [4, 'Dryrun', 1.5, 1.5, false, 'DR'],
  [8, 'Retention', 5, 5, true, 'RT'],
  [16, 'AuditBackup', 4.5, 0, true, 'AB'],
  [32, 'Export', 2, 2.5, false, 'EX'],
];
const { types: TYPES, mixes: MIXES } = typeTableModel(TYPE_TABLE);
// Module letter C or F, then the type letters: index = moduleIdx * types + typeIdx.
const PREFIXES = ['C', 'F'].flatMap((m) => TYPE_TABLE.map((t) => `D${m}${t[5]}`));

const STATUS_CODES = [2, 3, 4, 7];
const STATUS_NAMES = ['InProgress', 'Finished', 'Failed', 'FinishedWithException'];
const OUTCOMES: readonly Outcome[] = ['inProgress', 'finished', 'failed', 'exception'];
const FINAL_STATUS = cumulativeWeights([0, 90, 3, 7]);

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
  const recordsPerSecond = rng.logUniform(50, 400);
  return 10_000 + rng.next() * 50_000 + (records / recordsPerSecond) * 1000 + entities * 500;
}

function renderJob(job: JobCore, d: JobDetails): string {
  const v = d.values;
  const finish =
    d.finishMs === null
      ? ''
      : `"finishTime":"${formatIsoMillis(d.finishMs)}","durationHours":${(d.finishMs - job.startMs) / MS_PER_HOUR},`;
  return (
    `{"module":"${job.org.module}","type":"${TYPES[job.typeIdx]!.name}","jobId":"${job.jobId}",` +
    `"startTime":"${formatIsoMillis(job.startMs)}",${finish}"status":"${STATUS_NAMES[job.statusIdx]}",` +
    `"successfulEntity":${v.successfulEntity},"failedEntity":${v.failedEntity},"skippedEntity":${v.skippedEntity},` +
    `"warningEntity":${v.warningEntity},"totalEntity":${v.totalEntity},"successfulRecord":${v.successfulRecord},` +
    `"failedRecord":${v.failedRecord},"skippedRecord":${v.skippedRecord},"warningRecord":${v.warningRecord},` +
    `"totalRecord":${v.totalRecord},"backupSize":${v.backupSize},"organizationId":"${job.org.id}",` +
    `"organizationName":${JSON.stringify(job.org.name)}}`
  );
}

/** An org's unique name as Dynamics writes it: lower-case letters and digits, e.g. `contosouat`. */
function uniqueName(company: string, environment: string): string {
  const base = company
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 18);
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
  inProgressStatus: 0,
  timeResolutionMs: 1,
  maxRunMs: 12 * MS_PER_HOUR,
  suffixDigits: 5,
  prefixes: PREFIXES,
  countGroups: COUNT_GROUPS,
  derivedFields: ['backupSize'],

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
      for (let n = 2; names.has(name); n++) name = `${uniqueName(name, '')}${n}`;
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

  drawType: (u, org) => pickCumulative(MIXES[org.mix]!, u),
  drawStatus: (u) => pickCumulative(FINAL_STATUS, u),
  drawLevel: () => 0,

  planTotals,
  deriveFields,
  renderJob,
};
