// What each job says about itself (decisions 6, 11, 23): counts add up, and a finish time exists exactly when
// the job is not in progress and is not before its start. Judged on the walked jobs, so it costs no request.

import { isoToTicks } from '@jobwatch/api-descriptions/ticks';
import { preview } from '../util/json.js';
import { jobPath, needWalk } from './common.js';
import { OWN_CHOICES, settled } from './provenance.js';
import type { CheckDefinition } from './types.js';

export const consistency: CheckDefinition = {
  id: 'jobs.consistency',
  title: 'counts add up, and finishTime is there exactly when a job is not in progress',
  rule: settled(
    [6, 11, 23],
    'counts add up (≤ total while in progress); finishTime is null (Salesforce) or absent (Dynamics) exactly while a job is in progress',
  ),
  async run(ctx) {
    const walk = await needWalk(ctx, 1);
    const { job: spec } = ctx.api;
    for (const { page } of walk.pages) {
      page.jobs.forEach((job, i) => {
        const raw = job.raw;
        const running = spec.inProgress(raw);
        for (const { parts, total } of spec.counts) {
          const values = parts.map((p) => raw[p]);
          const sum = values.reduce<number>((a, v) => a + (typeof v === 'number' ? v : Number.NaN), 0);
          const whole = raw[total];
          if (typeof whole !== 'number' || Number.isNaN(sum)) continue; // the schema check reports the types
          if (running ? sum > whole : sum !== whole) {
            ctx.fail({
              message: `${parts.join(' + ')} ${running ? 'exceeds' : 'differs from'} ${total} (${running ? 'in progress' : 'finished'} job)`,
              request: page.res.request,
              path: jobPath(ctx, i, total),
              expected: running ? `≥ ${sum}` : String(sum),
              actual: String(whole),
              groupKey: `counts-${total}`,
            });
          }
        }
        const finish = raw[spec.finishTime];
        const hasFinish = spec.finishWhileInProgress === 'null' ? finish !== null : spec.finishTime in raw;
        if (running && hasFinish) {
          ctx.fail({
            message: `a job in progress has a ${spec.finishTime}`,
            request: page.res.request,
            path: jobPath(ctx, i, spec.finishTime),
            expected: spec.finishWhileInProgress === 'null' ? 'null' : 'absent',
            actual: preview(finish),
            groupKey: 'running-finish',
          });
        } else if (!running && !hasFinish) {
          ctx.fail({
            message: `a job that is not in progress has no ${spec.finishTime}`,
            request: page.res.request,
            path: jobPath(ctx, i, spec.finishTime),
            expected: 'an ISO 8601 date-time',
            actual: preview(finish),
            groupKey: 'missing-finish',
          });
        } else if (!running && typeof finish === 'string') {
          const end = isoToTicks(finish);
          if (end !== undefined && job.startTicks !== undefined && end < job.startTicks) {
            ctx.fail({
              rule: OWN_CHOICES.finishNotBeforeStart,
              message: `${spec.finishTime} is before ${spec.startTime}`,
              request: page.res.request,
              path: jobPath(ctx, i, spec.finishTime),
              expected: `≥ ${job.start}`,
              actual: finish,
              groupKey: 'finish-before-start',
            });
          }
        }
      });
    }
  },
};

export const jobChecks = [consistency];
