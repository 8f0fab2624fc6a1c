// 404, 405 and errors: what no route answers, and what a route or the framework throws, in the shape of the
// path's API (Salesforce envelope, Dynamics problem+json) or a plain RFC 9457 problem elsewhere.
import type { FastifyError, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, apiMessages } from '../errors.js';
import type { MetaSource } from '../meta.js';
import { type ProfileLookup, sendError } from '../respond.js';

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
  meta: MetaSource;
  profileFor: ProfileLookup;
}

/** The path of a request target, lower-cased (routing is case-insensitive). */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)).toLowerCase();
}

const errors: FastifyPluginCallback<ErrorsOptions> = (app, { meta, profileFor }, done) => {
  // The methods of every route, by path (filled as routes are added: this plugin is registered first).
  const methodsByPath = new Map<string, string[]>();
  app.addHook('onRoute', (route) => {
    const path = route.url.toLowerCase();
    const methods = methodsByPath.get(path) ?? [];
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (!methods.includes(method)) methods.push(method);
    }
    methodsByPath.set(path, methods);
  });

  function notFoundError(request: FastifyRequest): ApiError {
    const allow = methodsByPath.get(pathOf(request.url));
    if (allow !== undefined && !allow.includes(request.method)) {
      return ApiError.methodNotAllowed(request.method, allow);
    }
    return ApiError.of('NotFound', null, apiMessages.notFound(request.method));
  }

  // No route matches: answer before Fastify reads a body, so that a POST to an API path is a 405 whatever its
  // body (not a 400 or 413 from parsing a body no route wants).
  app.addHook('onRequest', (request, reply, next) => {
    if (!request.is404) return next();
    sendError(reply, profileFor(request.url), notFoundError(request), meta.meta(request.id));
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, profileFor(request.url), notFoundError(request), meta.meta(request.id)),
  );

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

/**
 * 404, and 405 with Allow on a path that has routes for other methods, answered before any body is read; and the
 * error handler of the instance. Registered before the routes (it records their methods).
 */
export const errorsPlugin = fp(errors, { name: 'jobwatch-errors' });
