import { describe, expect, it } from 'vitest';
import { expectValid } from '../../test/support/spec-schemas.js';
import { salesforceIdChecksum } from '../models/salesforce.js';
import type { JobQuery, ParamProblem, ValidatedParams } from '../types.js';
import { nextPageUrl, salesforceProfile as profile } from './salesforce.js';

const meta = {
  requestId: '0HNEVHLNSPSEJ:00000002',
  timestamp: '2025-08-20T03:25:12.304891Z',
  traceId: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`,
};
const range = { startTime: '2024-10-24', finishTime: '2024-12-25' };

function query(params: ValidatedParams): JobQuery {
  const result = profile.toQuery(params);
  if (Array.isArray(result)) throw new Error(JSON.stringify(result));
  return result;
}
function problems(params: ValidatedParams): ParamProblem[] {
  const result = profile.toQuery(params);
  if (!Array.isArray(result)) throw new Error(`expected problems, got ${JSON.stringify(result)}`);
  return result;
}

describe('Salesforce toQuery: times', () => {
  it.each([
    ['date only', '2024-10-24', '2024-12-25', Date.UTC(2024, 9, 24), Date.UTC(2024, 11, 26) - 1],
    [
      'date-time with Z',
      '2024-12-02T07:52:25Z',
      '2024-12-02T07:53:04Z',
      Date.UTC(2024, 11, 2, 7, 52, 25),
      Date.UTC(2024, 11, 2, 7, 53, 4),
    ],
    [
      'no offset is UTC',
      '2024-12-02T07:52',
      '2024-12-02T08:00:00',
      Date.UTC(2024, 11, 2, 7, 52),
      Date.UTC(2024, 11, 2, 8),
    ],
    [
      'offsets',
      '2024-12-02T09:52:25+02:00',
      '2024-12-02T02:53:04-05:00',
      Date.UTC(2024, 11, 2, 7, 52, 25),
      Date.UTC(2024, 11, 2, 7, 53, 4),
    ],
    [
      '7-digit fraction rounds inward',
      '2024-12-02T07:52:25.1234567Z',
      '2024-12-02T07:53:04.9999999Z',
      Date.UTC(2024, 11, 2, 7, 52, 25, 124),
      Date.UTC(2024, 11, 2, 7, 53, 4, 999),
    ],
    [
      'exact milliseconds stay',
      '2024-12-02T07:52:25.120Z',
      '2024-12-02T07:52:25.120Z',
      Date.UTC(2024, 11, 2, 7, 52, 25, 120),
      Date.UTC(2024, 11, 2, 7, 52, 25, 120),
    ],
    ['leap day', '2024-02-29', '2024-02-29', Date.UTC(2024, 1, 29), Date.UTC(2024, 2, 1) - 1],
    ['year 0001', '0001-01-01', '0001-01-01T00:00:00Z', -62135596800000, -62135596800000],
  ])('%s', (_name, startTime, finishTime, fromMs, toMs) => {
    const q = query({ startTime, finishTime });
    expect(q.fromMs).toBe(fromMs);
    expect(q.toMs).toBe(toMs);
  });

  it.each([
    ['2024-02-30', 'startTime'],
    ['2023-02-29', 'startTime'],
    ['2024-04-31', 'startTime'],
    ['2024-13-01', 'startTime'],
    ['2024-12-01T24:00:00Z', 'startTime'],
    ['yesterday', 'startTime'],
  ])('rejects %s', (startTime, field) => {
    expect(problems({ startTime, finishTime: '2024-12-31' })).toEqual([
      expect.objectContaining({ code: 'InvalidParameter', field }),
    ]);
  });

  it.each([
    [{ finishTime: '2024-12-31' }, 'MissingParameter', 'startTime'],
    [{ startTime: '2024-12-31' }, 'MissingParameter', 'finishTime'],
    [{ startTime: '2024-12-31', finishTime: '2024-12-01' }, 'InvalidRange', 'startTime'],
    [
      { startTime: '2024-12-01T00:00:00.0000002Z', finishTime: '2024-12-01T00:00:00.0000001Z' },
      'InvalidRange',
      'startTime',
    ],
    [
      { startTime: '2024-12-01T12:00:00+01:00', finishTime: '2024-12-01T11:30:00Z' },
      'InvalidParameter',
      'never',
    ],
  ])('%j → %s on %s', (params, code, field) => {
    const result = profile.toQuery(params);
    if (field === 'never') expect(Array.isArray(result)).toBe(false);
    else expect(result).toEqual([expect.objectContaining({ code, field })]);
  });

  it('accepts a date-only finishTime on the same day as a date-time startTime', () => {
    expect(query({ startTime: '2024-12-01T23:59:59.9999999Z', finishTime: '2024-12-01' }).toMs).toBe(
      Date.UTC(2024, 11, 2) - 1,
    );
  });
});

describe('Salesforce toQuery: filters and paging', () => {
  it.each([
    [{}, 0, 10],
    [{ pageIndex: 0 }, 0, 10],
    [{ pageIndex: 1 }, 0, 10],
    [{ pageIndex: 2 }, 10, 10],
    [{ pageIndex: 3, pageSize: 25 }, 50, 25],
    [{ pageIndex: 2147483647, pageSize: 1000 }, 2147483646000, 1000],
  ])('%j → offset %i, limit %i', (paging, offset, limit) => {
    expect(query({ ...range, ...paging })).toMatchObject({ offset, limit });
  });

  it.each([
    [{ pageIndex: -1 }, 'pageIndex'],
    [{ pageSize: 0 }, 'pageSize'],
    [{ pageSize: 1001 }, 'pageSize'],
    [{ type: 23 }, 'type'],
    [{ status: 8 }, 'status'],
    [{ level: 7 }, 'level'],
    [{ organizationId: '00D5g000004SZJ' }, 'organizationId'],
  ])('%j is invalid', (params, field) => {
    expect(problems({ ...range, ...params })).toEqual([
      expect.objectContaining({ code: 'InvalidParameter', field }),
    ]);
  });

  it('reads 0 as all and other values as one code', () => {
    expect(query({ ...range, type: 0, status: 0, level: 0 })).toMatchObject({
      types: null,
      status: null,
      level: null,
    });
    expect(query({ ...range, type: 20, status: 4, level: 6 })).toMatchObject({
      types: [20],
      status: 4,
      level: 6,
    });
  });

  it('normalises a 15-character org id to its 18-character form and keeps an 18-character one exactly', () => {
    const id15 = '00D5g000004SZJb';
    expect(salesforceIdChecksum(id15)).toBe('EAO');
    expect(query({ ...range, organizationId: id15 }).organizationId).toBe('00D5g000004SZJbEAO');
    expect(query({ ...range, organizationId: '00D5g000004SZJbEAO' }).organizationId).toBe(
      '00D5g000004SZJbEAO',
    );
    // Case matters in the 15-character form: another case is another org.
    expect(query({ ...range, organizationId: '00d5g000004szjb' }).organizationId).not.toBe(
      '00D5g000004SZJbEAO',
    );
  });
});

describe('Salesforce rendering', () => {
  const url = new URL(
    'http://127.0.0.1:4010/backup/sfbapi/jobs?StartTime=2024-10-24&finishTime=2024-12-25&pageSize=2',
  );
  const job = '{"type":20}';

  it.each([
    ['adds pageIndex when absent', url.href, `${url.href}&pageIndex=2`, 1],
    [
      'replaces pageIndex in the caller spelling and place',
      'http://h:1/backup/sfbapi/jobs?PAGEINDEX=3&startTime=2024-10-24&x=%20a',
      'http://h:1/backup/sfbapi/jobs?PAGEINDEX=4&startTime=2024-10-24&x=%20a',
      3,
    ],
  ])('nextLink %s', (_name, request, expected, pageIndex) => {
    expect(nextPageUrl(new URL(request), pageIndex + 1)).toBe(expected);
  });

  it('links the next page until the last one, and renders a spec-valid envelope', () => {
    const q = query({ ...range, pageSize: 2 });
    const body = JSON.parse(
      profile.renderPage({ total: 5, jobsJson: [job, job] }, q, { pageSize: 2 }, url, meta),
    );
    expect(body).toMatchObject({
      statusCode: 200,
      message: '',
      requestId: meta.requestId,
      traceId: meta.traceId,
    });
    expect(body.data).toEqual({
      totalCount: 5,
      jobs: [{ type: 20 }, { type: 20 }],
      nextLink: `${url.href}&pageIndex=2`,
    });
    const last = query({ ...range, pageSize: 2, pageIndex: 3 });
    expect(
      JSON.parse(profile.renderPage({ total: 5, jobsJson: [job] }, last, { pageIndex: 3 }, url, meta)).data
        .nextLink,
    ).toBe('');
    const past = query({ ...range, pageSize: 2, pageIndex: 9 });
    expect(
      JSON.parse(profile.renderPage({ total: 5, jobsJson: [] }, past, { pageIndex: 9 }, url, meta)).data
        .nextLink,
    ).toBe('');
    const exact = query({ ...range, pageSize: 2, pageIndex: 2 });
    expect(
      JSON.parse(profile.renderPage({ total: 4, jobsJson: [job, job] }, exact, { pageIndex: 2 }, url, meta))
        .data.nextLink,
    ).toBe('');
  });

  it.each([400, 401, 403, 404, 414, 429, 500])(
    'renders a %i error in the envelope the spec describes',
    (status) => {
      const problemsFor: ParamProblem[] =
        status === 400
          ? [
              {
                code: 'InvalidParameter',
                field: 'pageSize',
                message: 'The value of pageSize must be an integer from 1 to 1000.',
              },
              {
                code: 'MissingParameter',
                field: 'startTime',
                message: 'The parameter startTime is required.',
              },
            ]
          : status === 500
            ? []
            : [{ code: 'Unauthorized', field: 'Authorization', message: 'A bearer token is required.' }];
      const body = JSON.parse(profile.renderError(status, problemsFor, meta));
      expectValid('salesforce', 'SalesforceErrorResponse', body);
      expect(body.statusCode).toBe(status);
      expect(body.data).toBeNull();
      expect(body.message.length).toBeGreaterThan(0);
      expect(body.errors).toEqual(problemsFor);
    },
  );

  it('names the API basics', () => {
    expect(profile).toMatchObject({
      api: 'salesforce',
      path: '/backup/sfbapi/jobs',
      scope: 'salesforce.public.read.all',
      errorContentType: 'application/json',
      nextLink: true,
    });
  });
});

/** nextPageUrl as it was first written (split, decode every name): the reference for the one-pass version. */
function referenceNextPageUrl(requestUrl: URL, nextPageIndex: number): string {
  const search = requestUrl.search.startsWith('?') ? requestUrl.search.slice(1) : requestUrl.search;
  const parts = search === '' ? [] : search.split('&');
  let replaced = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      // kept as is
    }
    if (name.toLowerCase() === 'pageindex') {
      parts[i] = `${rawName}=${nextPageIndex}`;
      replaced = true;
    }
  }
  if (!replaced) parts.push(`pageIndex=${nextPageIndex}`);
  // Then what RFC 3986 forbids in a query is percent-encoded (a stray `%`, `[`, `|`…), so the link is a valid URI.
  const query = parts
    .join('&')
    .replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/gu, (c) => encodeURIComponent(c));
  return `${requestUrl.origin}${requestUrl.pathname}?${query}`;
}

describe('nextPageUrl', () => {
  it.each([
    'http://h/x',
    'http://h/x?',
    'http://h/x?a=1&',
    'http://h/x?&&a',
    'http://h/x?pageIndex',
    'http://h/x?pageIndex=&pageindex=2',
    'http://h/x?page%49ndex=2&b=%ZZ',
    'http://h/x?%ZZ=1&page+index=1&pageIndex+=3',
    'http://h/x?PageIndex=1=2&a=b=c',
    'http://h/x?pageIndexx=1&xpageIndex=2',
    'http://LocalHost:80/Backup/x?a=%C3%A9&pageIndex=7',
    'http://h/x?a=%zz&b=[1]&c=x|y&d={}^`',
    'http://h/x?a=%&pageIndex=2&b=%2',
  ])('builds the same link as the split-and-decode reference for %s', (href) => {
    const url = new URL(href);
    expect(nextPageUrl(url, 8)).toBe(referenceNextPageUrl(url, 8));
    // The parts of a URL are enough: a server can pass the request target's slices without parsing a URL.
    expect(nextPageUrl({ origin: url.origin, pathname: url.pathname, search: url.search }, 8)).toBe(
      referenceNextPageUrl(url, 8),
    );
  });

  it('agrees with the reference on random queries', () => {
    // Seeded, so that a failure reproduces: names and values from pieces that stress splitting and decoding.
    const pieces = [
      'pageIndex',
      'PAGEINDEX',
      'page%49ndex',
      'a',
      '',
      '=',
      '&',
      '%',
      '%ZZ',
      '+',
      'x=1',
      '%26',
    ];
    let state = 12345;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    for (let i = 0; i < 2000; i++) {
      let search = '';
      const count = Math.floor(next() * 8);
      for (let k = 0; k < count; k++) search += pieces[Math.floor(next() * pieces.length)];
      const url = new URL(`http://h:1/p?${search}`);
      expect(nextPageUrl(url, 5)).toBe(referenceNextPageUrl(url, 5));
    }
  });
});

describe('Salesforce split rendering', () => {
  const url = new URL('http://127.0.0.1:4010/backup/sfbapi/jobs?startTime=2024-10-24&finishTime=2024-12-25');

  it('renders a page as a deterministic head plus the meta tail, and escapes non-ASCII', () => {
    const q = query({ ...range, pageSize: 2 });
    const page = { total: 5, jobsJson: ['{"a":1}', '{"b":2}'] };
    const head = profile.renderPageHead(page, q, { pageSize: 2 }, url);
    expect(profile.renderPage(page, q, { pageSize: 2 }, url, meta)).toBe(head + profile.renderMetaTail(meta));
    expect(head.endsWith(',')).toBe(true);
    const nonAscii = new URL('http://h/backup/sfbapi/jobs?x=é');
    const body = profile.renderPage(page, q, {}, nonAscii, meta);
    expect(/^[\x20-\x7e]*$/.test(body)).toBe(true);
    expect(JSON.parse(body).data.nextLink).toBe(nextPageUrl(nonAscii, 2));
  });

  it('writes error bodies in ASCII with the same JSON value', () => {
    const message = 'Zürich ☃ 😀';
    const body = profile.renderError(400, [{ code: 'InvalidParameter', field: 'x', message }], meta);
    expect(/^[\x20-\x7e]*$/.test(body)).toBe(true);
    expect(JSON.parse(body).message).toBe(message);
  });
});

describe('nextPageUrl is always a URI that sends the same parameters', () => {
  const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s?#]*\?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
  it.each([
    '/x?startTime=2025-05-01&x=%zz',
    '/x?a=[1]&b=x|y&c={}&d=^&e=`&pageIndex=1',
    '/x?q=%&r=%4&s=%41',
    '/x?name=a b',
  ])('%s', (target) => {
    const q = target.indexOf('?');
    const link = nextPageUrl({ origin: 'http://127.0.0.1:4010', pathname: '/x', search: target.slice(q) }, 2);
    expect(link).toMatch(URI);
    const sent = new URL(link).searchParams;
    expect(sent.get('pageIndex')).toBe('2');
    // Every other parameter decodes to what the request's own parameters decode to.
    const asked = new URLSearchParams(target.slice(q + 1));
    for (const [name, value] of asked) if (name !== 'pageIndex') expect(sent.getAll(name)).toContain(value);
  });
});
