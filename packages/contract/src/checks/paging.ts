// Paging: page sizes, a stable total, the pages adding up to exactly the total, an empty page past the end,
// nextLink round trips, the first page's aliases and the default page size.

import { isoToTicks } from '@jobwatch/api-descriptions/ticks';
import { jsonPath, preview } from '../util/json.js';
import { distinctJobs, ids, needWalk, needWindow } from './common.js';
import { documented, settled } from './provenance.js';
import type { Page } from './session.js';
import type { CheckDefinition } from './types.js';

export const pageSize: CheckDefinition = {
  id: 'paging.page-size',
  title: 'every page holds at most pageSize jobs, and every page but the last is full',
  rule: documented('the vendor pages: pageSize sets the number of jobs on one page'),
  async run(ctx) {
    const walk = await needWalk(ctx, 2);
    ctx.note(`walked ${walk.pages.length} pages of pageSize ${walk.pageSize}`);
    walk.pages.forEach(({ pageIndex, page }, i) => {
      const isLast = i === walk.pages.length - 1;
      if (page.jobs.length > walk.pageSize) {
        ctx.fail({
          message: `page ${pageIndex} holds more jobs than pageSize`,
          request: page.res.request,
          path: `${jsonPath(ctx.api.page.jobs)}.length`,
          expected: `≤ ${walk.pageSize}`,
          actual: String(page.jobs.length),
        });
      } else if (!isLast && page.jobs.length < walk.pageSize) {
        ctx.fail({
          message: `page ${pageIndex} is not full although it is not the last page`,
          request: page.res.request,
          path: `${jsonPath(ctx.api.page.jobs)}.length`,
          expected: String(walk.pageSize),
          actual: String(page.jobs.length),
        });
      }
    });
  },
};

export const totalStable: CheckDefinition = {
  id: 'paging.total-stable',
  title: 'the total is the same on every page',
  rule: documented(
    'the vendor pages: the total counts the retrieved jobs of the query, not of one page (Salesforce field table; Dynamics outline, reading 18)',
  ),
  async run(ctx) {
    const walk = await needWalk(ctx, 2);
    const { total } = await needWindow(ctx);
    for (const { pageIndex, page } of walk.pages) {
      if (page.total !== total) {
        ctx.fail({
          message: `page ${pageIndex} reports another total than the first request for the same window`,
          request: page.res.request,
          path: jsonPath(ctx.api.page.total),
          expected: String(total),
          actual: String(page.total),
        });
      }
    }
  },
};

export const union: CheckDefinition = {
  id: 'paging.union',
  title: 'the pages together hold exactly total distinct jobs',
  rule: settled(2, 'pages never overlap and never skip a job'),
  async run(ctx) {
    const walk = await needWalk(ctx, 1);
    const first = walk.pages[0]?.page as Page;
    const distinct = distinctJobs(walk.jobs);
    const seenOn = new Map<string, number>();
    for (const { pageIndex, page } of walk.pages) {
      for (const job of page.jobs) {
        const earlier = seenOn.get(job.id);
        if (earlier !== undefined) {
          ctx.fail({
            message: `job ${job.id} appears on page ${earlier} and again on page ${pageIndex} (pages overlap)`,
            request: page.res.request,
            path: jsonPath(ctx.api.page.jobs),
            expected: 'each job on exactly one page',
            actual: `${job.id} repeated`,
            groupKey: 'overlap',
          });
        } else seenOn.set(job.id, pageIndex);
      }
    }
    if (distinct.length !== first.total) {
      ctx.fail({
        message: `walking pageIndex ${walk.pages[0]?.pageIndex}…${walk.pages.at(-1)?.pageIndex} found ${distinct.length} distinct jobs, but the total says ${first.total}`,
        request: first.res.request,
        path: jsonPath(ctx.api.page.total),
        expected: `${distinct.length} (the distinct jobs on all pages)`,
        actual: String(first.total),
      });
    }
  },
};

export const pastEnd: CheckDefinition = {
  id: 'paging.past-end',
  title: 'a page past the end is empty',
  rule: settled(2, 'pages never overlap and never skip a job, so a page past the last one holds none'),
  async run(ctx) {
    const walk = await needWalk(ctx, 1);
    const last = walk.pages.at(-1);
    if (!last) return ctx.skip('no pages');
    // The page after the last one that can hold a job.
    const lastUseful = ctx.api.paging.firstPage + Math.ceil(last.page.total / walk.pageSize) - 1;
    const pageIndex = Math.max(last.pageIndex, lastUseful) + 1;
    const page = await ctx.session.page(
      ctx.session.query(walk.window, {
        [ctx.api.params.pageIndex]: pageIndex,
        [ctx.api.params.pageSize]: walk.pageSize,
      }),
    );
    if (page.jobs.length !== 0) {
      ctx.fail({
        message: `pageIndex ${pageIndex} lies past the end of ${last.page.total} jobs but is not empty`,
        request: page.res.request,
        path: jsonPath(ctx.api.page.jobs),
        expected: '[]',
        actual: `${page.jobs.length} jobs: ${preview(ids(page.jobs).slice(0, 3))}`,
      });
    }
    if (page.total !== last.page.total) {
      ctx.fail({
        message: 'the page past the end reports another total',
        request: page.res.request,
        path: jsonPath(ctx.api.page.total),
        expected: String(last.page.total),
        actual: String(page.total),
      });
    }
  },
};

/** Same origin, path and query as the request, with pageIndex set to the next page (decision 9). */
function nextLinkProblem(
  link: unknown,
  request: string,
  nextIndex: number,
  pageIndexParam: string,
  timeParams: string[],
): string | undefined {
  if (typeof link !== 'string' || link === '') return 'it is not a URL';
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return 'it is not an absolute URL';
  }
  const req = new URL(request);
  if (url.origin !== req.origin) return `its origin ${url.origin} is not the request's ${req.origin}`;
  if (url.pathname !== req.pathname) return `its path ${url.pathname} is not the request's ${req.pathname}`;
  const lower = (u: URL) => new Map([...u.searchParams].map(([k, v]) => [k.toLowerCase(), v]));
  const got = lower(url);
  const want = lower(req);
  want.set(pageIndexParam.toLowerCase(), String(nextIndex));
  for (const [k, v] of want) {
    const g = got.get(k);
    const same =
      g === v ||
      (timeParams.includes(k) &&
        g !== undefined &&
        isoToTicks(g) !== undefined &&
        isoToTicks(g) === isoToTicks(v));
    if (!same) return `its ${k} is ${g === undefined ? 'missing' : `"${g}"`}, expected "${v}"`;
  }
  for (const k of got.keys()) if (!want.has(k)) return `it adds the parameter ${k}`;
  return undefined;
}

export const nextLink: CheckDefinition = {
  id: 'paging.next-link',
  title: 'nextLink points at the next page, following it visits every job once, and it is "" at the end',
  rule: settled([9, 28], 'nextLink is the absolute URL of the next page, "" on the last page'),
  appliesTo: (api) => api.page.nextLink !== undefined,
  async run(ctx) {
    const walk = await needWalk(ctx, 2);
    const path = jsonPath(ctx.api.page.nextLink ?? []);
    const total = walk.pages[0]?.page.total ?? 0;
    const timeParams = [ctx.api.params.startTime, ctx.api.params.finishTime].map((p) => p.toLowerCase());
    let seen = 0;
    for (const { pageIndex, page } of walk.pages) {
      seen += page.jobs.length;
      const isLast = seen >= total;
      if (isLast) {
        if (page.nextLink !== '') {
          ctx.fail({
            message: `the last page (pageIndex ${pageIndex}) must have an empty nextLink`,
            request: page.res.request,
            path,
            expected: '""',
            actual: preview(page.nextLink),
          });
        }
      } else {
        const problem = nextLinkProblem(
          page.nextLink,
          page.res.request.url,
          pageIndex + 1,
          ctx.api.params.pageIndex,
          timeParams,
        );
        if (problem) {
          ctx.fail({
            message: `nextLink of pageIndex ${pageIndex} does not point at pageIndex ${pageIndex + 1}: ${problem}`,
            request: page.res.request,
            path,
            expected: `the request URL with ${ctx.api.params.pageIndex}=${pageIndex + 1}`,
            actual: preview(page.nextLink),
          });
        }
      }
    }
    // Round trip: follow nextLink from the first page and compare with the walk by pageIndex.
    let link = walk.pages[0]?.page.nextLink;
    const origin = new URL(ctx.session.baseUrl).origin;
    for (let i = 1; typeof link === 'string' && link !== '' && i <= walk.pages.length; i += 1) {
      let url: URL;
      try {
        url = new URL(link);
      } catch {
        break;
      }
      // The token is sent only to the target's own origin.
      if (url.origin !== origin) break;
      ctx.reserve(1);
      const page = ctx.session.readPage(await ctx.session.getUrl(url.toString()));
      const expected = walk.pages[i]?.page;
      if (expected && ids(page.jobs).join() !== ids(expected.jobs).join()) {
        ctx.fail({
          message: `following nextLink #${i} gave other jobs than pageIndex ${walk.pages[i]?.pageIndex}`,
          request: page.res.request,
          path: jsonPath(ctx.api.page.jobs),
          expected: preview(ids(expected.jobs)),
          actual: preview(ids(page.jobs)),
        });
      }
      link = page.nextLink;
    }
  },
};

export const firstPage: CheckDefinition = {
  id: 'paging.first-page',
  title: 'every documented way to ask for the first page gives the same first page',
  rule: settled([7, 18], 'the default pageIndex is the first page (Salesforce: 0 and 1 alike)'),
  async run(ctx) {
    const walk = await needWalk(ctx, 2);
    const first = walk.pages[0];
    if (!first) return ctx.skip('no pages');
    ctx.reserve(ctx.api.paging.firstPageAliases.length);
    for (const alias of ctx.api.paging.firstPageAliases) {
      const page = await ctx.session.page(
        ctx.session.query(walk.window, {
          [ctx.api.params.pageIndex]: alias,
          [ctx.api.params.pageSize]: walk.pageSize,
        }),
      );
      if (ids(page.jobs).join() !== ids(first.page.jobs).join()) {
        ctx.fail({
          message: `${alias === undefined ? `no ${ctx.api.params.pageIndex}` : `${ctx.api.params.pageIndex}=${alias}`} does not give the same page as ${ctx.api.params.pageIndex}=${first.pageIndex}`,
          request: page.res.request,
          path: jsonPath(ctx.api.page.jobs),
          expected: preview(ids(first.page.jobs)),
          actual: preview(ids(page.jobs)),
        });
      }
    }
  },
};

export const defaultSize: CheckDefinition = {
  id: 'paging.default-size',
  title: 'pageSize defaults to the documented size',
  rule: documented('the vendor pages: the default pageSize is 10'),
  async run(ctx) {
    const size = ctx.api.paging.defaultPageSize;
    const walk = await needWalk(ctx, size + 1);
    const page = await ctx.session.page(ctx.session.query(walk.window));
    const expected = walk.jobs.slice(0, size);
    if (page.jobs.length !== size) {
      ctx.fail({
        message: `without ${ctx.api.params.pageSize} the page does not hold the default ${size} jobs`,
        request: page.res.request,
        path: `${jsonPath(ctx.api.page.jobs)}.length`,
        expected: String(size),
        actual: String(page.jobs.length),
      });
    } else if (ids(page.jobs).join() !== ids(expected).join()) {
      ctx.fail({
        message: 'the default page is not the first page',
        request: page.res.request,
        path: jsonPath(ctx.api.page.jobs),
        expected: preview(ids(expected)),
        actual: preview(ids(page.jobs)),
      });
    }
  },
};

export const pagingChecks = [pageSize, totalStable, union, pastEnd, nextLink, firstPage, defaultSize];
