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
    });
  });
  done();
};

export const healthzPlugin = fp(healthz, { name: 'jobwatch-healthz' });
