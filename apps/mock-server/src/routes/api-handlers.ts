// The jobs handlers of one mock: one generic handler per API and revision (routes/jobs.ts), built once, served by
// the Fastify route, by the fast path (fast-path.ts) and by the MSW handlers (msw/).
import type { AuthServices } from '../auth/services.js';
import type { DataClock } from '../clock.js';
import { type EngineApi, specOf } from '../engine.js';
import type { MetaSource } from '../meta.js';
import type { ResolvedOptions } from '../options.js';
import type { PageCache } from '../page-cache.js';
import { compileOperationParams } from '../query/spec-params.js';
import { createJobsHandler, createRevisionRouter, type JobsHandler } from './jobs.js';

/**
 * One handler per API path. An API served in several revisions (Dynamics 365 with `dynamicsRevision: 'auto'`)
 * gets a handler per revision — its own spec's parameters, its own profile, the one dataset — behind a router
 * that picks the revision per request.
 */
export function createJobsHandlers(
  options: ResolvedOptions,
  apis: readonly EngineApi[],
  auth: AuthServices,
  pageCache: PageCache | undefined,
  meta: MetaSource,
  clock: DataClock,
): JobsHandler[] {
  return apis.map(({ revisions, dataset }) => {
    const handlers = revisions.map((profile) => {
      const params = compileOperationParams(specOf(profile), profile.path);
      const handler = createJobsHandler({
        profile,
        dataset,
        params,
        tokens: options.auth ? auth.tokens : null,
        latency: options.latency,
        meta,
        ...(pageCache === undefined ? {} : { pageCache }),
        clock,
        maxUrlLength: options.maxUrlLength,
      });
      return { handler, params };
    });
    return handlers.length === 1 ? handlers[0]!.handler : createRevisionRouter(handlers);
  });
}
