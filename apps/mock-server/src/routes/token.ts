// POST /connect/token on Fastify: only form bodies (anything else is a 415, in RFC 6749 terms), at most
// TOKEN_BODY_LIMIT bytes; the OAuth logic is token-endpoint.ts, shared with the MSW handlers.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../errors.js';
import { TOKEN_BODY_LIMIT } from '../limits.js';
import { parseRawQuery, type RawQuery } from '../query/raw.js';
import {
  createTokenEndpoint,
  TOKEN_PATH,
  TOKEN_SERVER_ERROR,
  type TokenAnswer,
  type TokenRouteOptions,
} from './token-endpoint.js';

export { TOKEN_PATH };

function send(reply: FastifyReply, answer: TokenAnswer): FastifyReply {
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  return reply.send(answer.body);
}

export function registerTokenRoute(app: FastifyInstance, options: TokenRouteOptions): void {
  const endpoint = createTokenEndpoint(options);

  async function handler(request: FastifyRequest, reply: FastifyReply) {
    const form = Array.isArray(request.body) ? (request.body as RawQuery) : null;
    return send(reply, await endpoint.answer({ form, authorization: request.headers.authorization }));
  }

  function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    if (typeof error.statusCode === 'number' && error.statusCode < 500) {
      // Framework errors on this route (415 media type, 413 body too large, bad JSON…) keep their status but
      // speak RFC 6749, so OAuth clients can parse them.
      const description =
        error.statusCode === 413
          ? `The body is larger than ${TOKEN_BODY_LIMIT} bytes.`
          : error.statusCode === 415
            ? 'The body must be application/x-www-form-urlencoded.'
            : 'The request is malformed.';
      return send(reply, endpoint.failure(new OAuthError('invalid_request', description, error.statusCode)));
    }
    request.log.error({ err: error }, 'token endpoint failed');
    return send(reply, TOKEN_SERVER_ERROR);
  }

  app.register(async (scope) => {
    // Only form bodies: drop fastify's JSON and text parsers in this scope; anything else is a 415 → invalid_request.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: TOKEN_BODY_LIMIT },
      (_request, body, done) => done(null, parseRawQuery(body as string)),
    );
    scope.post(TOKEN_PATH, { bodyLimit: TOKEN_BODY_LIMIT, errorHandler }, handler);
  });
}
