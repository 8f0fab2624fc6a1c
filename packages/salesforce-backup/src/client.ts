// The Salesforce client users pick up: one call to create, typed pages, and async iterators that follow nextLink.
import {
  type ApiClientOptions,
  type ApiTarget,
  checkPageSize,
  createApiTransport,
  DEFAULT_PAGE_SIZE,
  fetchNextPage,
  flattenPages,
  GraphError,
  type PagingOptions,
  resolveNextLink,
  type TokenProvider,
  toPageWireQuery,
} from '@jobwatch/graph-auth';
import { parseSalesforceError } from './errors.js';
import { type Client, createClient } from './gen/client/client/index.js';
import {
  listSalesforceBackupJobs,
  type SalesforceJob,
  type SalesforceJobsPage,
  type SalesforceJobsResponse,
} from './gen/client/index.js';
import { type SalesforceJobsQuery, toWireQuery } from './query.js';

/** The permission the Salesforce jobs API needs (the vendor's docs on authentication; decision 0009). */
export const SALESFORCE_SCOPE = 'salesforce.public.read.all';

const API = 'Salesforce jobs API';

/** Options of `createSalesforceBackupClient`: exactly one of credentials, tokenProvider or token, plus transport. */
export type SalesforceBackupClientOptions = ApiClientOptions;

/** A query for one page: the filters plus the page to get. */
export type SalesforceJobsPageQuery = SalesforceJobsQuery & {
  /** The page, counted from 1 (0, the API's default, is also the first page). */
  pageIndex?: number;
  /** Jobs per page, 1–1000; the API's default is 10. */
  pageSize?: number;
};

/** A Salesforce jobs client. Every method throws `SalesforceApiError` for an error answer. */
export interface SalesforceBackupClient {
  /** The base URL in use, without a trailing slash. */
  readonly baseUrl: string;
  /** The generated client, wired to the same transport, for `listSalesforceBackupJobs({ client, … })`. */
  readonly client: Client;
  /** The token provider in use. */
  readonly tokenProvider: TokenProvider;
  /** Gets one page of jobs. */
  listJobs(query: SalesforceJobsPageQuery, options?: { signal?: AbortSignal }): Promise<SalesforceJobsPage>;
  /** Iterates over every page of matching jobs, following `nextLink` (which must stay on the same origin). */
  pages(
    query: SalesforceJobsQuery,
    options?: PagingOptions,
  ): AsyncGenerator<SalesforceJobsPage, void, undefined>;
  /** Iterates over every matching job, newest first: `for await (const job of client.jobs({ … }))`. */
  jobs(query: SalesforceJobsQuery, options?: PagingOptions): AsyncGenerator<SalesforceJob, void, undefined>;
}

/**
 * Creates a Salesforce jobs client for a region (`{ region: 'us' }`) or a base URL (`{ baseUrl }`, e.g. the
 * mock). With `credentials`, tokens for `salesforce.public.read.all` come from the region's identity service
 * (or `credentials.tokenUrl`) and are cached and refreshed. Requests are retried on 429 (honouring
 * `Retry-After`), 5xx and network errors, and each attempt has a timeout (`timeoutMs`, default 30 s).
 */
export function createSalesforceBackupClient(
  target: ApiTarget,
  options: SalesforceBackupClientOptions,
): SalesforceBackupClient {
  const transport = createApiTransport(target, options, {
    scope: SALESFORCE_SCOPE,
    parseError: parseSalesforceError,
  });
  const { baseUrl } = transport;
  const origin = new URL(baseUrl).origin;
  const client = createClient({ baseUrl, fetch: transport.fetch });

  async function listJobs(query: SalesforceJobsPageQuery, options: { signal?: AbortSignal } = {}) {
    const { data } = await listSalesforceBackupJobs({
      client,
      query: toPageWireQuery(query, toWireQuery),
      signal: options.signal ?? null,
      throwOnError: true,
    });
    return pageOf(data);
  }

  async function* pages(query: SalesforceJobsQuery, options: PagingOptions = {}) {
    const pageSize = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
    const { signal } = options;
    let page = await listJobs({ ...query, pageIndex: 1, pageSize }, { signal });
    const visited = new Set<string>();
    for (;;) {
      yield page;
      // An empty page ends the listing even if a link follows, so a server bug cannot loop us forever.
      if (!page.nextLink || page.jobs.length === 0) return;
      const link = resolveNextLink(page.nextLink, { api: API, origin, visited });
      page = pageOf((await fetchNextPage(transport.fetch, link, API, signal)) as SalesforceJobsResponse);
    }
  }

  return {
    baseUrl,
    client,
    tokenProvider: transport.tokenProvider,
    listJobs,
    pages,
    jobs: (query, options) => flattenPages(pages(query, options), (page) => page.jobs),
  };
}

/** The page inside the envelope, checked just enough that the iterators can rely on it. */
function pageOf(body: SalesforceJobsResponse): SalesforceJobsPage {
  const page = body?.data;
  if (!page || !Array.isArray(page.jobs) || typeof page.totalCount !== 'number') {
    throw new GraphError(`${API}: the answer is not a page of jobs`);
  }
  return page;
}
