import { describe, expect, it } from 'vitest';
import { createDataset } from './dataset.js';
import { parseScenario } from './scenario.js';
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
    ['{"salesforce": {}}', 'bad.json: salesforce must be a list of jobs'],
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
