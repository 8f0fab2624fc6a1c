// Everything in which Dynamics 365's `GET /dynamicsbackup/jobs`, revision 2024-10, differs: .NET ticks (BigInt) for
// times, the endTime alias, type as a set of bit flags, statuses 2/3/4/7, GUID orgs, 1-based pages, a bare
// {totalNumber, result} page with string enums, and RFC 9457 problem details for errors. The filters, the paging
// and the errors are the same in revision 2025-04 (dynamics365-2025-04.ts), which takes them from here.
import { dynamics365, MAX_TICKS, ticksToMs } from '@jobwatch/api-descriptions';
import { dynamics365Model } from '../models/dynamics365.js';
import type {
  JobPage,
  JobQuery,
  ParamProblem,
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
  readText,
} from './shared.js';

const { filters, paging } = dynamics365;
const FLAGS = filters.type.values;
/** Every flag OR-ed together: 63. */
const ALL_TYPES = FLAGS.reduce((mask, flag) => mask | flag, 0);
const STATUSES = new Set(filters.status.values);
const STATUS_LIST = filters.status.values.join(', ');

/** The flags set in a type mask, e.g. 3 → [1, 2]; null for 0 or 63 (all types). */
export function typeFlags(mask: number): number[] | null {
  if (mask === 0 || mask === ALL_TYPES) return null;
  return FLAGS.filter((flag) => (mask & flag) !== 0);
}

function readTicks(
  params: ValidatedParams,
  name: string,
  problems: ParamProblem[],
): bigint | null | undefined {
  const raw = params[name];
  if (raw === undefined) return undefined;
  let ticks: bigint | null = null;
  if (typeof raw === 'bigint') ticks = raw;
  else if (typeof raw === 'number' && Number.isSafeInteger(raw)) ticks = BigInt(raw);
  else if (typeof raw === 'string' && /^\d{1,19}$/.test(raw)) ticks = BigInt(raw);
  if (ticks === null || ticks < 0n || ticks > MAX_TICKS) {
    problems.push(
      problem(
        'InvalidParameter',
        name,
        `The value of ${name} must be an integer number of .NET ticks from 0 to ${MAX_TICKS}.`,
      ),
    );
    return null;
  }
  return ticks;
}

const PROBLEM_TYPES: Record<number, [string, string]> = {
  400: ['https://tools.ietf.org/html/rfc9110#section-15.5.1', 'One or more validation errors occurred.'],
  401: ['https://tools.ietf.org/html/rfc9110#section-15.5.2', 'Unauthorized'],
  403: ['https://tools.ietf.org/html/rfc9110#section-15.5.4', 'Forbidden'],
  404: ['https://tools.ietf.org/html/rfc9110#section-15.5.5', 'Not Found'],
  405: ['https://tools.ietf.org/html/rfc9110#section-15.5.6', 'Method Not Allowed'],
  414: ['https://tools.ietf.org/html/rfc9110#section-15.5.15', 'URI Too Long'],
  429: ['https://tools.ietf.org/html/rfc6585#section-4', 'Too Many Requests'],
  500: [
    'https://tools.ietf.org/html/rfc9110#section-15.6.1',
    'An error occurred while processing your request.',
  ],
  503: ['https://tools.ietf.org/html/rfc9110#section-15.6.4', 'Service Unavailable'],
};

/** The RFC 9457 `type` and `title` for an HTTP status. */
export function problemType(status: number): [string, string] {
  return (
    PROBLEM_TYPES[status] ??
    (status >= 500
      ? ['https://tools.ietf.org/html/rfc9110#section-15.6', 'Server Error']
      : ['https://tools.ietf.org/html/rfc9110#section-15.5', 'Client Error'])
  );
}

/**
 * What both revisions read alike: the type mask (decisions 19, 27), the status (2, 3, 4, 7), the organization's
 * GUID (case-insensitive, decision 24), and 1-based pages. Problems are added to `problems`.
 */
export function readDynamicsFilters(
  params: ValidatedParams,
  problems: ParamProblem[],
): Omit<JobQuery, 'fromMs' | 'toMs'> {
  const type = readInteger(params, 'type', 0, ALL_TYPES, 0, problems);
  const pageIndex = readInteger(params, 'pageIndex', paging.minPageIndex, paging.maxPageIndex, 1, problems);
  const pageSize = readInteger(params, 'pageSize', 1, paging.maxPageSize, paging.defaultPageSize, problems);
  let status: number | null = null;
  if (params.status !== undefined) {
    const value = readInteger(params, 'status', -2147483648, 2147483647, -1, problems);
    if (STATUSES.has(value)) status = value;
    else if (value !== -1) {
      problems.push(
        problem('InvalidParameter', 'status', `The value of status must be one of ${STATUS_LIST}.`),
      );
    }
  }
  let organizationId: string | null = null;
  const org = readText(params, 'organizationId');
  if (org !== undefined) {
    const id = dynamics365Model.normaliseOrganizationId(org);
    if (typeof id === 'string') organizationId = id;
    else
      problems.push(
        problem('InvalidParameter', 'organizationId', 'The value of organizationId must be a GUID.'),
      );
  }
  return {
    types: typeFlags(type),
    status,
    level: null,
    organizationId,
    offset: pageOffset(pageIndex, pageSize),
    limit: pageSize,
  };
}

export const dynamics365Profile: SplitPageProfile = {
  ...describedProfile(dynamics365),
  enums: 'name',

  toQuery(params: ValidatedParams): JobQuery | ParamProblem[] {
    const problems: ParamProblem[] = [];
    const start = readTicks(params, 'startTime', problems);
    const finishTicks = readTicks(params, 'finishTime', problems);
    const endTicks = readTicks(params, 'endTime', problems);
    if (start === undefined)
      problems.push(problem('MissingParameter', 'startTime', 'The parameter startTime is required.'));
    if (finishTicks !== undefined && endTicks !== undefined) {
      problems.push(
        problem('InvalidParameter', 'endTime', 'Give finishTime or its deprecated alias endTime, not both.'),
      );
    } else if (finishTicks === undefined && endTicks === undefined) {
      problems.push(problem('MissingParameter', 'finishTime', 'The parameter finishTime is required.'));
    }
    const finish = finishTicks ?? endTicks;
    const filters = readDynamicsFilters(params, problems);
    if (typeof start === 'bigint' && typeof finish === 'bigint' && start > finish) {
      problems.push(problem('InvalidRange', 'startTime', 'The startTime must not be after the finishTime.'));
    }
    if (problems.length > 0 || typeof start !== 'bigint' || typeof finish !== 'bigint') return problems;
    return jobQuery({ fromMs: ticksToMs(start, 'ceil'), toMs: ticksToMs(finish, 'floor') }, filters);
  },

  renderPage(page: JobPage): string {
    return `{"totalNumber":${page.total},"result":${jsonArray(page.jobsJson)}}`;
  },

  // A page carries no per-response ids (they are in the headers): the whole body is the head.
  renderPageHead(page: JobPage): string {
    return `{"totalNumber":${page.total},"result":${jsonArray(page.jobsJson)}}`;
  },

  renderMetaTail(): string {
    return '';
  },

  renderError(status: number, problems: readonly ParamProblem[], meta: ResponseMeta): string {
    const [type, title] = problemType(status);
    const detail =
      problems.length > 0
        ? problems.map((p) => p.message).join(' ')
        : status === 400
          ? 'The request is invalid.'
          : title;
    const body: Record<string, unknown> = { type, title, status, detail, traceId: meta.traceId };
    if (status === 400) {
      const errors: Record<string, string[]> = {};
      for (const p of problems) {
        const key = p.field ?? '$';
        errors[key] = [...(errors[key] ?? []), p.message];
      }
      if (problems.length === 0) errors.$ = [detail];
      body.errors = errors;
    }
    return asciiJson(JSON.stringify(body));
  },
};
