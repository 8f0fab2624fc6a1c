// Everything in which Salesforce's `GET /backup/sfbapi/jobs` differs: ISO time parameters, 0-or-1 first page,
// type/status/level 0 = all, 15/18-character org ids, the envelope with nextLink, and the envelope for errors.
import { salesforce } from '@jobwatch/api-descriptions';
import { salesforceModel } from '../models/salesforce.js';
import type {
  JobPage,
  JobQuery,
  ParamProblem,
  RequestUrl,
  ResponseMeta,
  SplitPageProfile,
  ValidatedParams,
} from '../types.js';
import {
  asciiJson,
  describedProfile,
  jobQuery,
  jsonArray,
  pageOffset,
  problem,
  readInteger,
  readIsoRange,
  readText,
} from './shared.js';

const { filters, paging } = salesforce;
const maxOf = (values: readonly number[]) => Math.max(...values);
const MAX_TYPE = maxOf(filters.type.values);
const MAX_STATUS = maxOf(filters.status.values);
const MAX_LEVEL = maxOf(filters.level!.values);

/** Whether a raw query name is `pageIndex` in any casing or percent-encoding. */
function namesPageIndex(rawName: string): boolean {
  if (rawName.indexOf('%') === -1 && rawName.indexOf('+') === -1) {
    return rawName.length === 9 && rawName.toLowerCase() === 'pageindex';
  }
  try {
    return decodeURIComponent(rawName.replace(/\+/g, ' ')).toLowerCase() === 'pageindex';
  } catch {
    return false; // A malformed escape cannot name pageIndex; the part stays as it is.
  }
}

/**
 * The next page's URL: the request's origin, path and query, in the caller's spelling, with pageIndex set (every
 * part naming pageIndex gets the new value; without one, `pageIndex=<n>` is appended). The query is copied in
 * slices between the replaced values, so a request costs a scan and a few concatenations.
 */
export function nextPageUrl(requestUrl: RequestUrl, nextPageIndex: number): string {
  const search = requestUrl.search.startsWith('?') ? requestUrl.search.slice(1) : requestUrl.search;
  const base = `${requestUrl.origin}${requestUrl.pathname}?`;
  if (search === '') return `${base}pageIndex=${nextPageIndex}`;
  let query = '';
  let copied = 0;
  let replaced = false;
  let start = 0;
  while (start <= search.length) {
    let end = search.indexOf('&', start);
    if (end === -1) end = search.length;
    const eq = search.indexOf('=', start);
    const nameEnd = eq === -1 || eq > end ? end : eq;
    if (namesPageIndex(search.slice(start, nameEnd))) {
      query = `${query}${search.slice(copied, nameEnd)}=${nextPageIndex}`;
      copied = end;
      replaced = true;
    }
    start = end + 1;
  }
  if (!replaced) return `${base}${asUriQuery(search)}&pageIndex=${nextPageIndex}`;
  return `${base}${asUriQuery(`${query}${search.slice(copied)}`)}`;
}

/** What RFC 3986 allows in a query: pchar, "/", "?", and well-formed percent-escapes. */
const URI_QUERY = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
const NOT_URI_QUERY = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/gu;

function percentEncode(char: string): string {
  try {
    return encodeURIComponent(char);
  } catch {
    return '%EF%BF%BD'; // a lone surrogate: U+FFFD, as a URL parser would write it
  }
}

/**
 * The caller's query, kept as written where it is already a valid URI query (the usual case), else with each
 * character a URI may not hold percent-encoded (a stray `%`, `[`, `|`, a space…), so nextLink is always a valid
 * `format: uri` and following it sends the same parameter values.
 */
function asUriQuery(query: string): string {
  return URI_QUERY.test(query) ? query : query.replace(NOT_URI_QUERY, percentEncode);
}

// The envelope ends with the per-response ids, so a body is a deterministic head (cacheable) + the ids' tail.
function envelopeHead(statusCode: number, message: string, errors: string | null, data: string): string {
  return `{"statusCode":${statusCode},"message":${JSON.stringify(message)},${errors === null ? '' : `"errors":${errors},`}"data":${data},`;
}

function metaTail(meta: ResponseMeta): string {
  return `"requestId":"${meta.requestId}","timestamp":"${meta.timestamp}","traceId":"${meta.traceId}"}`;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'The request is invalid.',
  401: 'A valid bearer token is required.',
  403: `The token does not grant the ${salesforce.scope} permission.`,
  404: 'The resource was not found.',
  414: 'The request URI is too long.',
  429: 'Too many requests; retry later.',
  500: 'An unexpected error occurred.',
};

export const salesforceProfile: SplitPageProfile = {
  ...describedProfile(salesforce),
  enums: 'value',

  toQuery(params: ValidatedParams): JobQuery | ParamProblem[] {
    const problems: ParamProblem[] = [];
    const range = readIsoRange(params, problems);
    const type = readInteger(params, 'type', 0, MAX_TYPE, 0, problems);
    const status = readInteger(params, 'status', 0, MAX_STATUS, 0, problems);
    const level = readInteger(params, 'level', 0, MAX_LEVEL, 0, problems);
    const pageIndex = readInteger(params, 'pageIndex', paging.minPageIndex, paging.maxPageIndex, 0, problems);
    const pageSize = readInteger(params, 'pageSize', 1, paging.maxPageSize, paging.defaultPageSize, problems);
    let organizationId: string | null = null;
    const org = readText(params, 'organizationId');
    if (org !== undefined) {
      const id = salesforceModel.normaliseOrganizationId(org);
      // A well-formed id whose checksum does not match is a valid query for an org that does not exist.
      if (typeof id === 'string') organizationId = id;
      else if (/^[A-Za-z0-9]{18}$/.test(org)) organizationId = org;
      else {
        problems.push(
          problem(
            'InvalidParameter',
            'organizationId',
            'The value of organizationId must be a 15- or 18-character Salesforce organization id.',
          ),
        );
      }
    }
    if (problems.length > 0 || range === null) return problems;
    return jobQuery(range, {
      types: type === 0 ? null : [type],
      status: status === 0 ? null : status,
      level: level === 0 ? null : level,
      organizationId,
      offset: pageOffset(pageIndex, pageSize),
      limit: pageSize,
    });
  },

  renderPage(
    page: JobPage,
    query: JobQuery,
    params: ValidatedParams,
    requestUrl: RequestUrl,
    meta: ResponseMeta,
  ): string {
    return salesforceProfile.renderPageHead(page, query, params, requestUrl) + metaTail(meta);
  },

  renderPageHead(page: JobPage, query: JobQuery, params: ValidatedParams, requestUrl: RequestUrl): string {
    const pageIndex = Math.max(1, Number(params.pageIndex ?? 0) || 0);
    const hasMore = query.offset + page.jobsJson.length < page.total && page.jobsJson.length > 0;
    const nextLink = hasMore ? asciiJson(JSON.stringify(nextPageUrl(requestUrl, pageIndex + 1))) : '""';
    const data = `{"totalCount":${page.total},"jobs":${jsonArray(page.jobsJson)},"nextLink":${nextLink}}`;
    return envelopeHead(200, '', null, data);
  },

  renderMetaTail: metaTail,

  renderError(status: number, problems: readonly ParamProblem[], meta: ResponseMeta): string {
    const message =
      problems.length === 1
        ? problems[0]!.message
        : problems.length > 1
          ? `${problems.length} parameters are invalid: ${problems.map((p) => p.field ?? p.code).join(', ')}.`
          : (STATUS_MESSAGES[status] ?? 'The request failed.');
    const errors = JSON.stringify(
      problems.map((p) => ({ code: p.code, field: p.field, message: p.message })),
    );
    return asciiJson(envelopeHead(status, message, errors, 'null') + metaTail(meta));
  },
};
