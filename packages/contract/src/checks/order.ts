// Order: newest first (startTime descending, ties by jobId descending — decision 2), and the same page twice
// gives the same jobs in the same order.
import { jsonPath, preview } from '../util/json.js';
import { ids, jobPath, needWalk } from './common.js';
import { settled } from './provenance.js';
import type { CheckDefinition } from './types.js';

export const newestFirst: CheckDefinition = {
  id: 'order.newest-first',
  title: 'jobs are sorted newest first (startTime descending, ties by jobId descending) across pages',
  rule: settled(2, 'startTime descending, ties by jobId descending'),
  async run(ctx) {
    const walk = await needWalk(ctx, 2);
    let previous: { job: (typeof walk.jobs)[number]; where: string } | undefined;
    for (const { pageIndex, page } of walk.pages) {
      page.jobs.forEach((job, i) => {
        const where = `page ${pageIndex}, ${jobPath(ctx, i)}`;
        if (job.startTicks === undefined) {
          ctx.fail({
            message: 'a job has no readable startTime, so its order cannot be checked',
            request: page.res.request,
            path: jobPath(ctx, i, ctx.api.job.startTime),
            expected: 'an ISO 8601 date-time',
            actual: preview(job.raw[ctx.api.job.startTime]),
            groupKey: 'unreadable',
          });
          return;
        }
        const prev = previous?.job;
        if (prev?.startTicks !== undefined) {
          const newer = job.startTicks > prev.startTicks;
          const tieWrong = job.startTicks === prev.startTicks && job.id > prev.id;
          if (newer || tieWrong) {
            ctx.fail({
              message: newer
                ? `a job is newer than the job before it (${previous?.where})`
                : `two jobs with the same startTime are not in jobId descending order (${previous?.where})`,
              request: page.res.request,
              path: jobPath(ctx, i, newer ? ctx.api.job.startTime : ctx.api.job.id),
              expected: newer ? `≤ ${prev.start}` : `jobId < ${prev.id}`,
              actual: newer ? job.start : job.id,
              groupKey: newer ? 'newer' : 'tie',
            });
          }
        }
        previous = { job, where };
      });
    }
  },
};

export const stable: CheckDefinition = {
  id: 'order.stable',
  title: 'asking for the same page again gives the same jobs in the same order',
  rule: settled(2, 'a total order, so pages are stable'),
  async run(ctx) {
    const walk = await needWalk(ctx, 2);
    const again = walk.pages[Math.floor(walk.pages.length / 2)];
    if (!again) return ctx.skip('no pages');
    const page = await ctx.session.page(
      ctx.session.query(walk.window, {
        [ctx.api.params.pageIndex]: again.pageIndex,
        [ctx.api.params.pageSize]: walk.pageSize,
      }),
    );
    if (ids(page.jobs).join() !== ids(again.page.jobs).join()) {
      ctx.fail({
        message: `pageIndex ${again.pageIndex} gave other jobs (or another order) the second time`,
        request: page.res.request,
        path: jsonPath(ctx.api.page.jobs),
        expected: preview(ids(again.page.jobs)),
        actual: preview(ids(page.jobs)),
      });
    }
  },
};

export const orderChecks = [newestFirst, stable];
