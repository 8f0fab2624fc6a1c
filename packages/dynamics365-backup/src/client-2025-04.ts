// The Dynamics 365 client of revision 2025-04, the one the live service answers today: ISO 8601 times, integer
// enums in the jobs, and a `{ totalCount, jobs, nextLink }` page whose iterators follow `nextLink` (resolving a
// relative one against the request URL) until it is `""` (decision 28).
import {
  type ApiTransport,
  checkPageSize,
  DEFAULT_PAGE_SIZE,
  fetchNextPage,
  flattenPages,
  GraphError,
  type PagingOptions,
  resolveNextLink,
  type TokenProvider,
  toPageWireQuery,
} from '@jobwatch/graph-auth';
import { type Client, createClient } from './gen/client-2025-04/client/index.js';
import {
  type DynamicsJobsPage as DynamicsJobsPageV2025_04,
  type DynamicsJob as DynamicsJobV2025_04,
  listDynamics365BackupJobs,
} from './gen/client-2025-04/index.js';
import { type DynamicsJobsQueryV2025_04, toWireQueryV2025_04 } from './query.js';

export type { DynamicsJobsPageV2025_04, DynamicsJobV2025_04 };

const API = 'Dynamics 365 jobs API (2025-04)';

/** A query for one page of revision 2025-04: the filters plus the page to get. */
export type DynamicsJobsPageQueryV2025_04 = DynamicsJobsQueryV2025_04 & {
  /** The page, counted from 1 (the default). */
  pageIndex?: number;
  /** Jobs per page, 1–1000; the API's default is 10. */
  pageSize?: number;
};

/** A Dynamics 365 jobs client of revision 2025-04. Every method throws `DynamicsApiError` for an error answer. */
export interface DynamicsBackupClientV2025_04 {
  /** The revision this client speaks. */
  readonly revision: '2025-04';
  /** The base URL in use, without a trailing slash. */
  readonly baseUrl: string;
  /** The generated 2025-04 client, wired to the same transport, for `listDynamics365BackupJobs({ client, … })`. */
  readonly client: Client;
  /** The token provider in use. */
  readonly tokenProvider: TokenProvider;
  /** Gets one page of jobs. */
  listJobs(
    query: DynamicsJobsPageQueryV2025_04,
    options?: { signal?: AbortSignal },
  ): Promise<DynamicsJobsPageV2025_04>;
  /** Iterates over every page of matching jobs, following `nextLink` (which must stay on the same origin). */
  pages(
    query: DynamicsJobsQueryV2025_04,
    options?: PagingOptions,
  ): AsyncGenerator<DynamicsJobsPageV2025_04, void, undefined>;
  /** Iterates over every matching job, newest first: `for await (const job of client.jobs({ … }))`. */
  jobs(
    query: DynamicsJobsQueryV2025_04,
    options?: PagingOptions,
  ): AsyncGenerator<DynamicsJobV2025_04, void, undefined>;
}

/** A page and the URL it was fetched from: a relative nextLink resolves against it. */
interface FetchedPage {
  page: DynamicsJobsPageV2025_04;
  url: string;
}

/** Builds the 2025-04 client on a transport (createDynamicsBackupClient with `revision: '2025-04'`). */
export function createDynamicsClientV2025_04(transport: ApiTransport): DynamicsBackupClientV2025_04 {
  const { baseUrl } = transport;
  const origin = new URL(baseUrl).origin;
  const client = createClient({ baseUrl, fetch: transport.fetch });

  async function fetchFirst(
    query: DynamicsJobsPageQueryV2025_04,
    signal: AbortSignal | undefined,
  ): Promise<FetchedPage> {
    const { data, request } = await listDynamics365BackupJobs({
      client,
      query: toPageWireQuery(query, toWireQueryV2025_04),
      signal: signal ?? null,
      throwOnError: true,
    });
    return { page: pageOf(data), url: request.url };
  }

  async function* pages(query: DynamicsJobsQueryV2025_04, options: PagingOptions = {}) {
    const pageSize = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
    const { signal } = options;
    let fetched = await fetchFirst({ ...query, pageIndex: 1, pageSize }, signal);
    const visited = new Set<string>([new URL(fetched.url).href]);
    for (;;) {
      const { page, url } = fetched;
      yield page;
      // An empty page ends the listing even if a link follows, so a server bug cannot loop us forever.
      if (page.nextLink === '' || page.jobs.length === 0) return;
      const link = resolveNextLink(page.nextLink, { api: API, origin, visited }, url);
      fetched = { page: pageOf(await fetchNextPage(transport.fetch, link, API, signal)), url: link };
    }
  }

  return {
    revision: '2025-04',
    baseUrl,
    client,
    tokenProvider: transport.tokenProvider,
    listJobs: async (query, options = {}) => (await fetchFirst(query, options.signal)).page,
    pages,
    jobs: (query, options) => flattenPages(pages(query, options), (page) => page.jobs),
  };
}

/** The page, checked just enough that the iterators can rely on it; a 2024-10 page is named as such. */
function pageOf(body: unknown): DynamicsJobsPageV2025_04 {
  const page = body as Partial<DynamicsJobsPageV2025_04> | null;
  if (
    !page ||
    typeof page !== 'object' ||
    !Array.isArray(page.jobs) ||
    typeof page.totalCount !== 'number' ||
    typeof page.nextLink !== 'string'
  ) {
    const old = page && typeof page === 'object' && 'totalNumber' in page && 'result' in page;
    throw new GraphError(
      old
        ? `${API}: the answer is a 2024-10 page ({ totalNumber, result }); create the client with revision '2024-10'`
        : `${API}: the answer is not a page of jobs`,
    );
  }
  return page as DynamicsJobsPageV2025_04;
}
