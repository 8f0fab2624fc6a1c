// An in-memory Dynamics 365 jobs API behind an injected fetch: pageIndex/pageSize against totalNumber.
import { fakeNextLink } from '@jobwatch/graph-auth/testing';
import type { DynamicsJob } from '../src/index.js';

export const BASE = 'https://graph-uk.avepointonlineservices.com';

export function makeJob(i: number): Record<string, unknown> {
  return {
    module: 'Customer Engagement',
    type: 'Backup',
    jobId: `DCIB${String(i).padStart(8, '0')}`,
    startTime: new Date(Date.UTC(2024, 5, 1) - i * 60_000).toISOString(),
    finishTime: new Date(Date.UTC(2024, 5, 1) - i * 60_000 + 1000).toISOString(),
    durationHours: 0.0003,
    status: 'Finished',
    successfulEntity: 1,
    failedEntity: 0,
    skippedEntity: 0,
    warningEntity: 0,
    totalEntity: 1,
    successfulRecord: 1,
    failedRecord: 0,
    skippedRecord: 0,
    warningRecord: 0,
    totalRecord: 1,
    backupSize: 180832,
    organizationId: '6f1c2b8e-3d4a-4f5b-9c7d-2e8f1a0b3c4d',
    organizationName: 'uatorg123',
  } satisfies Record<keyof DynamicsJob, unknown>;
}

/** The page a request asks for (pageIndex from 1, pageSize 10 by default), and the URL it came on. */
interface AskedPage {
  url: URL;
  pageIndex: number;
  pageSize: number;
  slice: Record<string, unknown>[];
}

/** A fetch that records every request and answers it, as `answer` renders it, with the page of `jobs` it asks for. */
function pagedFake(jobs: Record<string, unknown>[], answer: (asked: AskedPage) => Response) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    const url = new URL(request.url);
    const pageSize = Number(url.searchParams.get('pageSize') ?? 10);
    const pageIndex = Number(url.searchParams.get('pageIndex') ?? 1);
    const slice = jobs.slice((pageIndex - 1) * pageSize, pageIndex * pageSize);
    return answer({ url, pageIndex, pageSize, slice });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests, jobs };
}

export function fakeDynamics(options: { total: number; claimedTotal?: number }) {
  const jobs = Array.from({ length: options.total }, (_, i) => makeJob(i));
  return pagedFake(jobs, ({ slice }) =>
    Response.json({ totalNumber: options.claimedTotal ?? jobs.length, result: slice }),
  );
}

export function problem(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ status, ...body }), {
    status,
    headers: { 'content-type': 'application/problem+json', 'request-id': '0HNEVHLNSPSEJ:0000000A' },
  });
}

/** A job as revision 2025-04 renders it: integer type and status. */
export function makeJobV2025_04(i: number): Record<string, unknown> {
  return { ...makeJob(i), type: 1, status: 3 };
}

/**
 * An in-memory 2025-04 API: `{ totalCount, jobs, nextLink, pageIndex, pageSize }`, with nextLink absolute by
 * default, or as `linkOf` writes it (relative, another origin, a loop…).
 */
export function fakeDynamicsV2025_04(options: { total: number; linkOf?: (next: URL) => string }) {
  const jobs = Array.from({ length: options.total }, (_, i) => makeJobV2025_04(i));
  return pagedFake(jobs, ({ url, pageIndex, pageSize, slice }) => {
    const nextLink = fakeNextLink(url, { pageIndex, pageSize, total: jobs.length }, options.linkOf);
    return Response.json({ totalCount: jobs.length, jobs: slice, nextLink, pageIndex, pageSize });
  });
}
