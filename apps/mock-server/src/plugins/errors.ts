// 404, 405 and errors: what no route answers, and what a route or the framework throws, in the shape of the
// path's API (Salesforce envelope, Dynamics problem+json) or a plain RFC 9457 problem elsewhere.
import type { FastifyError, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { EngineApi } from '../engine.js';
import { ApiError, apiMessages } from '../errors.js';
import type { MetaSource } from '../meta.js';
import { type ProfileLookup, sendError } from '../respond.js';
import { TOKEN_PATH } from '../routes/token.js';

/** Fastify's frameworkErrors: a path that is not valid percent-encoding (FST_ERR_BAD_URL) and the like. */
export function createFrameworkErrors(meta: MetaSource, profileFor: ProfileLookup) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const problem = ApiError.of('InvalidParameter', null, 'The request URL is malformed.');
    sendError(
      reply,
      profileFor(request.url),
      new ApiError(error.statusCode ?? 400, problem.problems),
      meta.meta(request.id),
    );
  };
}

interface ErrorsOptions {
  apis: readonly EngineApi[];
  meta: MetaSource;
  profileFor: ProfileLookup;
}

const errors: FastifyPluginCallback<ErrorsOptions> = (app, { apis, meta, profileFor }, done) => {
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
  done();
};

/** The not-found handler (404, or 405 with Allow on a known path) and the error handler of the instance. */
export const errorsPlugin = fp(errors, { name: 'jobwatch-errors' });
