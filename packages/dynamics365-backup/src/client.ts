// The Dynamics 365 client users pick up: one call to create, for the revision the user names, with typed pages and
// async iterators. This module holds the choice of revision and the 2024-10 client, whose iterators walk pageIndex
// against totalNumber (that revision has no next link, decision 18); the 2025-04 client is in client-2025-04.ts.
import {
  type ApiClientOptions,
  type ApiTarget,
  type ApiTransport,
  checkPageSize,
  createApiTransport,
  DEFAULT_PAGE_SIZE,
  flattenPages,
  GraphError,
  type PagingOptions,
  type TokenProvider,
  toPageWireQuery,
} from '@jobwatch/graph-auth';
import { createDynamicsClientV2025_04, type DynamicsBackupClientV2025_04 } from './client-2025-04.js';
import { parseDynamicsError } from './errors.js';
import { type Client, createClient } from './gen/client/client/index.js';
import { type DynamicsJob, type DynamicsJobsPage, listDynamics365BackupJobs } from './gen/client/index.js';
import { listDynamics365BackupJobsResponseTransformer } from './gen/client/transformers.gen.js';
import { type DynamicsJobsQuery, toWireQuery } from './query.js';

/** The permission of the Dynamics 365 jobs API (vendor docs on authentication, decision 0009; case-insensitive). */
export const DYNAMICS_SCOPE = 'Dynamics.ReadWrite.All';

/** The revisions of the Dynamics 365 jobs API: 2024-10, the first published page, and 2025-04, which the live service answers today. */
export const DYNAMICS_REVISIONS = ['2024-10', '2025-04'] as const;
export type DynamicsRevision = (typeof DYNAMICS_REVISIONS)[number];

/**
 * Options of `createDynamicsBackupClient`: the revision the target serves (chosen explicitly: the two are not
 * wire-compatible), and exactly one of credentials, tokenProvider or token, plus transport.
 */
export type DynamicsBackupClientOptions<R extends DynamicsRevision = DynamicsRevision> = ApiClientOptions & {
  revision: R;
};

/** A query for one page: the filters plus the page to get. */
export type DynamicsJobsPageQuery = DynamicsJobsQuery & {
  /** The page, counted from 1 (the default). */
  pageIndex?: number;
  /** Jobs per page, 1–1000; the API's default is 10. */
  pageSize?: number;
};

/** A Dynamics 365 jobs client of revision 2024-10. Every method throws `DynamicsApiError` for an error answer. */
export interface DynamicsBackupClient {
  /** The revision this client speaks. */
  readonly revision: '2024-10';
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

/** The client of a revision. */
export type DynamicsClientOf<R extends DynamicsRevision> = R extends '2025-04'
  ? DynamicsBackupClientV2025_04
  : DynamicsBackupClient;

/**
 * Creates a Dynamics 365 jobs client for a region (`{ region: 'uk' }`) or a base URL (`{ baseUrl }`, e.g. the
 * mock), speaking the revision named by `revision`: `'2025-04'` (ISO times, integer enums, nextLink; what the live
 * service answers today) or `'2024-10'` (ticks, string enums, pageIndex against totalNumber). With `credentials`,
 * tokens for `Dynamics.ReadWrite.All` come from the region's identity service (or `credentials.tokenUrl`) and are
 * cached and refreshed. Requests are retried on 429 (honouring `Retry-After`), 5xx and network errors, and each
 * attempt has a timeout (`timeoutMs`, default 30 s).
 */
export function createDynamicsBackupClient(
  target: ApiTarget,
  options: DynamicsBackupClientOptions<'2025-04'>,
): DynamicsBackupClientV2025_04;
export function createDynamicsBackupClient(
  target: ApiTarget,
  options: DynamicsBackupClientOptions<'2024-10'>,
): DynamicsBackupClient;
export function createDynamicsBackupClient<R extends DynamicsRevision>(
  target: ApiTarget,
  options: DynamicsBackupClientOptions<R>,
): DynamicsClientOf<R>;
export function createDynamicsBackupClient(
  target: ApiTarget,
  options: DynamicsBackupClientOptions,
): DynamicsBackupClient | DynamicsBackupClientV2025_04 {
  const { revision } = options;
  // Plain JavaScript callers can omit the revision; guessing would send one revision's query to the other.
  if (revision === '2025-04') return createDynamicsClientV2025_04(createDynamicsTransport(target, options));
  if (revision === '2024-10') return createDynamicsClientV2024_10(createDynamicsTransport(target, options));
  throw new RangeError(
    `createDynamicsBackupClient: revision must be one of ${DYNAMICS_REVISIONS.join(', ')}, got ${String(revision)}`,
  );
}

/** The authorized transport both revisions share: the same scope and the same problem-details errors. */
export function createDynamicsTransport(target: ApiTarget, options: ApiClientOptions): ApiTransport {
  return createApiTransport(target, options, { scope: DYNAMICS_SCOPE, parseError: parseDynamicsError });
}

function createDynamicsClientV2024_10(transport: ApiTransport): DynamicsBackupClient {
  const { baseUrl } = transport;
  const client = createClient({ baseUrl, fetch: transport.fetch });

  async function listJobs(query: DynamicsJobsPageQuery, options: { signal?: AbortSignal } = {}) {
    const { data } = await listDynamics365BackupJobs({
      client,
      query: toPageWireQuery(query, toWireQuery),
      signal: options.signal ?? null,
      throwOnError: true,
      // Check the shape before the generated transformer reads `result` (it would fail on another shape).
      responseTransformer: async (body: unknown) =>
        listDynamics365BackupJobsResponseTransformer(pageOf(body)),
    });
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
    revision: '2024-10',
    baseUrl,
    client,
    tokenProvider: transport.tokenProvider,
    listJobs,
    pages,
    jobs: (query, options) => flattenPages(pages(query, options), (page) => page.result),
  };
}

/** The page, checked just enough that the iterators can rely on it; a 2025-04 page is named as such. */
function pageOf(body: unknown): DynamicsJobsPage {
  const page = body as Partial<DynamicsJobsPage> | null;
  if (
    !page ||
    typeof page !== 'object' ||
    !Array.isArray(page.result) ||
    typeof page.totalNumber !== 'number'
  ) {
    const newer = page && typeof page === 'object' && 'totalCount' in page && 'jobs' in page;
    throw new GraphError(
      newer
        ? "Dynamics 365 jobs API (2024-10): the answer is a 2025-04 page ({ totalCount, jobs, nextLink }); create the client with revision '2025-04'"
        : 'Dynamics 365 jobs API (2024-10): the answer is not a page of jobs',
    );
  }
  return page as DynamicsJobsPage;
}
