// Logger and ids: the pino options of the instance (redaction of credentials), the `request-id` header on every
// routed response, the 414 for over-long targets (before any route runs), and per-request lines at debug level.
import { createRequire } from 'node:module';
import type { FastifyPluginCallback, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../errors.js';
import type { MetaSource } from '../meta.js';
import type { ResolvedOptions } from '../options.js';
import { redactUrlSecrets } from '../redact-url.js';
import { type ProfileLookup, sendError } from '../respond.js';

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

export function loggerOptions(options: ResolvedOptions): FastifyServerOptions['logger'] {
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

/** True when the options log each request (debug or trace): the fast path is then off. */
export function logsEachRequest(options: ResolvedOptions): boolean {
  return options.logger !== false && (options.logger.level === 'debug' || options.logger.level === 'trace');
}

export interface RequestIdsOptions {
  meta: MetaSource;
  profileFor: ProfileLookup;
  maxUrlLength: number;
  logEachRequest: boolean;
}

const requestIds: FastifyPluginCallback<RequestIdsOptions> = (app, options, done) => {
  const { meta, profileFor, maxUrlLength } = options;
  app.addHook('onRequest', (request, reply, next) => {
    reply.header('request-id', request.id);
    if (request.url.length > maxUrlLength) {
      sendError(reply, profileFor(request.url), ApiError.uriTooLong(maxUrlLength), meta.meta(request.id));
      return;
    }
    next();
  });

  if (options.logEachRequest) {
    app.addHook('onResponse', (request, reply, next) => {
      request.log.debug(
        {
          method: request.method,
          url: redactUrlSecrets(request.url),
          statusCode: reply.statusCode,
          ms: reply.elapsedTime,
        },
        'request',
      );
      next();
    });
  }
  done();
};

/** The request-id header, the 414 guard and debug request lines, for every route of the instance. */
export const requestIdsPlugin = fp(requestIds, { name: 'jobwatch-request-ids' });
