// Salesforce's tables for the generator: job types and their mix, statuses, hidden levels, 18-character org ids,
// job ids like `AI20241015105312327583`, record/object/metadata counts, and the job's JSON text.
// The English build only: the package root loads every locale (~150 ms of start-up).
import { faker } from '@faker-js/faker/locale/en';
import { salesforce } from '@jobwatch/api-descriptions';
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
import { compactTimeOf, formatCompactTime, formatIsoSeconds, MS_PER_HOUR } from '../time.js';

// type code (its name is the spec's), share in an org without / with continuous data protection, scheduled?,
// job id prefix
const TYPE_TABLE: readonly TypeRow[] = [
  [1, 64, 22, true, 'BK'],
  [2, 4, 3, false, 'OB'],
  [3, 2.5, 2.5, false, 'RS'],
  [4, 1, 1, false, 'PR'],
  [5, 1.2, 1, false, 'CO'],
  [6, 1, 1, false, 'AR'],
  [7, 0.6, 0.5, false, 'SM'],
  [8, 0.6, 0.5, false, 'IA'],
  [9, 3, 2, true, 'RT'],
  [10, 0.8, 0.5, false, 'DS'],
  [11, 2, 1.5, false, 'BE'],
  [12, 1.2, 1, false, 'OE'],
  [13, 2.5, 2, true, 'AE'],
  [14, 0.6, 0.5, false, 'DC'],
  [15, 0.8, 0.6, false, 'SS'],
  [16, 1.2, 1, false, 'GR'],
  [17, 0, 52, true, 'CP'],
  [18, 0.6, 0.5, false, 'DV'],
  [19, 0.4, 0.3, false, 'OD'],
  [20, 6, 4, true, 'AI'],
  [21, 0.6, 0.4, false, 'AX'],
  [22, 1, 0.8, true, 'AA'],
];

const { type: TYPE_FILTER, status: STATUS_FILTER, level: LEVEL_FILTER } = salesforce.filters;
// Salesforce jobs show numbers; the words (x-enum-descriptions) name them in scenarios and messages.
const { types: TYPES, mixes: MIXES } = typeTableModel(TYPE_TABLE, TYPE_FILTER, TYPE_FILTER.descriptions);
const PREFIXES = TYPE_TABLE.map((t) => t[4]);

const STATUS_CODES = STATUS_FILTER.values;
const STATUS_NAMES = STATUS_FILTER.descriptions;
const OUTCOMES: readonly Outcome[] = bySpecName<Outcome>(STATUS_FILTER, {
  InProgress: 'inProgress',
  Finished: 'finished',
  FinishedWithException: 'exception',
  Failed: 'failed',
  Paused: 'stopped',
  Stopped: 'stopped',
  Skipped: 'skipped',
});
// Final statuses (never in progress, never Skipped: a run is skipped only when the previous run of its schedule
// is still going, which the generator decides).
const STATUS_SCHEDULED = weightsBySpecName(STATUS_FILTER, {
  Finished: 90,
  FinishedWithException: 6,
  Failed: 3,
  Paused: 0.3,
  Stopped: 0.7,
});
const STATUS_ON_DEMAND = weightsBySpecName(STATUS_FILTER, {
  Finished: 89,
  FinishedWithException: 6,
  Failed: 4,
  Paused: 0.3,
  Stopped: 0.7,
});

// What each org runs on its own (engine/plan.ts), in its time zone.
const SCHEDULES: readonly ScheduleSpec[] = [
  { cadence: 'nightly', typeCode: 1, capHours: 7 },
  { cadence: 'every', typeCode: 20, everyHours: 12, offsetHours: 5, capHours: 1.5 },
  { cadence: 'weekly', typeCode: 9, capHours: 3 },
  { cadence: 'weekly', typeCode: 13, share: 0.4, offsetHours: 2, capHours: 4 },
  { cadence: 'weekly', typeCode: 22, share: 0.25, offsetHours: 1, capHours: 1 },
  // Continuous data protection: hourly; a run that overruns makes the next one Skipped.
  { cadence: 'every', typeCode: 17, everyHours: 1, cdpOnly: true, capHours: 1.5, overrunChance: 0.03 },
];
// Ad-hoc jobs (started by people, mostly in working hours); the first is what a second full backup of a day
// becomes.
const AD_HOC: readonly (readonly [number, number])[] = [
  [3, 2.5],
  [2, 4],
  [4, 1],
  [5, 1.2],
  [6, 1],
  [7, 0.6],
  [8, 0.6],
  [10, 0.8],
  [11, 2],
  [12, 1.2],
  [14, 0.6],
  [15, 0.8],
  [16, 1.2],
  [18, 0.6],
  [19, 0.4],
  [21, 0.6],
];

const LEVEL_CODES = LEVEL_FILTER!.values;
const levelMix = (weights: Readonly<Record<string, number>>) => weightsBySpecName(LEVEL_FILTER!, weights);
const ORG_LEVEL = levelMix({ Organization: 80, Object: 12, Metadata: 8 });
const GRANULAR = levelMix({ Object: 40, Record: 35, Field: 15, Metadata: 10 });
const OBJECTS = levelMix({ Object: 100 });
const OBJECTS_OR_RECORDS = levelMix({ Object: 65, Record: 35 });
const ORG_OR_OBJECTS = levelMix({ Organization: 35, Object: 65 });
const NOT_APPLICABLE = levelMix({ NotApplicable: 100 });
const ORGANIZATION = levelMix({ Organization: 100 });
const RECORD = levelMix({ Record: 100 });
const LEVEL_MIX_BY_CODE: Record<number, Float64Array> = {
  // The nightly backup is nearly always of the whole org.
  1: levelMix({ Organization: 93, Object: 2, Metadata: 5 }),
  2: ORG_LEVEL,
  3: GRANULAR,
  4: GRANULAR,
  5: levelMix({ Object: 50, Record: 30, Metadata: 20 }),
  6: OBJECTS_OR_RECORDS,
  7: GRANULAR,
  8: OBJECTS,
  9: NOT_APPLICABLE,
  10: NOT_APPLICABLE,
  11: ORG_OR_OBJECTS,
  12: ORG_OR_OBJECTS,
  13: ORG_OR_OBJECTS,
  14: OBJECTS_OR_RECORDS,
  15: ORG_OR_OBJECTS,
  16: ORGANIZATION,
  17: RECORD,
  18: OBJECTS,
  19: OBJECTS,
  20: NOT_APPLICABLE,
  21: NOT_APPLICABLE,
  22: NOT_APPLICABLE,
};

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const PODS = ['5g', '8c', 'Hn', 'Dn', '4x', '2w', '1U', '0K', 'Kb', '6A', '7Q', 'Ak'];

/** The 3-character suffix that makes a 15-character Salesforce id case-insensitive-unique (uppercase bitmap). */
export function salesforceIdChecksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET[bits];
  }
  return suffix;
}

const ORG_ID_PATTERN = salesforce.organization.pattern!;

function orgTraits(rng: Rng) {
  return {
    weight: 0.4 + 1.2 * rng.next(),
    objects: rng.int(150, 900),
    records: Math.round(rng.logUniform(2e5, 8e7)),
    metadata: Math.round(rng.logUniform(800, 25_000)),
    recordBytes: Math.round(rng.logUniform(600, 2500)),
  };
}

const COUNT_GROUPS = [
  {
    total: 'totalRecords',
    successful: 'successfulRecords',
    failed: 'failedRecords',
    skipped: 'skippedRecords',
  },
  {
    total: 'totalObjects',
    successful: 'successfulObjects',
    failed: 'failedObjects',
    skipped: 'skippedObjects',
  },
  { total: 'totalMetadata', successful: 'successfulMetadata', failed: 'failedMetadata' },
] as const;

function clampInt(value: number, max: number): number {
  return Math.max(0, Math.min(Math.round(value), Math.max(0, Math.round(max))));
}

/** The work a run plans, by type and level (a metadata-level run touches metadata only, and so on). */
function planTotals(rng: Rng, job: JobCore): Record<string, number> {
  const { objects: O, records: R, metadata: M } = job.org;
  const code = TYPES[job.typeIdx]!.code;
  const level = LEVEL_CODES[job.levelIdx]!;
  let objects = 0;
  let records = 0;
  let metadata = 0;
  if (level === 5) {
    metadata = code <= 2 ? clampInt(M * (0.6 + 0.4 * rng.next()), M) : rng.int(1, 250);
  } else if (code === 1 || code === 2 || code === 16) {
    objects = level === 1 ? O : rng.int(1, Math.max(1, O >> 2));
    const share = code === 2 ? rng.logUniform(0.01, 0.4) : rng.logUniform(5e-4, 0.02);
    records = code === 16 ? 0 : clampInt(R * share * (level === 1 ? 1 : 0.2), R);
    metadata = level === 1 && code !== 16 ? M : 0;
  } else if (code === 17) {
    objects = rng.int(1, 15);
    records = Math.round(rng.logUniform(1, 5000));
  } else if (code >= 20) {
    // Audit logs: a few log objects and their events.
    objects = rng.int(1, 3);
    records = Math.round(rng.logUniform(200, code === 20 ? 60_000 : 400_000));
  } else if (code === 9 || code === 10) {
    objects = O;
    records = code === 9 ? clampInt(rng.logUniform(100, Math.max(101, R * 0.02)), R) : 0;
    metadata = code === 10 ? M : 0;
  } else if (level === 1) {
    objects = O;
    records = clampInt(R * rng.logUniform(0.05, 1), R);
  } else if (level === 2) {
    objects = rng.int(1, code === 8 ? Math.max(1, O >> 1) : 30);
    records = clampInt(rng.logUniform(10, 250_000), R);
  } else if (level === 3) {
    objects = rng.int(1, 3);
    records = rng.int(1, 500);
  } else {
    objects = 1;
    records = rng.int(1, 2000);
  }
  return { totalRecords: records, totalObjects: objects, totalMetadata: metadata };
}

/** dataSize (KB) and apiCalls from what was processed; the run length follows from the same work. */
/** Backup, on-demand backup, retention and auto export read every object of the org. */
const FULL_SCAN_CODES = new Set([1, 2, 9, 13]);

function deriveFields(rng: Rng, job: JobCore, v: Record<string, number>, outcome: Outcome): number {
  const records = v.successfulRecords! + v.failedRecords!;
  const objects = v.successfulObjects! + v.failedObjects!;
  const metadata = v.successfulMetadata! + v.failedMetadata!;
  v.dataSize = Math.round((v.successfulRecords! * job.org.recordBytes) / 1024 + v.successfulMetadata! * 2.5);
  v.apiCalls = objects * 2 + Math.ceil(records / 2000) + Math.ceil(metadata / 50) + (objects > 0 ? 1 : 0);
  if (outcome === 'skipped') return 1000 + rng.next() * 4000;
  const code = TYPES[job.typeIdx]!.code;
  // Continuous data protection captures changes for most of its hour.
  if (code === 17) return (30 + rng.next() * 25) * 60_000;
  // Full runs query every object (seconds each, more for big orgs); the records then go at a drawn throughput.
  const perObjectMs = FULL_SCAN_CODES.has(code) ? rng.logUniform(4000, 15_000) : 600;
  // Audit-log events come from the event log files, slowly.
  const recordsPerSecond = code >= 20 ? rng.logUniform(15, 80) : rng.logUniform(150, 1500);
  return (
    15_000 + rng.next() * 60_000 + (records / recordsPerSecond) * 1000 + objects * perObjectMs + metadata * 15
  );
}

function renderJob(job: JobCore, d: JobDetails): string {
  const v = d.values;
  return (
    `{"type":${TYPES[job.typeIdx]!.code},"jobId":"${job.jobId}","startTime":"${formatIsoSeconds(job.startMs)}",` +
    `"finishTime":${d.finishMs === null ? 'null' : `"${formatIsoSeconds(d.finishMs)}"`},` +
    `"status":${STATUS_CODES[job.statusIdx]},"successfulRecords":${v.successfulRecords},` +
    `"skippedRecords":${v.skippedRecords},"failedRecords":${v.failedRecords},"totalRecords":${v.totalRecords},` +
    `"successfulMetadata":${v.successfulMetadata},"failedMetadata":${v.failedMetadata},` +
    `"totalMetadata":${v.totalMetadata},"successfulObjects":${v.successfulObjects},` +
    `"skippedObjects":${v.skippedObjects},"failedObjects":${v.failedObjects},"totalObjects":${v.totalObjects},` +
    `"dataSize":${v.dataSize},"apiCalls":${v.apiCalls},"organizationId":"${job.org.id}"}`
  );
}

export const salesforceModel: ApiModel = {
  api: 'salesforce',
  types: TYPES,
  statusCodes: STATUS_CODES,
  statusNames: STATUS_NAMES,
  outcomes: OUTCOMES,
  levelCodes: LEVEL_CODES,
  levelNames: LEVEL_FILTER!.descriptions,
  inProgressStatus: STATUS_CODES.indexOf(salesforce.job.inProgressStatus),
  timeResolutionMs: 1000,
  maxRunMs: 8 * MS_PER_HOUR,
  suffixDigits: 6,
  prefixes: PREFIXES,
  countGroups: COUNT_GROUPS,
  derivedFields: ['dataSize', 'apiCalls'],
  schedules: SCHEDULES,
  adHoc: AD_HOC,
  adHocFullBackupCode: 2,
  adHocCapHours: 5,

  createOrganizations(seed, count) {
    // The shared English instance, reseeded per call: the same draws in any process.
    faker.seed(seed);
    const orgs: OrgProfile[] = [];
    const ids = new Set<string>();
    const names = new Set<string>();
    for (let i = 0; i < count; i++) {
      let id15: string;
      do {
        const pod = PODS[faker.number.int({ min: 0, max: PODS.length - 1 })]!;
        id15 = `00D${pod}0000${faker.string.alphanumeric({ length: 6, casing: 'mixed' })}`;
      } while (ids.has(id15));
      ids.add(id15);
      let name = faker.company.name();
      if (names.has(name)) name = `${name} ${i}`;
      names.add(name);
      const traits = orgTraits(new Rng(seed, i, 0x5f0));
      orgs.push({
        id: id15 + salesforceIdChecksum(id15),
        name,
        ...traits,
        // One org in ten has continuous data protection.
        mix: faker.number.int(9) < 1 ? 1 : 0,
      });
    }
    return orgs;
  },

  organizationFor(id, name, _module, seed) {
    const traits = orgTraits(new Rng(seed, hashText(id), 0x5f1));
    return { id, name: name ?? `Organization ${id}`, ...traits, mix: 0 };
  },

  normaliseOrganizationId(value) {
    if (!ORG_ID_PATTERN.test(value))
      return { error: 'must be a 15- or 18-character Salesforce organization id' };
    const id15 = value.slice(0, 15);
    const expected = id15 + salesforceIdChecksum(id15);
    if (value.length === 18 && value !== expected) {
      return { error: `has a wrong checksum: the 18-character form of ${id15} is ${expected}` };
    }
    return expected;
  },

  prefixIndex: (typeIdx) => typeIdx,
  formatJobId: (prefixIdx, startMs, suffix) =>
    PREFIXES[prefixIdx]! + formatCompactTime(startMs, 14) + String(suffix).padStart(6, '0'),

  jobIdTime: (jobId) => compactTimeOf(/^[A-Z]{2}(\d{14})\d{6}$/.exec(jobId)?.[1]),
  drawType: (u, org) => pickCumulative(MIXES[org.mix ?? 0]!, u),
  drawStatus: (u, typeIdx) =>
    pickCumulative(TYPES[typeIdx]!.scheduled ? STATUS_SCHEDULED : STATUS_ON_DEMAND, u),
  drawLevel: (u, typeIdx) => pickCumulative(LEVEL_MIX_BY_CODE[TYPES[typeIdx]!.code]!, u),

  planTotals,
  deriveFields,
  // Salesforce has one revision, which writes enums by value: renderJob needs no rendering argument.
  defaultEnums: 'value',
  renderJob,
};
