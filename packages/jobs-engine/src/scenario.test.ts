import { describe, expect, it } from 'vitest';
import { createDataset } from './dataset.js';
import { checkScenario, parseScenario } from './scenario.js';
import type { JobQuery } from './types.js';

const now = new Date('2026-11-25T12:00:00Z');
const nowMs = now.getTime();
const DAY = 86_400_000;
const allOf = (org: string | null = null): JobQuery => ({
  fromMs: 0,
  toMs: nowMs,
  types: null,
  status: null,
  level: null,
  organizationId: org,
  offset: 0,
  limit: 1000,
});

const yaml = `
# a failed restore for org X yesterday, and a running backup
salesforce:
  - type: 3
    status: 4
    level: 2
    organizationId: 00D5g000004SZJbEAO
    organizationName: Org X
    startTime: "-1d"
    finishTime: "-23h"
    totalRecords: 120
    successfulRecords: 100
    failedRecords: 20
  - type: Backup
    status: In progress
    organizationId: 00D5g000004SZJb
    startTime: "-10m"
dynamics365:
  - type: Restore
    status: Failed
    organizationId: 6F1C2B8E-3D4A-4F5B-9C7D-2E8F1A0B3C4D
    organizationName: uatorg123
    module: Finance and Operations
    startTime: 2026-11-24T10:00:00.250Z
    finishTime: 2026-11-24T10:30:00Z
    jobId: DFRS2026112410000025012345
`;

describe('parseScenario', () => {
  it('reads YAML and JSON alike', () => {
    const fromYaml = parseScenario(yaml, 'tests.yaml');
    expect(fromYaml.salesforce).toHaveLength(2);
    expect(fromYaml.source).toBe('tests.yaml');
    const fromJson = parseScenario(JSON.stringify({ dynamics365: fromYaml.dynamics365 }), 'tests.json');
    expect(fromJson.dynamics365).toHaveLength(1);
    expect(parseScenario('', 'empty.yaml')).toEqual({ source: 'empty.yaml' });
  });

  it.each([
    [
      '{"salesforce": [{"startTime": "-1d", "colour": "red"}]}',
      'bad.json: salesforce[0].colour: unknown field',
    ],
    ['{"salesforce": [{}]}', 'bad.json: salesforce[0].startTime: is required'],
    [
      '{"salesforce": [{"startTime": "-1d", "type": 23}]}',
      'bad.json: salesforce[0].type: 23 is not a job type',
    ],
    ['{"salesforce": [{"startTime": "-1d", "level": 7}]}', 'bad.json: salesforce[0].level: 7 is not a level'],
    [
      '{"salesforce": [{"startTime": "-1d", "status": "Done"}]}',
      'bad.json: salesforce[0].status: "Done" is not a job status',
    ],
    [
      '{"salesforce": [{"startTime": "yesterday"}]}',
      'bad.json: salesforce[0].startTime: "yesterday" is not an ISO 8601 time',
    ],
    ['{"salesforce": [{"startTime": "2024-02-30T00:00:00Z"}]}', 'bad.json: salesforce[0].startTime'],
    [
      '{"salesforce": [{"startTime": "-1d", "organizationId": "00D5g000004SZJbAAA"}]}',
      'bad.json: salesforce[0].organizationId: "00D5g000004SZJbAAA" has a wrong checksum',
    ],
    [
      '{"salesforce": [{"startTime": "-1d", "totalRecords": -1}]}',
      'bad.json: salesforce[0].totalRecords: -1 is not a non-negative integer',
    ],
    [
      '{"salesforce": [{"startTime": "-1d", "totalRecords": "9"}]}',
      'bad.json: salesforce[0].totalRecords: "9" is not a non-negative integer',
    ],
    [
      '{"salesforce": [{"startTime": "-1d", "totalRecords": 10, "successfulRecords": 5, "failedRecords": 1, "skippedRecords": 1}]}',
      'bad.json: salesforce[0].totalRecords: successfulRecords + skippedRecords + failedRecords = 7, but totalRecords = 10',
    ],
    [
      '{"salesforce": [{"startTime": "-1d", "totalMetadata": 3, "successfulMetadata": 5}]}',
      'bad.json: salesforce[0].totalMetadata: successfulMetadata + failedMetadata = 5 is more than totalMetadata = 3',
    ],
    [
      '{"salesforce": [{"startTime": "-1d", "status": 1, "finishTime": "-1h"}]}',
      'bad.json: salesforce[0].finishTime: must be absent or null',
    ],
    [
      '{"salesforce": [{"startTime": "-1d", "finishTime": null}]}',
      'bad.json: salesforce[0].finishTime: is null',
    ],
    [
      '{"dynamics365": [{"startTime": "-1d", "durationHours": 1}]}',
      'bad.json: dynamics365[0].durationHours: unknown field (it is derived',
    ],
    [
      '{"dynamics365": [{"startTime": "-1d", "organizationId": "x"}]}',
      'bad.json: dynamics365[0].organizationId: "x" must be a GUID',
    ],
    [
      '{"dynamics365": [{"startTime": "-1d", "module": "Sales"}]}',
      'bad.json: dynamics365[0].module: "Sales" is not a module',
    ],
    ['{"dynamics365": [{"startTime": "-1d", "level": 1}]}', 'bad.json: dynamics365[0].level: unknown field'],
    [
      '{"dynamics365": [{"startTime": "-1d", "jobId": "a\\"b"}]}',
      'bad.json: dynamics365[0].jobId: must be 1 to 64',
    ],
    ['{"azure": []}', 'bad.json: unknown key "azure"'],
    ['{"salesforce": 3}', 'bad.json: salesforce must be a list of jobs'],
    ['{"salesforce": {"orgs": []}}', 'bad.json: salesforce.orgs: unknown key'],
    ['[1]', 'bad.json: a scenario is an object'],
    ['{"salesforce": [1]}', 'bad.json: salesforce[0]: a job must be an object'],
    ['{', 'bad.json: not valid JSON'],
  ])('rejects %s', (text, message) => {
    expect(() => parseScenario(text, 'bad.json')).toThrow(message);
  });

  it('names the file in errors that need the clock, found when the dataset is built', () => {
    const base = { seed: 1, jobs: 100, orgs: 3, now };
    const late = parseScenario('{"salesforce": [{"startTime": "+1h"}]}', 'late.json');
    expect(() => createDataset('salesforce', { ...base, scenario: late })).toThrow(
      'late.json: salesforce[0].startTime: +1h is after now',
    );
    const inverted = parseScenario(
      '{"dynamics365": [{"startTime": "-1h", "finishTime": "-2h"}]}',
      'inv.json',
    );
    expect(() => createDataset('dynamics365', { ...base, scenario: inverted })).toThrow(
      'inv.json: dynamics365[0].finishTime: -2h is before startTime -1h',
    );
    const renamed = {
      salesforce: [
        { startTime: '-1h', organizationId: '00D5g000004SZJb', organizationName: 'A' },
        { startTime: '-2h', organizationId: '00D5g000004SZJb', organizationName: 'B' },
      ],
    };
    expect(() => createDataset('salesforce', { ...base, scenario: renamed })).toThrow(
      'salesforce[1].organizationName',
    );
    const duplicate = {
      dynamics365: [
        { startTime: '-1h', jobId: 'X1' },
        { startTime: '-1h', jobId: 'X1' },
      ],
    };
    expect(() => createDataset('dynamics365', { ...base, scenario: duplicate })).toThrow(
      'job ids must be unique',
    );
  });
});

describe('checkScenario (a scenario given as an object)', () => {
  it('accepts what parseScenario returns and a hand-written short form', () => {
    const parsed = parseScenario(
      'salesforce:\n  organizations: [{ organizationId: 00D000000000001EAA, generatedJobs: false }]\n  jobs: []\n',
      'a.yaml',
    );
    expect(checkScenario(parsed)).toBe(parsed);
    const written = { dynamics365: [{ type: 'Backup' }] };
    expect(checkScenario(written)).toBe(written);
  });

  it.each([
    [null, /is an object with "salesforce"/],
    [[], /is an object with "salesforce"/],
    [{ salesforce: { jobs: [] } }, /salesforce must be a list of jobs/],
    [{ dynamics: [] }, /unknown key "dynamics"/],
    [{ generatedOff: { salesforce: 'x' } }, /generatedOff must map/],
  ])('refuses %j, saying what is wrong', (value, message) => {
    expect(() => checkScenario(value)).toThrow(message);
  });
});

describe('scenario jobs in a dataset', () => {
  const scenario = parseScenario(yaml, 'tests.yaml');
  const sf = createDataset('salesforce', { seed: 5, jobs: 2000, orgs: 4, now, scenario });
  const d365 = createDataset('dynamics365', { seed: 5, jobs: 2000, orgs: 4, now, scenario });

  it('adds the jobs and their new organizations on top of the generated ones', () => {
    const generated = (api: 'salesforce' | 'dynamics365') =>
      createDataset(api, { seed: 5, jobs: 2000, orgs: 4, now }).size;
    expect(sf.size).toBe(generated('salesforce') + 2);
    expect(sf.organizations).toHaveLength(5);
    expect(sf.organizations.at(-1)).toMatchObject({ id: '00D5g000004SZJbEAO', name: 'Org X' });
    expect(d365.size).toBe(generated('dynamics365') + 1);
    expect(d365.organizations.at(-1)).toMatchObject({
      id: '6f1c2b8e-3d4a-4f5b-9c7d-2e8f1a0b3c4d',
      name: 'uatorg123',
      module: 'Finance and Operations',
    });
  });

  it('finds "a failed restore for org X yesterday" with the exact fields given', () => {
    const page = sf.query({ ...allOf('00D5g000004SZJb'), types: [3], status: 4, level: 2 });
    expect(page.total).toBe(1);
    const job = JSON.parse(page.jobsJson[0]!);
    expect(job).toMatchObject({
      type: 3,
      status: 4,
      organizationId: '00D5g000004SZJbEAO',
      startTime: new Date(nowMs - DAY).toISOString().replace('.000Z', 'Z'),
      finishTime: new Date(nowMs - 23 * 3_600_000).toISOString().replace('.000Z', 'Z'),
      totalRecords: 120,
      successfulRecords: 100,
      failedRecords: 20,
      skippedRecords: 0,
    });
    expect(job.successfulObjects + job.skippedObjects + job.failedObjects).toBe(job.totalObjects);
    expect(job.jobId).toMatch(/^RS\d{20}$/);
  });

  it('fills a running job consistently', () => {
    const page = sf.query({ ...allOf('00D5g000004SZJbEAO'), status: 1 });
    expect(page.total).toBe(1);
    const job = JSON.parse(page.jobsJson[0]!);
    expect(job).toMatchObject({ type: 1, status: 1, finishTime: null });
    expect(job.successfulRecords + job.skippedRecords + job.failedRecords).toBeLessThanOrEqual(
      job.totalRecords,
    );
  });

  it('keeps a Dynamics job as written, org matched case-insensitively', () => {
    const page = d365.query({ ...allOf('6F1C2B8E-3D4A-4F5B-9C7D-2E8F1A0B3C4D'), types: [2] });
    expect(page.total).toBe(1);
    const job = JSON.parse(page.jobsJson[0]!);
    expect(job).toMatchObject({
      module: 'Finance and Operations',
      type: 'Restore',
      status: 'Failed',
      jobId: 'DFRS2026112410000025012345',
      startTime: '2026-11-24T10:00:00.250Z',
      finishTime: '2026-11-24T10:30:00.000Z',
      durationHours: (30 * 60_000 - 250) / 3_600_000,
      organizationName: 'uatorg123',
    });
    expect(job.failedEntity + job.failedRecord).toBeGreaterThan(0);
  });

  it('is deterministic with a scenario too', () => {
    const again = createDataset('salesforce', { seed: 5, jobs: 2000, orgs: 4, now, scenario });
    expect(again.query({ ...allOf(), limit: 3000 }).jobsJson).toEqual(
      sf.query({ ...allOf(), limit: 3000 }).jobsJson,
    );
  });
});

describe('scenarios that tell a story', () => {
  const sfOrg = '00D5g000004SZJbEAO';
  const base = { seed: 8, jobs: 3000, now };
  const ofOrg = (ds: ReturnType<typeof createDataset>, org: string) =>
    ds.query({ ...allOf(org), fromMs: -Infinity, limit: 100_000 }).jobsJson.map((t) => JSON.parse(t));

  it('repeats one entry: every day at 02:00 for the last 14 days, failed on the last 3', () => {
    const scenario = parseScenario(
      `
salesforce:
  - type: Backup
    organizationId: ${sfOrg}
    organizationName: Nightly Org
    repeat: { every: 1d, count: 14, at: "02:00" }
    last: { count: 3, status: Failed }
`,
      'story.yaml',
    );
    const jobs = ofOrg(createDataset('salesforce', { ...base, scenario }), sfOrg);
    expect(jobs).toHaveLength(14);
    const latest02 = Date.UTC(2026, 10, 25, 2); // now is 2026-11-25T12:00Z
    jobs.forEach((job, i) => {
      expect(job.startTime).toBe(new Date(latest02 - i * DAY).toISOString().replace('.000Z', 'Z'));
      expect(job.status).toBe(i < 3 ? 4 : 2);
      expect(job.type).toBe(1);
    });
    expect(new Set(jobs.map((j) => j.jobId)).size).toBe(14);
  });

  it('repeats from a first startTime, and refuses what a repetition cannot hold', () => {
    const scenario = parseScenario(
      '{"dynamics365": [{"type": "Export", "startTime": "-10d", "repeat": {"every": "2d", "count": 5}}]}',
      'r.json',
    );
    const ds = createDataset('dynamics365', { ...base, orgs: 3, scenario });
    const exports = ds
      .query({ ...allOf(), fromMs: nowMs - 10 * DAY, types: [32], limit: 100 })
      .jobsJson.map((t) => JSON.parse(t))
      .filter((j) => j.organizationId === ds.organizations[0]!.id && /T12:00:00\.000Z$/.test(j.startTime));
    expect(exports.map((j) => j.startTime)).toEqual(
      [2, 4, 6, 8, 10].map((d) => new Date(nowMs - d * DAY).toISOString()),
    );
    expect(() =>
      parseScenario(
        '{"salesforce": [{"startTime": "-1d", "jobId": "X", "repeat": {"every": "1d", "count": 2}}]}',
        'r.json',
      ),
    ).toThrow('r.json: salesforce[0].jobId: cannot be given with repeat');
    expect(() =>
      parseScenario(
        '{"salesforce": [{"startTime": "-1d", "repeat": {"every": "soon", "count": 2}}]}',
        'r.json',
      ),
    ).toThrow('r.json: salesforce[0].repeat: .every "soon" is not a duration');
    expect(() =>
      parseScenario('{"salesforce": [{"startTime": "-1d", "last": {"count": 1, "status": 4}}]}', 'r.json'),
    ).toThrow('r.json: salesforce[0].last: only applies to a repetition');
    const late = parseScenario(
      '{"salesforce": [{"startTime": "-1d", "repeat": {"every": "1d", "count": 3}}]}',
      'late.json',
    );
    expect(() => createDataset('salesforce', { ...base, scenario: late })).toThrow(
      'late.json: salesforce[0] (occurrence 3 of 3).startTime',
    );
  });

  it("switches an organization's generated jobs off, so that the file writes its whole history", () => {
    const plain = createDataset('salesforce', base);
    const org = plain.organizations[2]!.id;
    expect(ofOrg(plain, org).length).toBeGreaterThan(50);
    const scenario = parseScenario(
      `
salesforce:
  organizations:
    - { organizationId: ${org}, generatedJobs: false }
  jobs:
    - { type: Backup, status: Failed, organizationId: ${org}, startTime: "-1h" }
`,
      'replace.yaml',
    );
    const replaced = createDataset('salesforce', { ...base, scenario });
    const jobs = ofOrg(replaced, org);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ type: 1, status: 4 });
    // The other organizations keep exactly their jobs.
    const other = plain.organizations[3]!.id;
    expect(ofOrg(replaced, other)).toEqual(ofOrg(plain, other));
    expect(() =>
      parseScenario(
        '{"salesforce": {"organizations": [{"organizationId": "x", "generatedJobs": false}]}}',
        'o.json',
      ),
    ).toThrow('o.json: salesforce.organizations[0].organizationId: must be a 15- or 18-character');
  });

  it('gives a scenario job the same defaults whatever --jobs is', () => {
    const scenario = parseScenario(
      `salesforce:\n  - { organizationId: ${sfOrg}, startTime: "-2h" }`,
      's.yaml',
    );
    const small = ofOrg(createDataset('salesforce', { ...base, jobs: 1000, scenario }), sfOrg);
    const large = ofOrg(createDataset('salesforce', { ...base, jobs: 20_000, scenario }), sfOrg);
    expect(small).toHaveLength(1);
    expect(large).toEqual(small);
  });

  it('refuses a jobId used twice, by two scenario jobs or by a scenario job and a generated one, naming both', () => {
    const twice = parseScenario(
      '{"salesforce": [{"startTime": "-1h", "jobId": "X1"}, {"startTime": "-2h", "jobId": "X1"}]}',
      'twice.json',
    );
    expect(() => createDataset('salesforce', { ...base, scenario: twice })).toThrow(
      'twice.json: salesforce[1].jobId: X1 is also the jobId of twice.json: salesforce[0]',
    );
    const generated = createDataset('salesforce', base).filterFields(10);
    const clash = parseScenario(
      JSON.stringify({ salesforce: [{ startTime: '-3d', jobId: generated.jobId }] }),
      'clash.json',
    );
    expect(() => createDataset('salesforce', { ...base, scenario: clash })).toThrow(
      `clash.json: salesforce[0].jobId: ${generated.jobId} is the id of a generated job`,
    );
  });

  it('refuses times the APIs cannot express, naming the entry', () => {
    for (const [text, field] of [
      ['{"dynamics365": [{"startTime": "0000-06-01T00:00:00Z"}]}', 'startTime'],
      ['{"salesforce": [{"startTime": "-1000000d"}]}', 'startTime'],
      ['{"salesforce": [{"repeat": {"every": "1000w", "count": 10000, "at": "02:00"}}]}', 'repeat'],
    ] as const) {
      const scenario = parseScenario(text, 'old.json');
      const api = text.includes('dynamics365') ? 'dynamics365' : 'salesforce';
      expect(() => createDataset(api, { ...base, scenario })).toThrow(
        new RegExp(`old\\.json: ${api}\\[0\\].*${field}: .*outside what the APIs can express`),
      );
    }
  });

  it('refuses a file over 10 MiB at once', () => {
    const big = `salesforce:\n${'  - { startTime: "-1d" }\n'.repeat(500_000)}`;
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    const started = performance.now();
    expect(() => parseScenario(big, 'big.yaml')).toThrow(
      'big.yaml: a scenario file may be at most 10485760 bytes',
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
