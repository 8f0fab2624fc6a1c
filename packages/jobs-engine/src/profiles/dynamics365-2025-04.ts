// Everything in which Dynamics 365's `GET /dynamicsbackup/jobs`, revision 2025-04 (what the live service answers
// today), differs from revision 2024-10: ISO 8601 times read as Salesforce reads them (decision 27), and a
// `{ totalCount, jobs, nextLink, pageIndex, pageSize }` page with integer enums whose nextLink is built as
// Salesforce builds it (decision 28). The filters, the paging and the problem-details errors are 2024-10's.
import { dynamics365V2025_04 } from '@jobwatch/api-descriptions';
import type {
  JobPage,
  JobQuery,
  ParamProblem,
  RequestUrl,
  ResponseMeta,
  SplitPageProfile,
  ValidatedParams,
} from '../types.js';
import { dynamics365Profile, readDynamicsFilters } from './dynamics365.js';
import { nextPageUrl } from './salesforce.js';
import { asciiJson, describedProfile, jobQuery, jsonArray, readIsoRange } from './shared.js';

export const dynamics365V2025_04Profile: SplitPageProfile = {
  ...describedProfile(dynamics365V2025_04),
  enums: 'value',

  toQuery(params: ValidatedParams): JobQuery | ParamProblem[] {
    const problems: ParamProblem[] = [];
    const range = readIsoRange(params, problems);
    const filters = readDynamicsFilters(params, problems);
    if (problems.length > 0 || range === null) return problems;
    return jobQuery(range, filters);
  },

  renderPage(page: JobPage, query: JobQuery, params: ValidatedParams, requestUrl: RequestUrl): string {
    return dynamics365V2025_04Profile.renderPageHead(page, query, params, requestUrl);
  },

  // Like 2024-10, a page carries no per-response ids: the whole body is the head.
  renderPageHead(page: JobPage, query: JobQuery, params: ValidatedParams, requestUrl: RequestUrl): string {
    const pageIndex = Math.max(1, Number(params.pageIndex ?? 1) || 1);
    const hasMore = query.offset + page.jobsJson.length < page.total && page.jobsJson.length > 0;
    const nextLink = hasMore ? asciiJson(JSON.stringify(nextPageUrl(requestUrl, pageIndex + 1))) : '""';
    return (
      `{"totalCount":${page.total},"jobs":${jsonArray(page.jobsJson)},"nextLink":${nextLink},` +
      `"pageIndex":${pageIndex},"pageSize":${query.limit}}`
    );
  },

  renderMetaTail(): string {
    return '';
  },

  renderError(status: number, problems: readonly ParamProblem[], meta: ResponseMeta): string {
    return dynamics365Profile.renderError(status, problems, meta);
  },
};
