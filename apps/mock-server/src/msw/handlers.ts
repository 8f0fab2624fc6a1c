// The mock as MSW request handlers: the same engine, validation, auth and rendering as the Fastify server (the
// transport-free cores in routes/ and auth/), behind MSW's `http` handlers instead of node:http. Nothing here or
// below needs Node: the handlers run in a browser (setupWorker) as well as in Node (setupServer).
//
// What differs from the server, because there is no server: no page cache (it changes speed, never bytes), no
// /healthz, /docs or /openapi, and a path no handler matches is MSW's to decide (`onUnhandledRequest`), not a 404.
import { type HttpHandler, HttpResponse, http } from 'msw';
import { acceptedAudiences } from '../auth/audiences.js';
import { webCertificates } from '../auth/certificates-web.js';
import { createAuthServices } from '../auth/services.js';
import { createDataClock } from '../clock.js';
import { datasetsAt } from '../engine.js';
import { ApiError, OAuthError } from '../errors.js';
import { MAX_LATENCY_MS, parsePrefer, pickLatency } from '../faults.js';
import { createHttpDate } from '../http-date.js';
import { TOKEN_BODY_LIMIT } from '../limits.js';
import { createMetaSource } from '../meta.js';
import { ACCESS_TOKEN_AUDIENCE } from '../options.js';
import { parseRawQuery } from '../query/raw.js';
import { genericProblem } from '../respond.js';
import { createJobsHandlers } from '../routes/api-handlers.js';
import type { JobsHandler, JobsResponse } from '../routes/jobs.js';
import { STORIES_PATH, storiesAt } from '../routes/stories.js';
import {
  createTokenEndpoint,
  TOKEN_PATH,
  TOKEN_SERVER_ERROR,
  type TokenAnswer,
  type TokenEndpoint,
} from '../routes/token-endpoint.js';
import { type JobwatchHandlersOptions, resolveHandlersOptions } from './options.js';

/** Fastify's GET routes answer HEAD too: the same methods here, and the same Allow on a 405. */
const API_METHODS = ['GET', 'HEAD'];
const FORM_TYPE = 'application/x-www-form-urlencoded';
/** Token URLs with an endpoint at once (any origin): beyond this the table starts again. */
const MAX_TOKEN_ORIGINS = 64;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The request target as a server receives it (origin-form: path and query). */
function targetOf(url: URL): string {
  return `${url.pathname}${url.search}`;
}

/**
 * MSW handlers for both APIs (every served revision of each), the token endpoint and GET /mock/stories, over
 * one pair of datasets built now. Spread them into `setupServer(...)` or `setupWorker(...)`.
 */
export function createJobwatchHandlers(options: JobwatchHandlersOptions = {}): HttpHandler[] {
  const resolved = resolveHandlersOptions(options);
  const clock = createDataClock(resolved.now.getTime(), resolved.clockMode, resolved.speed, resolved.clock);
  const apis = datasetsAt(resolved, clock, options.scenario);
  const auth = createAuthServices(
    { ...resolved, audience: ACCESS_TOKEN_AUDIENCE },
    apis.map((a) => a.profile.scope),
    webCertificates,
  );
  const meta = createMetaSource();
  const date = createHttpDate(clock);
  const { baseUrl, maxUrlLength } = resolved;

  function response(
    requestId: string,
    status: number,
    headers: Readonly<Record<string, string>>,
    body: string | null,
  ): HttpResponse<string> {
    return new HttpResponse(body, { status, headers: { 'request-id': requestId, date: date(), ...headers } });
  }

  function jobsResponse(requestId: string, answer: JobsResponse, head: boolean): HttpResponse<string> {
    return response(
      requestId,
      answer.status,
      { 'content-type': answer.contentType, ...answer.headers },
      head ? null : answer.body,
    );
  }
  // With a base URL its path prefix is part of every path; with none, any origin matches (MSW's `*`).
  const prefix = baseUrl === null ? '' : new URL(baseUrl).pathname.replace(/\/+$/, '');
  const pattern = (path: string) => (baseUrl === null ? `*${path}` : `${baseUrl}${path}`);
  // MSW matches case-insensitively and with or without a trailing slash; the server routes only the exact path
  // (any case). A request for another path is left to MSW (undefined: not handled).
  const isPath = (url: URL, path: string) => url.pathname.toLowerCase() === `${prefix}${path}`.toLowerCase();

  const tooLong = (url: URL): ApiError | null =>
    targetOf(url).length > maxUrlLength ? ApiError.uriTooLong(maxUrlLength) : null;

  function apiHandler(handler: JobsHandler): HttpHandler {
    const path = handler.profile.path;
    return http.all(pattern(path), async ({ request }) => {
      const url = new URL(request.url);
      if (!isPath(url, path)) return undefined;
      const requestId = meta.nextRequestId();
      const head = request.method === 'HEAD';
      if (!API_METHODS.includes(request.method)) {
        const notAllowed = ApiError.methodNotAllowed(request.method, API_METHODS);
        return jobsResponse(requestId, handler.error(requestId, notAllowed), false);
      }
      const long = tooLong(url);
      if (long !== null) return jobsResponse(requestId, handler.error(requestId, long), head);
      const authorization = request.headers.get('authorization') ?? undefined;
      const denied = await handler.authorize(authorization);
      if (denied !== null) return jobsResponse(requestId, handler.error(requestId, denied), head);
      const prefer = request.headers.get('prefer');
      const faults = prefer === null ? null : parsePrefer(prefer);
      if (faults instanceof ApiError) return jobsResponse(requestId, handler.error(requestId, faults), head);
      const delay = Math.min(MAX_LATENCY_MS, pickLatency(resolved.latency) + (faults?.latencyMs ?? 0));
      if (delay > 0) await sleep(delay);
      const answer = handler.serveAuthorized(
        { requestId, url: targetOf(url), query: null, authorization, origin: url.origin },
        faults,
      );
      return jobsResponse(requestId, answer, head);
    });
  }

  /** An error of a path that belongs to no API (the token endpoint, /mock/stories): a plain RFC 9457 body. */
  function plainError(requestId: string, error: ApiError): HttpResponse<string> {
    return response(
      requestId,
      error.status,
      { ...error.headers, 'content-type': 'application/problem+json; charset=utf-8' },
      genericProblem(error.status, error.problems, meta.meta(requestId)),
    );
  }

  // The accepted assertion audiences come from configuration: the base URL's token URL or, with any origin, the
  // token URL the caller's own code sent the request to (in process no network lies between them to forge it on).
  const endpoints = new Map<string, TokenEndpoint>();
  function tokenEndpointFor(url: URL): TokenEndpoint {
    const tokenUrl = `${baseUrl ?? url.origin}${TOKEN_PATH}`;
    let endpoint = endpoints.get(tokenUrl);
    if (endpoint === undefined) {
      const audiences = acceptedAudiences([tokenUrl], auth.extraAudiences);
      endpoint = createTokenEndpoint({ ...auth, audiences: () => audiences });
      if (endpoints.size >= MAX_TOKEN_ORIGINS) endpoints.clear();
      endpoints.set(tokenUrl, endpoint);
    }
    return endpoint;
  }

  return [
    ...createJobsHandlers(resolved, apis, auth, undefined, meta, clock).map(apiHandler),
    http.all(pattern(TOKEN_PATH), async ({ request }) => {
      const url = new URL(request.url);
      if (!isPath(url, TOKEN_PATH)) return undefined;
      const requestId = meta.nextRequestId();
      if (request.method !== 'POST')
        return plainError(requestId, ApiError.methodNotAllowed(request.method, ['POST']));
      const long = tooLong(url);
      if (long !== null) return plainError(requestId, long);
      const answer = await answerTokenRequest(tokenEndpointFor(url), request);
      return response(requestId, answer.status, answer.headers, answer.body);
    }),
    http.all(pattern(STORIES_PATH), ({ request }) => {
      const url = new URL(request.url);
      if (!isPath(url, STORIES_PATH)) return undefined;
      const requestId = meta.nextRequestId();
      if (!API_METHODS.includes(request.method))
        return plainError(requestId, ApiError.methodNotAllowed(request.method, API_METHODS));
      const answer = storiesAt(apis, clock.instant(), url.searchParams.get('api'));
      return response(
        requestId,
        answer.status,
        { 'cache-control': 'no-store', 'content-type': answer.contentType },
        request.method === 'HEAD' ? null : answer.body,
      );
    }),
  ];
}

/**
 * The token endpoint's body handling, as the server's (Fastify's) is: only a form body, at most TOKEN_BODY_LIMIT
 * bytes; a POST without a body and without a Content-Type reaches the endpoint with no form.
 */
async function answerTokenRequest(endpoint: TokenEndpoint, request: Request): Promise<TokenAnswer> {
  const tooLarge = () =>
    endpoint.failure(
      new OAuthError('invalid_request', `The body is larger than ${TOKEN_BODY_LIMIT} bytes.`, 413),
    );
  // A declared length over the limit is refused before any of the body is read.
  if (Number(request.headers.get('content-length') ?? 0) > TOKEN_BODY_LIMIT) return tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > TOKEN_BODY_LIMIT) return tooLarge();
  const contentType = request.headers.get('content-type');
  const mediaType = contentType === null ? null : contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType !== FORM_TYPE && (contentType !== null || bytes.length > 0)) {
    return endpoint.failure(
      new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded.', 415),
    );
  }
  const form = contentType === null ? null : parseRawQuery(new TextDecoder().decode(bytes));
  // Anything but an OAuth failure is a bug, answered as the server's error handler answers it.
  return endpoint
    .answer({ form, authorization: request.headers.get('authorization') ?? undefined })
    .catch(() => TOKEN_SERVER_ERROR);
}
