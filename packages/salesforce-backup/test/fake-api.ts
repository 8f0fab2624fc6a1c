// An in-memory Salesforce jobs API behind an injected fetch: enough of the real paging (nextLink, 1-based pages)
// and token endpoint to test the client's paging, auth and error handling without a server.
import { fakeNextLink } from '@jobwatch/graph-auth/testing';
import type { SalesforceJob } from '../src/index.js';

export const BASE = 'https://graph-us.avepointonlineservices.com';
export const TOKEN_URL = 'https://identity.avepointonlineservices.com/connect/token';

export function makeJob(i: number): SalesforceJob {
  return {
    type: 1,
    jobId: `job-${String(i).padStart(5, '0')}`,
    startTime: new Date(Date.UTC(2024, 5, 1) - i * 60_000).toISOString(),
    finishTime: null,
    status: 1,
    successfulRecords: 0,
    skippedRecords: 0,
    failedRecords: 0,
    totalRecords: 0,
    successfulMetadata: 0,
    failedMetadata: 0,
    totalMetadata: 0,
    successfulObjects: 0,
    skippedObjects: 0,
    failedObjects: 0,
    totalObjects: 0,
    dataSize: 10,
    apiCalls: 1,
    organizationId: '00D5g000004SZJbEAO',
  };
}

export function envelope(status: number, data: unknown, extra: Record<string, unknown> = {}) {
  return new Response(
    JSON.stringify({
      statusCode: status,
      message: status === 200 ? '' : 'failed',
      data,
      requestId: '0HNEVHLNSPSEJ:00000002',
      timestamp: '2025-08-20T03:25:12.304891Z',
      traceId: '00-f33571c212e19c7bad36b255e18b7df2-97d26a62bd4a5b70-00',
      ...extra,
    }),
    { status, headers: { 'content-type': 'application/json', 'request-id': '0HNEVHLNSPSEJ:00000002' } },
  );
}

export interface FakeOptions {
  total: number;
  /** Rewrites the nextLink the server sends (e.g. to another origin). */
  linkOf?: (url: URL) => string;
  /** Intercepts a jobs request before it is served; return a Response to answer it instead. */
  before?: (request: Request, served: number) => Response | undefined;
}

export function fakeSalesforce(options: FakeOptions) {
  const jobs = Array.from({ length: options.total }, (_, i) => makeJob(i));
  const requests: Request[] = [];
  let tokens = 0;
  let served = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    const url = new URL(request.url);
    if (request.url === TOKEN_URL) {
      tokens++;
      return Response.json({ token_type: 'Bearer', expires_in: 3600, access_token: `token-${tokens}` });
    }
    const early = options.before?.(request, served);
    if (early) return early;
    served++;
    const pageSize = Number(url.searchParams.get('pageSize') ?? 10);
    const pageIndex = Math.max(1, Number(url.searchParams.get('pageIndex') ?? 0));
    const page = jobs.slice((pageIndex - 1) * pageSize, pageIndex * pageSize);
    const nextLink = fakeNextLink(url, { pageIndex, pageSize, total: jobs.length }, options.linkOf);
    return envelope(200, { totalCount: jobs.length, nextLink, jobs: page });
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    jobs,
    tokenRequests: () => tokens,
    jobRequests: () => requests.filter((r) => r.url !== TOKEN_URL),
  };
}
