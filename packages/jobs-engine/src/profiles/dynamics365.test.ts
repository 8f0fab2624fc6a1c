import { msToTicks } from '@jobwatch/api-descriptions';
import { describe, expect, it } from 'vitest';
import { expectValid } from '../../test/support/spec-schemas.js';
import type { JobQuery, ParamProblem, ValidatedParams } from '../types.js';
import { dynamics365Profile as profile, typeFlags } from './dynamics365.js';

const meta = {
  requestId: '0HNEVHLNSPSEJ:00000002',
  timestamp: '2025-08-20T03:25:12.304891Z',
  traceId: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`,
};
const day = 637964640000000000n; // 2022-08-19T00:00:00Z
const range = { startTime: day, finishTime: day + 864_000_000_000n };

function query(params: ValidatedParams): JobQuery {
  const result = profile.toQuery(params);
  if (Array.isArray(result))
    throw new Error(JSON.stringify(result, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
  return result;
}

describe('Dynamics 365 toQuery', () => {
  it('converts ticks exactly: ceil for the lower bound, floor for the upper bound', () => {
    expect(query(range)).toMatchObject({ fromMs: Date.UTC(2022, 7, 19), toMs: Date.UTC(2022, 7, 20) });
    const q = query({ startTime: day + 1n, finishTime: day + 9_999n });
    expect(q.fromMs).toBe(Date.UTC(2022, 7, 19) + 1);
    expect(q.toMs).toBe(Date.UTC(2022, 7, 19));
    expect(msToTicks(Date.UTC(2022, 7, 19))).toBe(day);
    expect(query({ startTime: 0n, finishTime: 3155378975999999999n })).toMatchObject({
      fromMs: -62135596800000,
      toMs: 253402300799999,
    });
  });

  it.each([
    [{ startTime: day, endTime: day + 1n }, null],
    [{ startTime: day, finishTime: day, endTime: day }, ['InvalidParameter', 'endTime']],
    [{ startTime: day }, ['MissingParameter', 'finishTime']],
    [{ finishTime: day }, ['MissingParameter', 'startTime']],
    [{ startTime: day + 1n, finishTime: day }, ['InvalidRange', 'startTime']],
    [{ ...range, status: 5 }, ['InvalidParameter', 'status']],
    [{ ...range, type: 64 }, ['InvalidParameter', 'type']],
    [{ ...range, pageIndex: 0 }, ['InvalidParameter', 'pageIndex']],
    [{ ...range, pageSize: 1001 }, ['InvalidParameter', 'pageSize']],
    [{ ...range, organizationId: 'not-a-guid' }, ['InvalidParameter', 'organizationId']],
    [{ startTime: -1n, finishTime: day }, ['InvalidParameter', 'startTime']],
  ])('%o → %j', (params, expected) => {
    const result = profile.toQuery(params as ValidatedParams);
    if (expected === null) expect(Array.isArray(result)).toBe(false);
    else expect(result).toEqual([expect.objectContaining({ code: expected[0], field: expected[1] })]);
  });

  it.each([
    [0, null],
    [63, null],
    [1, [1]],
    [3, [1, 2]],
    [40, [8, 32]],
    [62, [2, 4, 8, 16, 32]],
  ])('type mask %i → %j', (mask, flags) => {
    expect(typeFlags(mask)).toEqual(flags);
    expect(query({ ...range, type: mask }).types).toEqual(flags);
  });

  it('pages from 1, lower-cases GUIDs, and survives the largest page index', () => {
    expect(query(range)).toMatchObject({
      offset: 0,
      limit: 10,
      status: null,
      level: null,
      organizationId: null,
    });
    expect(query({ ...range, pageIndex: 3, pageSize: 7, status: 7 })).toMatchObject({
      offset: 14,
      limit: 7,
      status: 7,
    });
    expect(query({ ...range, organizationId: '6F1C2B8E-3D4A-4F5B-9C7D-2E8F1A0B3C4D' }).organizationId).toBe(
      '6f1c2b8e-3d4a-4f5b-9c7d-2e8f1a0b3c4d',
    );
    expect(query({ ...range, pageIndex: 2147483647, pageSize: 1000 }).offset).toBe(2147483646000);
  });
});

describe('Dynamics 365 rendering', () => {
  it('renders a bare page', () => {
    const body = profile.renderPage(
      { total: 3, jobsJson: ['{"a":1}'] },
      query(range),
      {},
      new URL('http://h/x'),
      meta,
    );
    expect(JSON.parse(body)).toEqual({ totalNumber: 3, result: [{ a: 1 }] });
  });

  it('renders a page as its head: the body has no per-response ids', () => {
    const page = { total: 3, jobsJson: ['{"a":1}'] };
    const url = new URL('http://h/x');
    expect(profile.renderMetaTail(meta)).toBe('');
    expect(profile.renderPage(page, query(range), {}, url, meta)).toBe(
      profile.renderPageHead(page, query(range), {}, url),
    );
  });

  it.each([
    [400, 'https://tools.ietf.org/html/rfc9110#section-15.5.1'],
    [401, 'https://tools.ietf.org/html/rfc9110#section-15.5.2'],
    [403, 'https://tools.ietf.org/html/rfc9110#section-15.5.4'],
    [404, 'https://tools.ietf.org/html/rfc9110#section-15.5.5'],
    [414, 'https://tools.ietf.org/html/rfc9110#section-15.5.15'],
    [429, 'https://tools.ietf.org/html/rfc6585#section-4'],
    [500, 'https://tools.ietf.org/html/rfc9110#section-15.6.1'],
  ])('renders %i as problem details', (status, type) => {
    const problems: ParamProblem[] =
      status === 400
        ? [
            {
              code: 'InvalidParameter',
              field: 'startTime',
              message: 'The value of startTime must be an integer number of .NET ticks.',
            },
            { code: 'InvalidParameter', field: 'startTime', message: 'Second message.' },
            {
              code: 'MissingParameter',
              field: 'finishTime',
              message: 'The parameter finishTime is required.',
            },
          ]
        : [];
    const body = JSON.parse(profile.renderError(status, problems, meta));
    expectValid('dynamics365', status === 400 ? 'ValidationProblemDetails' : 'ProblemDetails', body);
    expect(body).toMatchObject({ type, status, traceId: meta.traceId });
    if (status === 400) {
      expect(body.errors).toEqual({
        startTime: ['The value of startTime must be an integer number of .NET ticks.', 'Second message.'],
        finishTime: ['The parameter finishTime is required.'],
      });
    } else expect(body).not.toHaveProperty('errors');
  });

  it('names the API basics', () => {
    expect(profile).toMatchObject({
      api: 'dynamics365',
      path: '/dynamicsbackup/jobs',
      scope: 'Dynamics.ReadWrite.All',
      errorContentType: 'application/problem+json',
      nextLink: false,
    });
  });
});
