// GET /mock/stories (no auth, like /healthz): where the stories a dashboard must handle are in each API's data,
// as of the request's instant — kind, API, organization, time range and job ids — so that a test can find "an
// organization with a failure streak" without hard-coding ids. `?api=salesforce|dynamics365` narrows it.
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import type { DataClock } from '../clock.js';
import type { EngineApi } from '../engine.js';

export const STORIES_PATH = '/mock/stories';

const stories: FastifyPluginCallback<{ apis: readonly EngineApi[]; clock: DataClock }> = (
  app,
  { apis, clock },
  done,
) => {
  app.get(STORIES_PATH, (request, reply) => {
    const t = clock.instant();
    const wanted = new URL(request.url, 'http://localhost').searchParams.get('api');
    const chosen = wanted === null ? apis : apis.filter((a) => a.api === wanted);
    reply.header('cache-control', 'no-store');
    if (chosen.length === 0) {
      return reply
        .code(400)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: `api must be one of ${apis.map((a) => a.api).join(', ')}`,
        });
    }
    return reply.send({
      now: new Date(t).toISOString(),
      stories: chosen.flatMap((a) => a.dataset.stories(t).map((story) => ({ api: a.api, ...story }))),
    });
  });
  done();
};

export const storiesPlugin = fp(stories, { name: 'jobwatch-stories' });
