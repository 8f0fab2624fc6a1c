// buildApp(options): the Fastify instance, not listening (fastify docs, Guides/Testing.md), so that tests use
// app.inject() and users can embed the mock. Datasets and validators are built here, once per app.
import { createRequire } from 'node:module';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { AssertionVerifier } from './auth/assertion.js';
import { ClientRegistry, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from './auth/clients.js';
import { TokenService } from './auth/tokens.js';
import { buildEngineApis, type EngineApi, readScenarioFile } from './engine.js';
import { ApiError, apiMessages } from './errors.js';
import { createFastPathServerFactory } from './fast-path.js';
import { MAX_PARAM_LENGTH, PAGE_CACHE_MAX_ENTRY_BYTES, TOKEN_BODY_LIMIT } from './limits.js';
import { createMetaSource, type MetaSource } from './meta.js';
import { ACCESS_TOKEN_AUDIENCE, type AppOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { PageCache } from './page-cache.js';
import { parseRawQuery } from './query/raw.js';
import { compileOperationParams } from './query/spec-params.js';
import { redactUrlSecrets } from './redact-url.js';
import { createProfileLookup, sendError } from './respond.js';
import { registerDocsRoutes } from './routes/docs.js';
import { createJobsHandler, type JobsHandler, registerJobsRoute } from './routes/jobs.js';
import { registerTokenRoute, TOKEN_PATH } from './routes/token.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** What the app was built with (datasets, resolved options), for the CLI banner and tests. */
    mock: MockInfo;
  }
}

export interface MockInfo {
  readonly options: Readonly<ResolvedOptions>;
  readonly apis: readonly EngineApi[];
  readonly tokenPath: string;
  /** The page cache's current fill (entries, bytes of cached bodies), for tests and tools. */
  readonly pageCache: { readonly size: number; readonly byteSize: number };
  /** Issues an access token directly (tests, embedders): same as a successful POST /connect/token. */
  issueToken(clientId: string, scopes: readonly string[]): string;
}

/** Never logged: credentials in headers and token-endpoint bodies, and tokens anywhere. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'body.client_secret',
  'body.client_assertion',
  'client_secret',
  'client_assertion',
  'access_token',
  '*.client_secret',
  '*.client_assertion',
  '*.access_token',
];

function loggerOptions(options: ResolvedOptions): FastifyServerOptions['logger'] {
  if (options.logger === false) return false;
  const base = {
    level: options.logger.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Fastify logs `req` with error lines; its URL may carry a credential in the query string.
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({
        method: req.method,
        url: redactUrlSecrets(req.url ?? ''),
        id: req.id,
      }),
    },
  };
  if (!options.logger.pretty) return base;
  // pino-pretty as a stream in this thread: no transport worker, and logging is rare (no per-request lines).
  const pretty = createRequire(import.meta.url)('pino-pretty') as (opts: object) => NodeJS.WritableStream;
  return {
    ...base,
    stream: pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }),
  };
}

export function buildApp(appOptions: AppOptions = {}): FastifyInstance {
  const options = resolveOptions(appOptions);
  const scenario =
    typeof options.scenario === 'string' ? readScenarioFile(options.scenario) : options.scenario;
  const apis = buildEngineApis({
    seed: options.seed,
    jobs: options.jobs,
    orgs: options.orgs,
    now: options.now,
    ...(scenario === undefined ? {} : { scenario }),
  });
  const profileFor = createProfileLookup(apis.map((a) => a.profile));

  const clients = new ClientRegistry(apis.map((a) => a.profile.scope));
  if (options.demoClient) clients.register({ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET });
  for (const client of options.clients) clients.register(client);
  const tokens = new TokenService({
    seed: options.seed,
    issuer: options.issuer,
    audience: ACCESS_TOKEN_AUDIENCE,
    clock: options.clock,
    ...(options.tokenSecret === undefined ? {} : { tokenSecret: options.tokenSecret }),
  });
  const meta: MetaSource = createMetaSource();
  const maxUrlLength = options.maxUrlLength;
  // One cache for both APIs: one memory budget. Each handler keys its own pages.
  const pageCache = new PageCache({
    maxEntries: options.pageCache,
    maxBytes: options.pageCacheBytes,
    maxEntryBytes: PAGE_CACHE_MAX_ENTRY_BYTES,
  });
  const handlers: JobsHandler[] = apis.map(({ profile, dataset, api }) =>
    createJobsHandler({
      profile,
      dataset,
      params: compileOperationParams(api, profile.path),
      tokens: options.auth ? tokens : null,
      latency: options.latency,
      meta,
      pageCache,
    }),
  );
  const debugLogging =
    options.logger !== false && (options.logger.level === 'debug' || options.logger.level === 'trace');
  let closing = false;

  const app = Fastify({
    logger: loggerOptions(options),
    // Per-request "incoming/completed" lines would dominate the hot path; --log-level debug adds them back below.
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
      maxUrlLength,
      enabled: options.latency === null && !debugLogging,
      isClosing: () => closing,
    }),
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    frameworkErrors(error, request, reply) {
      // A path that is not valid percent-encoding (FST_ERR_BAD_URL) and the like: 400 in the path's shape.
      const problem = ApiError.of('InvalidParameter', null, 'The request URL is malformed.');
      sendError(
        reply,
        profileFor(request.url),
        new ApiError(error.statusCode ?? 400, problem.problems),
        meta.meta(request.id),
      );
    },
    clientErrorHandler(error, socket) {
      // Bytes that are not HTTP never reach a route; answer them like Node does, with a request-id all the same.
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || !socket.writable) return;
      const tooLarge = (error as NodeJS.ErrnoException).code === 'HPE_HEADER_OVERFLOW';
      const status = tooLarge ? 431 : 400;
      const body = JSON.stringify({
        type: 'about:blank',
        title: tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
        status,
      });
      socket.end(
        `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
          `request-id: ${meta.nextRequestId()}\r\nconnection: close\r\ncontent-type: application/problem+json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    },
  });

  app.decorate('mock', {
    options,
    apis,
    tokenPath: TOKEN_PATH,
    pageCache,
    issueToken: (clientId: string, scopes: readonly string[]) => tokens.issue(clientId, scopes).accessToken,
  } satisfies MockInfo);

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('request-id', request.id);
    if (request.url.length > maxUrlLength) {
      sendError(
        reply,
        profileFor(request.url),
        ApiError.of('UriTooLong', null, apiMessages.uriTooLong(maxUrlLength)),
        meta.meta(request.id),
      );
      return;
    }
    done();
  });

  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  if (debugLogging) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.debug(
        {
          method: request.method,
          url: redactUrlSecrets(request.url),
          statusCode: reply.statusCode,
          ms: reply.elapsedTime,
        },
        'request',
      );
      done();
    });
  }

  for (const handler of handlers) registerJobsRoute(app, handler, options.latency);
  registerTokenRoute(app, {
    clients,
    tokens,
    assertions: new AssertionVerifier(options.clock),
    audiences: options.tokenAudiences,
  });
  registerDocsRoutes(app);

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

  const apiPaths = new Map(apis.map((a) => [a.profile.path.toLowerCase(), a.profile]));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0]!.toLowerCase();
    const responseMeta = meta.meta(request.id);
    const profile = apiPaths.get(path);
    if (profile !== undefined || path === TOKEN_PATH) {
      const allow = profile !== undefined ? 'GET, HEAD' : 'POST';
      const error = ApiError.of('MethodNotAllowed', null, apiMessages.methodNotAllowed(request.method), {
        allow,
      });
      return sendError(reply, profile ?? null, error, responseMeta);
    }
    return sendError(
      reply,
      profileFor(request.url),
      ApiError.of('NotFound', null, apiMessages.notFound(request.method)),
      responseMeta,
    );
  });

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const profile = profileFor(request.url);
    const responseMeta = meta.meta(request.id);
    if (error instanceof ApiError) return sendError(reply, profile, error, responseMeta);
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) request.log.error({ err: error }, 'unexpected error');
    const message = status === 500 ? apiMessages.internal() : 'The request is malformed.';
    return sendError(
      reply,
      profile,
      new ApiError(status, [
        { code: status === 500 ? 'InternalError' : 'InvalidParameter', field: null, message },
      ]),
      responseMeta,
    );
  });

  return app;
}
