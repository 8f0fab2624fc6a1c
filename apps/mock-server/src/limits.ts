// Limits chosen on purpose (documented in the README under "Limits and timeouts"). Each bounds what one client
// can make the server hold: URL bytes, body bytes, time per request, idle sockets.

/** Longest request target (path + query) answered normally; longer gets 414 in the API's error shape. */
export const MAX_URL_LENGTH = 8 * 1024;
/** Node's own header limit (request line + headers); beyond it Node answers 431 before routing. */
export const MAX_HEADER_BYTES = 16 * 1024;
/** Body limit of the token endpoint (a form with a client assertion is ~1-2 KB). */
export const TOKEN_BODY_LIMIT = 16 * 1024;
/** Longest path parameter (find-my-way maxParamLength); the routes have none but /openapi/:file-like lookups. */
export const MAX_PARAM_LENGTH = 100;
/** A socket with no activity for this long is closed (covers slow-loris reads). */
export const CONNECTION_TIMEOUT_MS = 120_000;
/** Idle keep-alive sockets live this long: above the 60 s of common load balancers, so they close first. */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;
/** Time allowed to receive a whole request (headers + body); past it the answer is 408. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Time allowed to receive the headers; past it the answer is 408. Must not exceed REQUEST_TIMEOUT_MS. */
export const HEADERS_TIMEOUT_MS = 20_000;

/** The server's timeouts (buildApp `timeouts`, the CLI's `--*-timeout` flags); tests shorten them. */
export interface ServerTimeouts {
  /** headersTimeout: the request line and headers must arrive within this. */
  headersMs: number;
  /** requestTimeout: the whole request must arrive within this. */
  requestMs: number;
  /** keepAliveTimeout: an idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** Socket inactivity timeout. */
  idleMs: number;
  /** How often stalled requests are looked for (Node's connectionsCheckingInterval). */
  checkIntervalMs: number;
}

/** Node looks for stalled requests this often by default: a quarter of the shortest timeout, 50 ms to 5 s. */
export function defaultCheckInterval(headersMs: number, requestMs: number): number {
  return Math.max(50, Math.min(5_000, Math.floor(Math.min(headersMs, requestMs) / 4)));
}

/** The signals on which the process drains its connections and exits 0 (bin.ts). */
export const DRAIN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
/** On a drain signal, in-flight requests get this long to finish before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 35_000;
/**
 * While draining, a connection with no request in progress that received nothing for this long is ended (FIN).
 * Long enough that a keep-alive client between two back-to-back requests is never taken for a quiet one.
 */
export const DRAIN_IDLE_MS = 1_000;
/** An ended connection whose peer has not closed its side after this long is destroyed. */
export const DRAIN_LINGER_MS = 2_000;

/** Dataset bounds: keep start-up and memory predictable. */
export const MAX_JOBS_PER_API = 5_000_000;
export const MAX_ORGS_PER_API = 10_000;

/** Most cached page bodies (`--page-cache`): the bench's 10,000 rotating pages fit, at ~5 KB per 10-job page. */
export const DEFAULT_PAGE_CACHE_ENTRIES = 20_000;
export const MAX_PAGE_CACHE_ENTRIES = 10_000_000;
/** The page cache's arena: bytes of cached bodies, whatever the entry count (the bench's 10,000 pages take ~54 MB). */
export const PAGE_CACHE_MAX_BYTES = 64 * 1024 * 1024;
/** Bodies above this (pageSize in the hundreds) are not cached: each would push dozens of small pages out. */
export const PAGE_CACHE_MAX_ENTRY_BYTES = 64 * 1024;
