// The one generic jobs handler, parameterised by an engine profile: both API routes are this code with a
// different profile, dataset and spec-compiled parameters. The flow: faults (latency, Prefer) → bearer token →
// spec validation → profile.toQuery (semantic checks) → dataset.query → profile.renderPage.
//
// `serveJobs` is the transport-free core. It is used by the Fastify route (inject, faults, debug logging) and by
// the fast path in fast-path.ts, which answers plain GETs straight from node:http on the hot path of the benchmark.
import type { ApiProfile, JobsDataset, ParamProblem } from '@jobwatch/jobs-engine';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkBearer } from '../auth/bearer.js';
import type { TokenService } from '../auth/tokens.js';
import { ApiError } from '../errors.js';
import {
  type Faults,
  injectedError,
  type LatencyRange,
  MAX_LATENCY_MS,
  parsePrefer,
  pickLatency,
} from '../faults.js';
import type { MetaSource } from '../meta.js';
import { asRawQuery, type RawQuery } from '../query/raw.js';
import type { OperationParams } from '../query/spec-params.js';
import { validateQuery } from '../query/validate.js';

export interface JobsRouteOptions {
  profile: ApiProfile;
  dataset: JobsDataset;
  params: OperationParams;
  /** null when auth is off (`--no-auth`). */
  tokens: TokenService | null;
  latency: LatencyRange | null;
  meta: MetaSource;
}

/** A response, independent of the transport. */
export interface JobsResponse {
  status: number;
  contentType: string;
  /** Extra headers (www-authenticate, retry-after…); `request-id` is added by the caller. */
  headers: Readonly<Record<string, string>> | null;
  body: string;
}

export interface JobsRequest {
  requestId: string;
  /** The request target, path and query, as received. */
  url: string;
  query: RawQuery;
  authorization: string | undefined;
  /** `http://host:port`, for nextLink. */
  origin: string;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface JobsHandler {
  readonly profile: ApiProfile;
  /** Answers a request whose faults (if any) were already applied. */
  serve(request: JobsRequest, faults: Faults | null): JobsResponse;
  /** The error response in the API's shape. */
  error(requestId: string, error: ApiError): JobsResponse;
}

export function createJobsHandler(options: JobsRouteOptions): JobsHandler {
  const { profile, dataset, params, tokens, meta } = options;
  const scopeLower = profile.scope.toLowerCase();
  const errorContentType = `${profile.errorContentType}; charset=utf-8`;

  function error(requestId: string, failure: ApiError): JobsResponse {
    return {
      status: failure.status,
      contentType: errorContentType,
      headers: failure.headers,
      body: profile.renderError(failure.status, failure.problems, meta.meta(requestId)),
    };
  }
  function badRequest(requestId: string, problems: readonly ParamProblem[]): JobsResponse {
    return error(requestId, new ApiError(400, problems));
  }

  function requestUrl(request: JobsRequest): URL {
    try {
      return new URL(request.url, request.origin);
    } catch {
      // An unusable Host header: nextLink falls back to a neutral origin rather than failing the request.
      return new URL(request.url, 'http://localhost');
    }
  }

  function serve(request: JobsRequest, faults: Faults | null): JobsResponse {
    if (tokens !== null) {
      const denied = checkBearer(tokens, request.authorization, profile.scope, scopeLower);
      if (denied !== null) return error(request.requestId, denied);
    }
    if (faults !== null && faults.code !== null) return error(request.requestId, injectedError(faults));
    const validated = validateQuery(params, request.query);
    if (!validated.ok) return badRequest(request.requestId, validated.problems);
    const query = profile.toQuery(validated.params);
    if (Array.isArray(query)) return badRequest(request.requestId, query);
    const page = dataset.query(query);
    // The engine caches each job's JSON as built, a V8 rope (cons string); join() copies through the rope on
    // every page (~10× slower). charCodeAt flattens a rope in place, once, so later pages join flat strings.
    for (let i = 0; i < page.jobsJson.length; i++) page.jobsJson[i]!.charCodeAt(0);
    const body = profile.renderPage(
      page,
      query,
      validated.params,
      requestUrl(request),
      meta.meta(request.requestId),
    );
    return { status: 200, contentType: JSON_CONTENT_TYPE, headers: null, body };
  }

  return { profile, serve, error };
}

function send(reply: FastifyReply, response: JobsResponse): FastifyReply {
  reply.code(response.status).header('content-type', response.contentType);
  if (response.headers !== null)
    for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  return reply.send(response.body);
}

/** The Fastify route: the same core, plus latency faults (which need a timer) and Fastify's hooks and logging. */
export function registerJobsRoute(
  app: FastifyInstance,
  handler: JobsHandler,
  latency: LatencyRange | null,
): void {
  function toRequest(request: FastifyRequest): JobsRequest {
    return {
      requestId: request.id,
      url: request.url,
      query: asRawQuery(request.query),
      authorization: request.headers.authorization,
      origin: `${request.protocol}://${request.host}`,
    };
  }

  app.get(handler.profile.path, (request, reply) => {
    const prefer = request.headers.prefer;
    const faults = prefer === undefined ? null : parsePrefer(prefer);
    if (faults instanceof ApiError) return send(reply, handler.error(request.id, faults));
    const delay = Math.min(MAX_LATENCY_MS, pickLatency(latency) + (faults?.latencyMs ?? 0));
    if (delay <= 0) return send(reply, handler.serve(toRequest(request), faults));
    setTimeout(() => {
      // Outside Fastify's call stack now: a throw here would crash the process, so route it to the error handler.
      try {
        send(reply, handler.serve(toRequest(request), faults));
      } catch (failure) {
        reply.send(failure);
      }
    }, delay);
    return reply;
  });
}
