// The one generic jobs handler, parameterised by an engine profile: both API routes are this code with a
// different profile, dataset and spec-compiled parameters. The flow: faults (latency, Prefer) → bearer token →
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
import { ApiError, problem } from '../errors.js';
import {
  type Faults,
  injectedError,
  type LatencyRange,
  MAX_LATENCY_MS,
  parsePrefer,
  pickLatency,
} from '../faults.js';
import type { MetaSource } from '../meta.js';
import { type OriginPages, PageCache } from '../page-cache.js';
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
  /** Shared by the handlers of an app (one memory budget); a disabled cache when absent. */
  pageCache?: PageCache;
  /** The data clock: every answer is as of its instant. */
  clock: DataClock;
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
  /** `http://host:port`, for nextLink. */
  origin: string;
  /** Problems found before validation (a mix of revisions' time formats): a 400 once auth and faults pass. */
  rejected?: readonly ParamProblem[];
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface JobsHandler {
  readonly profile: SplitPageProfile;
  /** Answers a request whose faults (if any) were already applied. */
  serve(request: JobsRequest, faults: Faults | null): JobsResponse;
  /** The error response in the API's shape. */
  error(requestId: string, error: ApiError): JobsResponse;
}

/** The parts of a request URL for nextLink, and the cached pages that belong to its origin. */
interface Site {
  readonly origin: string;
  /** null when the page cache is off, or for origins beyond MAX_SITES (hosts are client-controlled). */
  readonly pages: OriginPages | null;
}

const MAX_SITES = 256;
const FALLBACK_ORIGIN = 'http://localhost';

/**
 * A request target that the WHATWG URL parser leaves exactly as it is — a single leading `/`, no dot segments
 * (no `.` or `%` in the path), and no character that it would percent-encode, including non-ASCII — so that
 * `new URL(target, origin)` would give back the same pathname and search: nextLink is built from the target's
 * own slices. Anything else goes through `new URL`.
 */
const VERBATIM_TARGET = /^\/(?!\/)[\w\-~!$&()*+,;=:@/]*(?:\?[\w\-~!$&()*+,;=:@/?%.]*)?$/;

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
  const pageCache = options.pageCache ?? new PageCache({ maxEntries: 0, maxBytes: 0, maxEntryBytes: 0 });
  const scopeLower = profile.scope.toLowerCase();
  const errorContentType = `${profile.errorContentType}; charset=utf-8`;
  // Per origin as the request gives it (`http://` + Host): its URL serialisation (for nextLink), computed once,
  // and the pages cached for it.
  const sites = new Map<string, Site>();
  const pagesByOrigin = new Map<string, OriginPages>();

  function siteOf(requestOrigin: string): Site {
    const known = sites.get(requestOrigin);
    if (known !== undefined) return known;
    let origin: string;
    try {
      origin = new URL('/', requestOrigin).origin;
    } catch {
      // An unusable Host header: nextLink falls back to a neutral origin rather than failing the request.
      origin = FALLBACK_ORIGIN;
    }
    if (sites.size >= MAX_SITES) return { origin, pages: null };
    let pages: OriginPages | null = null;
    if (pageCache.enabled) {
      pages = pagesByOrigin.get(origin) ?? new Map();
      pagesByOrigin.set(origin, pages);
    }
    const site: Site = { origin, pages };
    sites.set(requestOrigin, site);
    return site;
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

  function serve(request: JobsRequest, faults: Faults | null): JobsResponse {
    // Auth first, on every request: a cached page is never served to a request that would be refused.
    if (tokens !== null) {
      const denied = checkBearer(tokens, request.authorization, profile.scope, scopeLower);
      if (denied !== null) return error(request.requestId, denied);
    }
    if (faults !== null && faults.code !== null) return error(request.requestId, injectedError(faults));
    if (request.rejected !== undefined) return badRequest(request.requestId, request.rejected);
    const site = siteOf(request.origin);
    const t = clock.instant();
    // A hit means this exact target was validated and answered 200 before: validation is deterministic. A
    // window that ended before the live head is cached by its target alone, forever; one that reaches the head
    // is cached for its instant only (the key starts with t, which no target does).
    const liveKey = clock.mode === 'frozen' ? request.url : `${t}${request.url}`;
    const cached =
      site.pages === null
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
    if (site.pages !== null) {
      const forever = query.toMs < settledBefore(t);
      pageCache.set(site.pages, forever ? request.url : liveKey, head);
    }
    return ok(head, request.requestId);
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
  return {
    profile: first.profile,
    serve(request, faults) {
      let raw = request.query;
      if (raw === null) {
        const q = request.url.indexOf('?');
        raw = parseRawQuery(q === -1 ? '' : request.url.slice(q + 1));
      }
      const formats = timeFormats(raw, timeNames);
      if (formats.ticks.length > 0 && formats.other.length > 0) {
        return iso.handler.serve({ ...request, query: raw, rejected: mixedFormats(formats) }, faults);
      }
      const chosen = formats.ticks.length > 0 ? ticks : iso;
      return chosen.handler.serve({ ...request, query: raw }, faults);
    },
    error: first.error,
  };
}
