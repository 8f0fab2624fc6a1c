// The Dynamics 365 client users pick up: one call to create, typed pages, and async iterators that walk pageIndex
// against totalNumber (the API has no next link, decision 18).
import {
  type ApiClientOptions,
  type ApiTarget,
  checkPageSize,
  createApiTransport,
  DEFAULT_PAGE_SIZE,
  flattenPages,
  GraphError,
  type PagingOptions,
  type TokenProvider,
} from '@jobwatch/graph-auth';
import { parseDynamicsError } from './errors.js';
import { type Client, createClient } from './gen/client/client/index.js';
import { type DynamicsJob, type DynamicsJobsPage, listDynamics365BackupJobs } from './gen/client/index.js';
import { type DynamicsJobsQuery, toWireQuery } from './query.js';

/** The permission the Dynamics 365 jobs API needs (FACTS.md; compared case-insensitively). */
export const DYNAMICS_SCOPE = 'Dynamics.ReadWrite.All';

/** Options of `createDynamicsBackupClient`: exactly one of credentials, tokenProvider or token, plus transport. */
export type DynamicsBackupClientOptions = ApiClientOptions;

/** A query for one page: the filters plus the page to get. */
export type DynamicsJobsPageQuery = DynamicsJobsQuery & {
  /** The page, counted from 1 (the default). */
  pageIndex?: number;
  /** Jobs per page, 1–1000; the API's default is 10. */
  pageSize?: number;
};

/** A Dynamics 365 jobs client. Every method throws `DynamicsApiError` for an error answer. */
export interface DynamicsBackupClient {
  /** The base URL in use, without a trailing slash. */
  readonly baseUrl: string;
  /** The generated client, wired to the same transport, for `listDynamics365BackupJobs({ client, … })`. */
  readonly client: Client;
  /** The token provider in use. */
  readonly tokenProvider: TokenProvider;
  /** Gets one page of jobs (`backupSize` as a bigint). */
  listJobs(query: DynamicsJobsPageQuery, options?: { signal?: AbortSignal }): Promise<DynamicsJobsPage>;
  /** Iterates over every page of matching jobs, walking pageIndex until `totalNumber` jobs came or a page is empty. */
  pages(query: DynamicsJobsQuery, options?: PagingOptions): AsyncGenerator<DynamicsJobsPage, void, undefined>;
  /** Iterates over every matching job, newest first: `for await (const job of client.jobs({ … }))`. */
  jobs(query: DynamicsJobsQuery, options?: PagingOptions): AsyncGenerator<DynamicsJob, void, undefined>;
}

/**
 * Creates a Dynamics 365 jobs client for a region (`{ region: 'uk' }`) or a base URL (`{ baseUrl }`, e.g. the
 * mock). With `credentials`, tokens for `Dynamics.ReadWrite.All` come from the region's identity service (or
 * `credentials.tokenUrl`) and are cached and refreshed. Requests are retried on 429 (honouring `Retry-After`),
 * 5xx and network errors, and each attempt has a timeout (`timeoutMs`, default 30 s).
 */
export function createDynamicsBackupClient(
  target: ApiTarget,
  options: DynamicsBackupClientOptions,
): DynamicsBackupClient {
  const transport = createApiTransport(target, options, {
    scope: DYNAMICS_SCOPE,
    parseError: parseDynamicsError,
  });
  const { baseUrl } = transport;
  const client = createClient({ baseUrl, fetch: transport.fetch });

  async function listJobs(query: DynamicsJobsPageQuery, options: { signal?: AbortSignal } = {}) {
    const { pageIndex, pageSize, ...filters } = query;
    const wire = toWireQuery(filters);
    if (pageIndex !== undefined) wire.pageIndex = pageIndex;
    if (pageSize !== undefined) wire.pageSize = pageSize;
    const { data } = await listDynamics365BackupJobs({
      client,
      query: wire,
      signal: options.signal ?? null,
      throwOnError: true,
    });
    if (!data || !Array.isArray(data.result) || typeof data.totalNumber !== 'number') {
      throw new GraphError('Dynamics 365 jobs API: the answer is not a page of jobs');
    }
    return data;
  }

  async function* pages(query: DynamicsJobsQuery, options: PagingOptions = {}) {
    const pageSize = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
    // Convert once: every page must ask for exactly the same window, and a bad time should fail before any call.
    const { startTime, finishTime } = toWireQuery(query);
    const fixed: DynamicsJobsQuery = { ...query, startTime, finishTime };
    let collected = 0;
    for (let pageIndex = 1; ; pageIndex++) {
      const page = await listJobs({ ...fixed, pageIndex, pageSize }, { signal: options.signal });
      collected += page.result.length;
      yield page;
      if (page.result.length === 0 || collected >= page.totalNumber) return;
    }
  }

  return {
    baseUrl,
    client,
    tokenProvider: transport.tokenProvider,
    listJobs,
    pages,
    jobs: (query, options) => flattenPages(pages(query, options), (page) => page.result),
  };
}
