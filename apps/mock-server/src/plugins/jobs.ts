// The jobs routes: one generic handler per API (routes/jobs.ts), built once per app, served by the Fastify route
// and by the fast path (fast-path.ts), which gets the same handlers.
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import type { DataClock } from '../clock.js';
import type { EngineApi } from '../engine.js';
import type { MetaSource } from '../meta.js';
import type { ResolvedOptions } from '../options.js';
import type { PageCache } from '../page-cache.js';
import { compileOperationParams } from '../query/spec-params.js';
import { createJobsHandler, type JobsHandler, registerJobsRoute } from '../routes/jobs.js';
import type { AuthServices } from './auth.js';

export function createJobsHandlers(
  options: ResolvedOptions,
  apis: readonly EngineApi[],
  auth: AuthServices,
  pageCache: PageCache,
  meta: MetaSource,
  clock: DataClock,
): JobsHandler[] {
  return apis.map(({ profile, dataset, api }) =>
    createJobsHandler({
      profile,
      dataset,
      params: compileOperationParams(api, profile.path),
      tokens: options.auth ? auth.tokens : null,
      latency: options.latency,
      meta,
      pageCache,
      clock,
    }),
  );
}

const jobs: FastifyPluginCallback<{ handlers: readonly JobsHandler[]; options: ResolvedOptions }> = (
  app,
  { handlers, options },
  done,
) => {
  for (const handler of handlers) registerJobsRoute(app, handler, options.latency);
  done();
};

/** GET (and HEAD) on each API path. */
export const jobsPlugin = fp(jobs, { name: 'jobwatch-jobs' });
