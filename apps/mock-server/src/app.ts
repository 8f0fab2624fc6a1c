// buildApp(options): the Fastify instance, not listening (fastify docs, Guides/Testing.md), so that tests use
// app.inject() and users can embed the mock; bin.ts listens. Each concern is a plugin in src/plugins/ (logger and
// ids, datasets, tokens and auth, page cache, jobs routes, raw socket answers, /healthz, docs, 404/405 and
// errors). Services that the server factory needs at construction (datasets, handlers for the fast path) are
// built first, synchronously, once per app; the plugins then wire routes and hooks onto the instance.
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { createDataClock, type DataClock } from './clock.js';
import type { EngineApi } from './engine.js';
import { createFastPathServerFactory } from './fast-path.js';
import { createHttpDate } from './http-date.js';
import { MAX_PARAM_LENGTH, TOKEN_BODY_LIMIT } from './limits.js';
import { createMetaSource } from './meta.js';
import { type AppOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { authPlugin, createAuth } from './plugins/auth.js';
import { loadDatasets } from './plugins/datasets.js';
import { docsPlugin } from './plugins/docs.js';
import { createFrameworkErrors, errorsPlugin } from './plugins/errors.js';
import { healthzPlugin } from './plugins/healthz.js';
import { jobsPlugin } from './plugins/jobs.js';
import { loggerOptions, logsEachRequest, requestIdsPlugin } from './plugins/logging.js';
import { createPageCache } from './plugins/page-cache.js';
import { createClientErrorHandler, createEarlyRefusal, rawSocketPlugin } from './plugins/raw-socket.js';
import { storiesPlugin } from './plugins/stories.js';
import { parseRawQuery } from './query/raw.js';
import { createProfileLookup } from './respond.js';
import { createJobsHandlers } from './routes/api-handlers.js';
import { TOKEN_PATH } from './routes/token.js';

export { REDACT_PATHS } from './plugins/logging.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** What the app was built with (datasets, resolved options), for the CLI banner and tests. */
    mock: MockInfo;
  }
}

export interface MockInfo {
  readonly options: Readonly<ResolvedOptions>;
  readonly apis: readonly EngineApi[];
  /** The data clock every answer is computed by. */
  readonly clock: DataClock;
  readonly tokenPath: string;
  /** The page cache's current fill (entries, bytes of cached bodies) and hits so far, for tests and tools. */
  readonly pageCache: { readonly size: number; readonly byteSize: number; readonly hits: number };
  /** Issues an access token directly (tests, embedders): same as a successful POST /connect/token. */
  issueToken(clientId: string, scopes: readonly string[]): Promise<string>;
}

export function buildApp(appOptions: AppOptions = {}): FastifyInstance {
  const options = resolveOptions(appOptions);
  const clock = createDataClock(options.now.getTime(), options.clockMode, options.speed, options.clock);
  const apis = loadDatasets(options, clock);
  const profileFor = createProfileLookup(apis.map((a) => a.profile));
  const auth = createAuth(options, apis);
  const meta = createMetaSource();
  const pageCache = createPageCache(options);
  const handlers = createJobsHandlers(options, apis, auth, pageCache, meta, clock);
  const logEachRequest = logsEachRequest(options);
  const rawAnswers = { meta, profileFor, timeouts: options.timeouts };
  const date = createHttpDate(clock);
  let closing = false;

  const app = Fastify({
    logger: loggerOptions(options),
    // Per-request "incoming/completed" lines would dominate the hot path; --log-level debug adds them back.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => meta.nextRequestId(),
    routerOptions: {
      // A list of pairs, not an object: repeats stay visible and names like __proto__ are inert strings.
      querystringParser: parseRawQuery as unknown as (str: string) => Record<string, unknown>,
      maxParamLength: MAX_PARAM_LENGTH,
      // ASP.NET Core routing is case-insensitive; nextLink still echoes the request's own path.
      caseSensitive: false,
    },
    bodyLimit: TOKEN_BODY_LIMIT,
    serverFactory: createFastPathServerFactory({
      handlers,
      meta,
      maxUrlLength: options.maxUrlLength,
      enabled: options.latency === null && !logEachRequest,
      isClosing: () => closing,
      timeouts: options.timeouts,
      refuseEarly: createEarlyRefusal(rawAnswers),
      date,
    }),
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    frameworkErrors: createFrameworkErrors(meta, profileFor),
    clientErrorHandler: createClientErrorHandler(rawAnswers),
  });

  app.decorate('mock', {
    options,
    apis,
    clock,
    tokenPath: TOKEN_PATH,
    pageCache,
    issueToken: async (clientId: string, scopes: readonly string[]) =>
      (await auth.tokens.issue(clientId, scopes)).accessToken,
  } satisfies MockInfo);
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  // Every answer, whichever hook or route sends it, is dated by the data clock (http-date.ts).
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('date', date());
    done(null, payload);
  });
  // The errors plugin first: it records the methods of the routes the others add (for 405 and Allow).
  app.register(errorsPlugin, { meta, profileFor });
  app.register(requestIdsPlugin, { meta, profileFor, maxUrlLength: options.maxUrlLength, logEachRequest });
  app.register(rawSocketPlugin, rawAnswers);
  app.register(jobsPlugin, { handlers, options });
  app.register(authPlugin, { auth });
  app.register(docsPlugin);
  app.register(healthzPlugin, { options, apis, clock });
  app.register(storiesPlugin, { apis, clock });
  return app;
}
