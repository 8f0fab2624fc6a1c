// GET /healthz: liveness, the data clock and what the instance was built with (for replicas and tools).
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { CLOCK_QUANTUM_MS, type DataClock } from '../clock.js';
import type { EngineApi } from '../engine.js';
import type { ResolvedOptions } from '../options.js';

const healthz: FastifyPluginCallback<{
  options: ResolvedOptions;
  apis: readonly EngineApi[];
  clock: DataClock;
}> = (app, { options, apis, clock }, done) => {
  app.get('/healthz', (_request, reply) => {
    reply.header('cache-control', 'no-store');
    const t = clock.instant();
    return reply.send({
      status: 'ok',
      auth: options.auth,
      seed: options.seed,
      // The data clock: the instant of answers now, how it runs, and where it started.
      now: new Date(t).toISOString(),
      clock: {
        mode: clock.mode,
        speed: clock.speed,
        startedAt: new Date(clock.startMs).toISOString(),
        quantumMs: CLOCK_QUANTUM_MS,
      },
      datasets: Object.fromEntries(
        apis.map((a) => [
          a.api,
          {
            jobs: a.dataset.sizeAt(t),
            organizations: a.dataset.organizations.length,
            historyStart: new Date(a.dataset.historyStartMs).toISOString(),
          },
        ]),
      ),
      // What each path serves: the revisions of the vendor's page, and how a request picks one (decision 26).
      served: Object.fromEntries(
        apis.map((a) => [
          a.api,
          {
            path: a.profile.path,
            revisions: a.revisions.map((p) => p.revision),
            ...(a.api === 'dynamics365'
              ? {
                  revisionMode: options.dynamicsRevision,
                  ...(a.revisions.length > 1
                    ? {
                        selection: 'by the time values: all digits (ticks) is 2024-10, anything else 2025-04',
                      }
                    : {}),
                }
              : {}),
          },
        ]),
      ),
    });
  });
  done();
};

export const healthzPlugin = fp(healthz, { name: 'jobwatch-healthz' });
