// The hot path: a plain `GET <api path>?…` (no Prefer header, no global latency) is answered straight from the
// node:http request listener with the same core (routes/jobs.ts, `JobsHandler.serve`) the Fastify route uses. Routing,
// hooks, reply decoration and per-request child loggers cost more than the whole engine on a warm page, and the
// benchmark's target (≥ 0.8× a bare node:http server) leaves no room for them.
//
// Anything else — other paths and methods, faults, a closing server, over-long URLs, debug logging — goes to
// Fastify unchanged, so behaviour has one definition; the e2e suite checks the fast path over real HTTP.
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { attachDrain } from './drain.js';
import { MAX_HEADER_BYTES, type ServerTimeouts } from './limits.js';
import type { MetaSource } from './meta.js';
import { linkOrigin, toOriginForm } from './origin.js';
import type { JobsHandler, JobsResponse } from './routes/jobs.js';

export interface FastPathOptions {
  handlers: readonly JobsHandler[];
  meta: MetaSource;
  maxUrlLength: number;
  /** False disables the fast path (debug logging, global latency). */
  enabled: boolean;
  /** Set once the app starts closing, so that Fastify answers 503 as it should. */
  isClosing: () => boolean;
  timeouts: ServerTimeouts;
  /**
   * Answers what must be refused before routing (an HTTP/1.1 request without Host); returns true when it did.
   * Node would answer such a request itself, without a request-id.
   */
  refuseEarly: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** The Date header: the data clock's instant (http-date.ts). */
  date: () => string;
}

/**
 * Ends the responses of one turn of the event loop together, right after its I/O callbacks (setImmediate), instead
 * of one by one as each is ready. Under load a poll hands the listener several requests at once; written one by one,
 * each response wakes an idle client thread (on a VM, an inter-processor interrupt and a scheduler round trip per
 * write: measured here, 10-25 µs of kernel time per request once the server is slower than its client). Written
 * back to back, the first wakes the client and the rest arrive while it is running. A lone request waits for
 * nothing but the end of its own poll phase. Order per connection is Node's: a connection has one response at a
 * time in flight.
 */
function createWriteBatch() {
  let pending: (ServerResponse | string | BufferEncoding)[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    for (let i = 0; i < batch.length; i += 3) {
      const res = batch[i] as ServerResponse;
      try {
        res.end(batch[i + 1] as string, batch[i + 2] as BufferEncoding);
      } catch {
        // A socket that failed under us: the others in the batch are still answered.
        res.destroy();
      }
    }
  };
  return {
    end(res: ServerResponse, body: string, encoding: BufferEncoding): void {
      if (pending.length === 0) setImmediate(flush);
      pending.push(res, body, encoding);
    },
  };
}

export function createFastPathServerFactory(options: FastPathOptions) {
  const byPath = new Map(options.handlers.map((h) => [h.profile.path.toLowerCase(), h]));
  const { meta, maxUrlLength } = options;

  function tryServe(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || req.headers.prefer !== undefined || options.isClosing()) return false;
    const url = req.url ?? '';
    if (url.length > maxUrlLength) return false;
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    // The paths are lower case: a request that writes them so (nearly all) is found without a lower-cased copy.
    const handler = byPath.get(path) ?? byPath.get(path.toLowerCase());
    if (handler === undefined) return false;
    const requestId = meta.nextRequestId();
    const response = handler.serve(
      {
        requestId,
        url,
        query: null, // parsed by the handler, and only on a page-cache miss
        authorization: req.headers.authorization,
        origin: linkOrigin(req.headers.host, req.socket),
      },
      null,
    );
    if (response instanceof Promise) {
      // A token seen for the first time is verified asynchronously; every later request with it is synchronous.
      response.then(
        (r) => write(res, requestId, r),
        () => {
          if (!res.headersSent) res.destroy();
        },
      );
    } else {
      write(res, requestId, response);
    }
    return true;
  }

  function write(res: ServerResponse, requestId: string, response: JobsResponse): void {
    const body = response.body;
    // A 200 body is pure ASCII (the engine escapes non-ASCII): its length is its byte length and latin1 writes
    // it without an encoding pass. Errors are rare; they take the general route.
    const ascii = response.status === 200;
    const headers: Record<string, string | number> = {
      'request-id': requestId,
      date: options.date(),
      'content-type': response.contentType,
      'content-length': ascii ? body.length : Buffer.byteLength(body),
    };
    if (response.headers !== null) Object.assign(headers, response.headers);
    res.writeHead(response.status, headers);
    batch.end(res, body, ascii ? 'latin1' : 'utf8');
  }
  const batch = createWriteBatch();

  // Fastify applies its timeouts only to servers it creates itself, so this factory applies them (options.ts).
  // Every request, fast path or Fastify, passes the drain first: once the process is shutting down, each response
  // closes its connection after it is written (src/drain.ts; bin.ts starts the drain on SIGTERM/SIGINT).
  return (fastifyHandler: RequestListener): Server => {
    const listener: RequestListener = options.enabled
      ? (req, res) => {
          drain.onRequest(req, res);
          toOriginForm(req);
          if (options.refuseEarly(req, res)) return;
          let served = false;
          try {
            served = tryServe(req, res);
          } catch {
            // Never a crash and never a half answer here: let Fastify handle the request (and its error handler).
            served = res.headersSent;
          }
          if (!served) fastifyHandler(req, res);
        }
      : (req, res) => {
          drain.onRequest(req, res);
          toOriginForm(req);
          if (options.refuseEarly(req, res)) return;
          fastifyHandler(req, res);
        };
    const { timeouts } = options;
    const server = createServer(
      {
        maxHeaderSize: MAX_HEADER_BYTES,
        headersTimeout: timeouts.headersMs,
        requestTimeout: timeouts.requestMs,
        keepAliveTimeout: timeouts.keepAliveMs,
        // How often Node looks for requests past headersTimeout/requestTimeout (its default, 30 s, would let a
        // stalled request live up to 30 s beyond its timeout).
        connectionsCheckingInterval: timeouts.checkIntervalMs,
        // A request without Host is answered by refuseEarly, with a request-id, rather than by Node without one.
        requireHostHeader: false,
      },
      listener,
    );
    server.setTimeout(timeouts.idleMs);
    const drain = attachDrain(server);
    return server;
  };
}
