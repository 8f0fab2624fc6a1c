// Both clients behind one small interface, so that shared behaviour is tested once with describe.each. Paths and
// scopes come from the API descriptions.
import { readFileSync } from 'node:fs';
import { dynamics365, salesforce } from '@jobwatch/api-descriptions';
import { createDynamicsBackupClient, DynamicsApiError } from '@jobwatch/dynamics365-backup';
import type { ApiTarget, GraphApiError } from '@jobwatch/graph-auth';
import {
  createSalesforceBackupClient,
  SalesforceApiError,
  type SalesforceBackupClientOptions,
} from '@jobwatch/salesforce-backup';

export const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** A window that covers every job of a mock anchored at 2025-06-01. */
export const WHOLE = {
  startTime: new Date('2000-01-01T00:00:00Z'),
  finishTime: new Date('2025-06-02T00:00:00Z'),
};

export interface UniformJob {
  jobId: string;
  startTime: string;
}

export interface UniformClient {
  firstPage(pageSize: number, signal?: AbortSignal): Promise<{ jobs: UniformJob[]; total: number }>;
  pages(pageSize: number): AsyncIterable<{ jobs: UniformJob[]; total: number }>;
  jobs(pageSize: number): AsyncIterable<UniformJob>;
  /** A request the API rejects as a 400 on its organizationId parameter. */
  badOrganization(): Promise<unknown>;
}

/** The calls of a jobs client that the uniform interface wraps; each API's page type is read by `read`. */
interface PagingClient<Page> {
  listJobs(
    query: typeof WHOLE & { pageSize?: number; organizationId?: string },
    options?: { signal?: AbortSignal },
  ): Promise<Page>;
  pages(query: typeof WHOLE, options: { pageSize: number }): AsyncIterable<Page>;
  jobs(query: typeof WHOLE, options: { pageSize: number }): AsyncIterable<UniformJob>;
}

/** One client behind the uniform interface: `read` maps its page, `badOrganizationId` is a value it must refuse. */
function uniformClient<Page>(
  client: PagingClient<Page>,
  read: (page: Page) => { jobs: UniformJob[]; total: number },
  badOrganizationId: string,
): UniformClient {
  return {
    firstPage: async (pageSize, signal) =>
      read(await client.listJobs({ ...WHOLE, pageSize }, signal ? { signal } : {})),
    pages: async function* (pageSize) {
      for await (const page of client.pages(WHOLE, { pageSize })) yield read(page);
    },
    jobs: (pageSize) => client.jobs(WHOLE, { pageSize }),
    badOrganization: () => client.listJobs({ ...WHOLE, organizationId: badOrganizationId }),
  };
}

export interface ApiCase {
  name: 'salesforce' | 'dynamics365' | 'dynamics365 2025-04';
  scope: string;
  /** The other API's scope: a token for it alone gets a 403 here. */
  otherScope: string;
  path: string;
  ErrorClass: new (...args: never[]) => GraphApiError;
  create(target: ApiTarget, options: SalesforceBackupClientOptions): UniformClient;
  /** A body of one page for an injected fetch: `count` jobs of `total`. */
  pageBody(url: URL, total: number): unknown;
}

const SF_SCOPE = salesforce.scope;
const D365_SCOPE = dynamics365.scope;

/**
 * The page an injected fetch is asked for: its size, its 1-based index, and how many of `total` jobs it holds.
 * Salesforce reads pageIndex 0 as the first page (`zeroIsFirst`); Dynamics pages start at 1.
 */
function requestedPage(url: URL, total: number, { zeroIsFirst = false } = {}) {
  const pageSize = Number(url.searchParams.get('pageSize'));
  const asked = Number(url.searchParams.get('pageIndex') ?? 1);
  const pageIndex = zeroIsFirst ? Math.max(1, asked) : asked;
  const count = Math.max(0, Math.min(pageSize, total - (pageIndex - 1) * pageSize));
  return { pageSize, pageIndex, count };
}

export const salesforceCase: ApiCase = {
  name: 'salesforce',
  scope: SF_SCOPE,
  otherScope: D365_SCOPE,
  path: salesforce.path,
  ErrorClass: SalesforceApiError,
  create(target, options) {
    const client = createSalesforceBackupClient(target, options);
    return uniformClient(client, (page) => ({ jobs: page.jobs, total: page.totalCount }), 'not-an-org');
  },
  pageBody(url, total) {
    const { pageSize, pageIndex, count } = requestedPage(url, total, { zeroIsFirst: true });
    const next = new URL(url);
    next.searchParams.set('pageIndex', String(pageIndex + 1));
    return {
      statusCode: 200,
      message: '',
      data: {
        totalCount: total,
        nextLink: pageIndex * pageSize < total ? next.href : '',
        jobs: Array.from({ length: count }, (_, i) => ({
          jobId: `sf-${pageIndex}-${i}`,
          startTime: '2025-01-01T00:00:00Z',
        })),
      },
      requestId: 'r',
      timestamp: 't',
      traceId: 'x',
    };
  },
};

export const dynamicsCase: ApiCase = {
  name: 'dynamics365',
  scope: D365_SCOPE,
  otherScope: SF_SCOPE,
  path: dynamics365.path,
  ErrorClass: DynamicsApiError,
  create(target, options) {
    const client = createDynamicsBackupClient(target, { ...options, revision: '2024-10' });
    return uniformClient(client, (page) => ({ jobs: page.result, total: page.totalNumber }), 'not-a-guid');
  },
  pageBody(url, total) {
    const { pageIndex, count } = requestedPage(url, total);
    return {
      totalNumber: total,
      result: Array.from({ length: count }, (_, i) => ({
        jobId: `d-${pageIndex}-${i}`,
        startTime: '2025-01-01T00:00:00Z',
        backupSize: 1,
      })),
    };
  },
};

/** Dynamics 365 revision 2025-04, which the mock serves on the same path (ISO times, nextLink). */
export const dynamics2025Case: ApiCase = {
  ...dynamicsCase,
  name: 'dynamics365 2025-04',
  create(target, options) {
    const client = createDynamicsBackupClient(target, { ...options, revision: '2025-04' });
    return uniformClient(client, (page) => ({ jobs: page.jobs, total: page.totalCount }), 'not-a-guid');
  },
  pageBody(url, total) {
    const { pageSize, pageIndex, count } = requestedPage(url, total);
    const next = new URL(url);
    next.searchParams.set('pageIndex', String(pageIndex + 1));
    return {
      totalCount: total,
      jobs: Array.from({ length: count }, (_, i) => ({
        jobId: `d-${pageIndex}-${i}`,
        startTime: '2025-01-01T00:00:00Z',
        backupSize: 1,
      })),
      nextLink: pageIndex * pageSize < total ? next.href : '',
    };
  },
};

export const API_CASES = [salesforceCase, dynamicsCase, dynamics2025Case];
