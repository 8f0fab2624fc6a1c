// GET /healthz: liveness and what the instance was built with (for replicas and tools).
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import type { EngineApi } from '../engine.js';
import type { ResolvedOptions } from '../options.js';

const healthz: FastifyPluginCallback<{ options: ResolvedOptions; apis: readonly EngineApi[] }> = (
  app,
  { options, apis },
  done,
) => {
  app.get('/healthz', (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return reply.send({
      status: 'ok',
      auth: options.auth,
      seed: options.seed,
      now: options.now.toISOString(),
      datasets: Object.fromEntries(
        apis.map((a) => [a.api, { jobs: a.dataset.size, organizations: a.dataset.organizations.length }]),
      ),
    });
  });
  done();
};

export const healthzPlugin = fp(healthz, { name: 'jobwatch-healthz' });
