// The jobs routes on Fastify: GET (and HEAD) on each API path, answered by the handlers of routes/api-handlers.ts
// (which the fast path, fast-path.ts, serves too).
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import type { ResolvedOptions } from '../options.js';
import { type JobsHandler, registerJobsRoute } from '../routes/jobs.js';

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
