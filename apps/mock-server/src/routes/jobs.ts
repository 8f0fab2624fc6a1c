// The one generic jobs handler, parameterised by an engine profile: both API routes are this code with a
// different profile, dataset and spec-compiled parameters. The flow: bearer token → faults (Prefer, latency) →
// spec validation → profile.toQuery (semantic checks) → dataset.query → profile.renderPageHead, with the page
// cache (page-cache.ts) in front of the validation: a request target that was answered 200 before has the same
// head (everything is deterministic), so only the per-response ids are rendered again.
//
// `createJobsHandler` builds the transport-free core, a `JobsHandler` whose `serve` answers a request. It is used by
// the Fastify route (inject, faults, debug logging) and by the fast path in fast-path.ts, which answers plain GETs
// straight from node:http on the hot path of the benchmark.
import type { EngineDataset, ParamProblem, RequestUrl, SplitPageProfile } from '@jobwatch/jobs-engine';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkBearer } from '../auth/bearer.js';
import type { TokenService } from '../auth/tokens.js';
import type { DataClock } from '../clock.js';
import { ApiError, apiMessages, problem } from '../errors.js';
import {
  type Faults,
  injectedError,
  type LatencyRange,
  MAX_LATENCY_MS,
  parsePrefer,
  pickLatency,
} from '../faults.js';
import type { MetaSource } from '../meta.js';
import { linkOrigin } from '../origin.js';
import type { OriginPages, PageCache } from '../page-cache.js';
import { asRawQuery, parseRawQuery, type RawQuery } from '../query/raw.js';
import type { OperationParams } from '../query/spec-params.js';
import { validateQuery } from '../query/validate.js';

export interface JobsRouteOptions {
  profile: SplitPageProfile;
  dataset: EngineDataset;
  params: OperationParams;
  /** null when auth is off (`--no-auth`). */
  tokens: TokenService | null;
  latency: LatencyRange | null;
  meta: MetaSource;
  /** Shared by the handlers of an app (one memory budget); no page cache when absent (the MSW handlers). */
  pageCache?: PageCache;
  /** The data clock: every answer is as of its instant. */
  clock: DataClock;
  /** The longest request target the server answers (a page whose nextLink would be longer is refused). */
  maxUrlLength?: number;
}

/** A response, independent of the transport. */
export interface JobsResponse {
  status: number;
  contentType: string;
  /** Extra headers (www-authenticate, retry-after…); `request-id` is added by the caller. */
  headers: Readonly<Record<string, string>> | null;
  /** JSON text; a 200 body is pure ASCII (the engine escapes non-ASCII), so its byte length is its length. */
  body: string;
}

export interface JobsRequest {
  requestId: string;
  /** The request target, path and query, as received. */
  url: string;
  /** The parsed query, or null to parse it from `url` only when needed (a page-cache hit does not need it). */
  query: RawQuery | null;
  authorization: string | undefined;
  /** `http://host:port`, for nextLink (origin.ts linkOrigin: a validated Host or the server's own origin). */
  origin: string;
  /** Problems found before validation (a mix of revisions' time formats): a 400 once auth and faults pass. */
  rejected?: readonly ParamProblem[];
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface JobsHandler {
  readonly profile: SplitPageProfile;
  /** The bearer check: null when the request may proceed (or auth is off), else the 401/403 to answer. */
  authorize(authorization: string | undefined): ApiError | null | Promise<ApiError | null>;
  /** Answers a request: auth first, then a forced code (if any); latency is the caller's. */
  serve(request: JobsRequest, faults: Faults | null): JobsResponse | Promise<JobsResponse>;
  /** Answers a request that `authorize` already let through. */
  serveAuthorized(request: JobsRequest, faults: Faults | null): JobsResponse;
  /** The error response in the API's shape. */
  error(requestId: string, error: ApiError): JobsResponse;
}

/** The parts of a request URL for nextLink, and the cached pages that belong to its origin. */
interface Site {
  readonly origin: string;
  /** null when the page cache is off. */
  readonly pages: OriginPages | null;
}

/**
 * Origins with cached pages at once. Hosts are client-controlled: beyond this the oldest origin is dropped (its
 * pages age out of the ring), so host churn costs cache hits but never switches the cache off for later origins.
 */
const MAX_SITES = 256;
const FALLBACK_ORIGIN = 'http://localhost';
const NEXT_LINK_KEY = '"nextLink":"';

/**
 * A request target that the WHATWG URL parser leaves exactly as it is — a single leading `/`, no dot segments
 * (no `.` or `%` in the path), and no character that it would percent-encode, including non-ASCII — so that
 * `new URL(target, origin)` would give back the same pathname and search: nextLink is built from the target's
 * own slices. Anything else goes through `new URL`.
 */
const VERBATIM_TARGET = /^\/(?!\/)[\w\-~!$&()*+,;=:@/]*(?:\?[\w\-~!$&()*+,;=:@/?%.]*)?$/;

/**
 * The longest a nextLink's target (path and query, without the origin) can be for a request target of `length`
 * characters. The link is the target with pageIndex set, percent-encoded where a URI may not hold a character:
 * a character becomes at most 9 (`%EF%BF%BD`: a lone surrogate; a request target's characters are bytes, at most
 * `%C3%BF`), a bare `pageIndex` name gains `=` and at most 10 digits, and a missing one is appended (22 at most).
 * A test checks the bound against hostile targets.
 */
export function nextTargetBound(length: number): number {
  return 9 * length + 32;
}

export function requestUrlOf(target: string, origin: string): RequestUrl {
  if (VERBATIM_TARGET.test(target)) {
    const q = target.indexOf('?');
    return q === -1
      ? { origin, pathname: target, search: '' }
      : { origin, pathname: target.slice(0, q), search: target.slice(q) };
  }
  try {
    return new URL(target, origin);
  } catch {
    try {
      return new URL(target, FALLBACK_ORIGIN);
    } catch {
      // Not a URL at all (`///`): the link keeps the target as it came rather than failing the request.
      const q = target.indexOf('?');
      const pathname = q === -1 ? target : target.slice(0, q);
      return { origin: FALLBACK_ORIGIN, pathname, search: q === -1 ? '' : target.slice(q) };
    }
  }
}

export function createJobsHandler(options: JobsRouteOptions): JobsHandler {
  const { profile, dataset, params, tokens, meta, clock } = options;
  // Windows that end before this instant never change again (dataset.settledBefore), one scan per instant.
  let settledAt = Number.NaN;
  let settled = Number.NEGATIVE_INFINITY;
  const settledBefore = (t: number) => {
    if (t !== settledAt) {
      settledAt = t;
      settled = dataset.settledBefore(t);
    }
    return settled;
  };
  const maxUrlLength = options.maxUrlLength ?? Number.POSITIVE_INFINITY;
  const pageCache = options.pageCache?.enabled ? options.pageCache : null;
  const scopeLower = profile.scope.toLowerCase();
  const errorContentType = `${profile.errorContentType}; charset=utf-8`;
  // Per validated origin: its URL serialisation (for nextLink), computed once, and the pages cached for it.
  const sites = new Map<string, Site>();

  function siteOf(requestOrigin: string): Site {
    const known = sites.get(requestOrigin);
    if (known !== undefined) return known;
    let origin: string;
    try {
      origin = new URL('/', requestOrigin).origin;
    } catch {
      origin = FALLBACK_ORIGIN;
    }
    if (sites.size >= MAX_SITES) {
      const oldest = sites.keys().next();
      if (!oldest.done) sites.delete(oldest.value);
    }
    const site: Site = { origin, pages: pageCache === null ? null : new Map() };
    sites.set(requestOrigin, site);
    return site;
  }

  /**
   * The request target of this page's nextLink, or 0 without one. In the rendered head the key `"nextLink":"`
   * can only be the real key: inside a JSON string every `"` is escaped. The link is ASCII without `"` (the
   * profiles percent-encode its query), so it ends at the next `"`.
   */
  function nextTargetLength(head: string, origin: string, target: string): number {
    // A page without the field is not searched: a search that finds nothing reads the whole head (5 KB at 10 jobs).
    if (!profile.nextLink) return 0;
    // Nor is a page whose link cannot be too long (nearly all): the search would also flatten the head, a rope
    // string until it is written (profiles' jsonArray), into one more 5 KB copy.
    if (nextTargetBound(target.length) <= maxUrlLength) return 0;
    const at = head.lastIndexOf(NEXT_LINK_KEY);
    if (at === -1) return 0;
    const start = at + NEXT_LINK_KEY.length;
    const end = head.indexOf('"', start);
    return end <= start ? 0 : end - start - origin.length;
  }

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
  function ok(head: string, requestId: string): JobsResponse {
    const body = head + profile.renderMetaTail(meta.meta(requestId));
    return { status: 200, contentType: JSON_CONTENT_TYPE, headers: null, body };
  }

  function authorize(authorization: string | undefined): ApiError | null | Promise<ApiError | null> {
    return tokens === null ? null : checkBearer(tokens, authorization, profile.scope, scopeLower);
  }

  // Auth first, on every request: a cached page is never served to a request that would be refused, and no
  // fault applies to a request that would be refused.
  function serve(request: JobsRequest, faults: Faults | null): JobsResponse | Promise<JobsResponse> {
    const denied = authorize(request.authorization);
    if (denied === null) return serveAuthorized(request, faults);
    if (denied instanceof Promise) {
      return denied.then((d) =>
        d === null ? serveAuthorized(request, faults) : error(request.requestId, d),
      );
    }
    return error(request.requestId, denied);
  }

  function serveAuthorized(request: JobsRequest, faults: Faults | null): JobsResponse {
    if (faults !== null && faults.code !== null) return error(request.requestId, injectedError(faults));
    if (request.rejected !== undefined) return badRequest(request.requestId, request.rejected);
    const site = siteOf(request.origin);
    const t = clock.instant();
    // A hit means this exact target was validated and answered 200 before: validation is deterministic. A
    // window that ended before the live head is cached by its target alone, forever; one that reaches the head
    // is cached for its instant only (the key starts with t, which no target does).
    const liveKey = clock.mode === 'frozen' ? request.url : `${t}${request.url}`;
    const cached =
      pageCache === null || site.pages === null
        ? undefined
        : (pageCache.get(site.pages, request.url) ?? pageCache.get(site.pages, liveKey));
    if (cached !== undefined) return ok(cached, request.requestId);

    let raw = request.query;
    if (raw === null) {
      const q = request.url.indexOf('?');
      raw = parseRawQuery(q === -1 ? '' : request.url.slice(q + 1));
    }
    const validated = validateQuery(params, raw);
    if (!validated.ok) return badRequest(request.requestId, validated.problems);
    const query = profile.toQuery(validated.params);
    if (Array.isArray(query)) return badRequest(request.requestId, query);
    const page = dataset.query(query, t, profile.enums);
    const head = profile.renderPageHead(
      page,
      query,
      validated.params,
      requestUrlOf(request.url, site.origin),
    );
    // A nextLink the server would refuse (414) cannot be followed: refuse this request instead, saying why.
    const nextLength = nextTargetLength(head, site.origin, request.url);
    if (nextLength > maxUrlLength) {
      return error(
        request.requestId,
        ApiError.of('UriTooLong', null, apiMessages.nextLinkTooLong(nextLength, maxUrlLength)),
      );
    }
    if (pageCache !== null && site.pages !== null) {
      const forever = query.toMs < settledBefore(t);
      pageCache.set(site.pages, forever ? request.url : liveKey, head);
    }
    return ok(head, request.requestId);
  }

  return { profile, authorize, serve, serveAuthorized, error };
}

function send(reply: FastifyReply, response: JobsResponse): FastifyReply {
  reply.code(response.status).header('content-type', response.contentType);
  if (response.headers !== null)
    for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  return reply.send(response.body);
}

/**
 * The Fastify route: the same core, plus the faults of the Prefer header and latency (which needs a timer), and
 * Fastify's hooks and logging. Auth comes first: an unauthenticated request gets its 401 at once, whatever its
 * Prefer header says.
 */
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
      origin: linkOrigin(request.headers.host, request.raw.socket),
    };
  }

  app.get(handler.profile.path, async (request, reply) => {
    const denied = await handler.authorize(request.headers.authorization);
    if (denied !== null) return send(reply, handler.error(request.id, denied));
    const prefer = request.headers.prefer;
    const faults = prefer === undefined ? null : parsePrefer(prefer);
    if (faults instanceof ApiError) return send(reply, handler.error(request.id, faults));
    const delay = Math.min(MAX_LATENCY_MS, pickLatency(latency) + (faults?.latencyMs ?? 0));
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return send(reply, handler.serveAuthorized(toRequest(request), faults));
  });
}

/** Where each revision served on one path stands, for `auto`: whether its spec takes times as ticks (int64). */
function takesTicks(params: OperationParams): boolean {
  return params.list.some((p) => p.kind === 'int64' && /time$/i.test(p.name));
}

/** One revision's handler and the parameters it was compiled with. */
export interface RevisionHandler {
  readonly handler: JobsHandler;
  readonly params: OperationParams;
}

const DIGITS = /^\d+$/;

type TimeFormats = { ticks: string[]; other: string[] };

/** The time range parameters a request gives, by whether their value is all digits (ticks) or not. */
function timeFormats(raw: RawQuery, timeNames: ReadonlyMap<string, string>): TimeFormats {
  const formats: TimeFormats = { ticks: [], other: [] };
  for (let i = 0; i < raw.length; i++) {
    const { name, value } = raw[i]!;
    const canonical = name === null ? undefined : timeNames.get(name.toLowerCase());
    if (canonical === undefined) continue;
    (value !== null && DIGITS.test(value) ? formats.ticks : formats.other).push(canonical);
  }
  return formats;
}

/** The 400 of a request whose times are written in two revisions' formats: it names every time given. */
function mixedFormats({ ticks, other }: TimeFormats): ParamProblem[] {
  const names = [...new Set([...ticks, ...other])];
  return names.map((name) =>
    problem(
      'InvalidParameter',
      name,
      `The times must all be in one format: .NET ticks (revision 2024-10) or ISO 8601 (revision 2025-04); ` +
        `${ticks.join(' and ')} ${ticks.length > 1 ? 'are' : 'is'} ticks but ${other.join(' and ')} ${other.length > 1 ? 'are' : 'is'} not.`,
    ),
  );
}

/**
 * The request with its query parsed, property by property: `{ ...request, query }` cost microseconds a request on
 * Node 20 (an object spread followed by more properties takes V8's slow path).
 */
function withQuery(
  request: JobsRequest,
  query: RawQuery,
  rejected: readonly ParamProblem[] | undefined,
): JobsRequest {
  const routed: JobsRequest = {
    requestId: request.requestId,
    url: request.url,
    query,
    authorization: request.authorization,
    origin: request.origin,
  };
  if (rejected !== undefined) routed.rejected = rejected;
  return routed;
}

/**
 * Serves several revisions of one API on its one path (`--dynamics-revision auto`, decision 26): a request whose
 * time values are all digits goes to the revision that takes ticks, and any other to the one that takes ISO 8601
 * (which then names a missing bound); a request that writes one time in ticks and another not is a 400 naming
 * every time it gives. That revision's spec, profile and shape answer it. Auth and faults come first, as on any
 * request; they are the same in every revision.
 */
export function createRevisionRouter(revisions: readonly RevisionHandler[]): JobsHandler {
  const ticks = revisions.find((r) => takesTicks(r.params));
  const iso = revisions.find((r) => !takesTicks(r.params));
  if (!ticks || !iso)
    throw new Error('a revision router needs one revision with ticks and one with ISO times');
  const timeNames = new Map<string, string>();
  for (const { params } of revisions) {
    for (const p of params.list) if (/time$/i.test(p.name)) timeNames.set(p.name.toLowerCase(), p.name);
  }
  const first = revisions[0]!.handler;
  const ticksHandler = ticks.handler;
  const isoHandler = iso.handler;
  /** The revision a request is for, and the request with its query parsed (and a mix of formats rejected). */
  function route(request: JobsRequest): { handler: JobsHandler; request: JobsRequest } {
    let raw = request.query;
    if (raw === null) {
      const q = request.url.indexOf('?');
      raw = parseRawQuery(q === -1 ? '' : request.url.slice(q + 1));
    }
    const formats = timeFormats(raw, timeNames);
    if (formats.ticks.length > 0 && formats.other.length > 0) {
      return { handler: isoHandler, request: withQuery(request, raw, mixedFormats(formats)) };
    }
    const handler = formats.ticks.length > 0 ? ticksHandler : isoHandler;
    return { handler, request: withQuery(request, raw, request.rejected) };
  }
  return {
    profile: first.profile,
    // The revisions share the path and so the scope: one bearer check serves them all.
    authorize: first.authorize,
    serve(request, faults) {
      const routed = route(request);
      return routed.handler.serve(routed.request, faults);
    },
    serveAuthorized(request, faults) {
      const routed = route(request);
      return routed.handler.serveAuthorized(routed.request, faults);
    },
    error: first.error,
  };
}
