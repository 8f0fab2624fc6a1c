// GET /mock/stories without a transport (no auth, like /healthz): where the stories a dashboard must handle are in
// each API's data, as of the instant t — kind, API, organization, time range and job ids — so that a test can find
// "an organization with a failure streak" without hard-coding ids. `?api=salesforce|dynamics365` narrows it.
// Served by the Fastify plugin (plugins/stories.ts) and by the MSW handlers.
import type { EngineApi } from '../engine.js';

export const STORIES_PATH = '/mock/stories';

export interface StoriesAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** The stories of the APIs as of `t`; `wanted` is the `api` query parameter (null: every API). */
export function storiesAt(apis: readonly EngineApi[], t: number, wanted: string | null): StoriesAnswer {
  const chosen = wanted === null ? apis : apis.filter((a) => a.api === wanted);
  if (chosen.length === 0) {
    return {
      status: 400,
      contentType: 'application/problem+json; charset=utf-8',
      body: JSON.stringify({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: `api must be one of ${apis.map((a) => a.api).join(', ')}`,
      }),
    };
  }
  return {
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({
      now: new Date(t).toISOString(),
      stories: chosen.flatMap((a) => a.dataset.stories(t).map((story) => ({ api: a.api, ...story }))),
    }),
  };
}
