import { describe, expect, it } from 'vitest';
import { expectValid } from '../../test/support/spec-schemas.js';
import { createDataset } from '../dataset.js';
import type { JobQuery, ValidatedParams } from '../types.js';
import { dynamics365Profile } from './dynamics365.js';
import { dynamics365V2025_04Profile as profile } from './dynamics365-2025-04.js';

const range = { startTime: '2022-08-19', finishTime: '2022-08-19T23:59:59Z', type: 0 };

function query(params: ValidatedParams): JobQuery {
  const result = profile.toQuery(params);
  if (Array.isArray(result)) throw new Error(JSON.stringify(result));
  return result;
}

describe('Dynamics 365 2025-04 toQuery', () => {
  it('reads ISO times as Salesforce does: both ends inclusive, a date-only finishTime covers its day', () => {
    expect(query(range)).toMatchObject({
      fromMs: Date.UTC(2022, 7, 19),
      toMs: Date.UTC(2022, 7, 19, 23, 59, 59),
    });
    expect(query({ ...range, finishTime: '2022-08-19' }).toMs).toBe(Date.UTC(2022, 7, 20) - 1);
  });

  it('reads the filters and pages as 2024-10 does', () => {
    expect(query({ ...range, type: 3, status: 4, pageIndex: 3, pageSize: 7 })).toMatchObject({
      types: [1, 2],
      status: 4,
      offset: 14,
      limit: 7,
      level: null,
      organizationId: null,
    });
    expect(query({ ...range, organizationId: '69CB1ECC-F8E8-439B-8077-A4B7FD45E87F' }).organizationId).toBe(
      '69cb1ecc-f8e8-439b-8077-a4b7fd45e87f',
    );
  });

  it.each([
    [{ ...range, startTime: '637964640000000000' }, ['InvalidParameter', 'startTime']],
    [{ ...range, finishTime: '2022-02-30' }, ['InvalidParameter', 'finishTime']],
    [
      { ...range, startTime: '2022-08-20', finishTime: '2022-08-19T12:00:00Z' },
      ['InvalidRange', 'startTime'],
    ],
    [{ type: 0, finishTime: '2022-08-19' }, ['MissingParameter', 'startTime']],
    [{ ...range, status: 5 }, ['InvalidParameter', 'status']],
    [{ ...range, type: 64 }, ['InvalidParameter', 'type']],
    [{ ...range, organizationId: 'not-a-guid' }, ['InvalidParameter', 'organizationId']],
    [{ ...range, pageIndex: 0 }, ['InvalidParameter', 'pageIndex']],
  ])('%o → %j', (params, [code, field]) => {
    expect(profile.toQuery(params as ValidatedParams)).toEqual([expect.objectContaining({ code, field })]);
  });
});

describe('Dynamics 365 2025-04 rendering', () => {
  const url = new URL(
    'http://127.0.0.1:4010/dynamicsbackup/jobs?startTime=2022-08-19&finishTime=2022-08-20&type=0&pageSize=2',
  );

  it('renders { totalCount, jobs, nextLink, pageIndex, pageSize } with nextLink to the next page, "" on the last', () => {
    const q = { ...query({ ...range, pageSize: 2 }) };
    const first = JSON.parse(
      profile.renderPageHead({ total: 3, jobsJson: ['{"a":1}', '{"a":2}'] }, q, { pageSize: 2 }, url),
    );
    expect(first).toEqual({
      totalCount: 3,
      jobs: [{ a: 1 }, { a: 2 }],
      nextLink: `${url.href}&pageIndex=2`,
      pageIndex: 1,
      pageSize: 2,
    });
    const last = JSON.parse(
      profile.renderPageHead(
        { total: 3, jobsJson: ['{"a":3}'] },
        { ...q, offset: 2 },
        { pageSize: 2, pageIndex: 2 },
        url,
      ),
    );
    expect(last).toMatchObject({ nextLink: '', pageIndex: 2, pageSize: 2 });
  });

  it('renders errors as 2024-10 does (problem details)', () => {
    const meta = { requestId: 'r', timestamp: 't', traceId: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00` };
    const problems = [
      {
        code: 'InvalidParameter',
        field: 'status',
        message: 'The value of status must be one of 2, 3, 4, 7.',
      },
    ];
    const body = profile.renderError(400, problems, meta);
    expect(body).toBe(dynamics365Profile.renderError(400, problems, meta));
    expectValid('dynamics365-2025-04', 'ValidationProblemDetails', JSON.parse(body));
  });
});

describe('one Dynamics dataset, rendered in each revision', () => {
  const dataset = createDataset('dynamics365', {
    seed: 7,
    jobs: 500,
    orgs: 5,
    now: new Date('2025-06-01T00:00:00Z'),
  });
  const all = {
    fromMs: 0,
    toMs: Date.UTC(2025, 5, 1),
    types: null,
    status: null,
    level: null,
    organizationId: null,
    offset: 0,
    limit: 500,
  };

  it('gives the same jobs, in the same order, with enums by name (2024-10) and by value (2025-04)', () => {
    const byName = dataset.query(all, undefined, 'name');
    const byValue = dataset.query(all, undefined, 'value');
    expect(byName.total).toBeGreaterThanOrEqual(500);
    expect(byValue.total).toBe(byName.total);
    expect(byName.jobsJson).toHaveLength(500);
    const names = byName.jobsJson.map((j) => JSON.parse(j));
    const values = byValue.jobsJson.map((j) => JSON.parse(j));
    const TYPE: Record<string, number> = {
      Backup: 1,
      Restore: 2,
      Dryrun: 4,
      Retention: 8,
      AuditBackup: 16,
      Export: 32,
    };
    const STATUS: Record<string, number> = {
      InProgress: 2,
      Finished: 3,
      Failed: 4,
      FinishedWithException: 7,
    };
    expect(new Set(values.map((j) => j.status)).size).toBeGreaterThan(1);
    names.forEach((job, i) => {
      expect(values[i]).toEqual({ ...job, type: TYPE[job.type], status: STATUS[job.status] });
      expectValid('dynamics365', 'DynamicsJob', job);
      expectValid('dynamics365-2025-04', 'DynamicsJob', values[i]);
    });
    // The default rendering is the API's first revision.
    expect(dataset.query(all).jobsJson).toEqual(byName.jobsJson);
  });

  it('a whole 2025-04 page validates against the 2025-04 spec', () => {
    const q = query({ ...range, startTime: '2000-01-01', finishTime: '2025-06-01', pageSize: 50 });
    const page = dataset.query(q, undefined, profile.enums);
    const body = JSON.parse(
      profile.renderPageHead(
        page,
        q,
        { pageSize: 50 },
        new URL('http://127.0.0.1:4010/dynamicsbackup/jobs?pageSize=50'),
      ),
    );
    expect(body.nextLink).toBe('http://127.0.0.1:4010/dynamicsbackup/jobs?pageSize=50&pageIndex=2');
    expect(body.jobs).toHaveLength(50);
    expectValid('dynamics365-2025-04', 'DynamicsJobsPage', body);
  });
});
