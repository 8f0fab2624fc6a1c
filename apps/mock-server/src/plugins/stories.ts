// GET /mock/stories on Fastify (routes/stories.ts has the logic, shared with the MSW handlers).
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import type { DataClock } from '../clock.js';
import type { EngineApi } from '../engine.js';
import { STORIES_PATH, storiesAt } from '../routes/stories.js';

const stories: FastifyPluginCallback<{ apis: readonly EngineApi[]; clock: DataClock }> = (
  app,
  { apis, clock },
  done,
) => {
  app.get(STORIES_PATH, (request, reply) => {
    const wanted = new URL(request.url, 'http://localhost').searchParams.get('api');
    const answer = storiesAt(apis, clock.instant(), wanted);
    return reply
      .code(answer.status)
      .header('cache-control', 'no-store')
      .header('content-type', answer.contentType)
      .send(answer.body);
  });
  done();
};

export const storiesPlugin = fp(stories, { name: 'jobwatch-stories' });
