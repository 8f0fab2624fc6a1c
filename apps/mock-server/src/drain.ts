// Graceful shutdown that never resets a busy keep-alive connection.
//
// http.Server.close() (Node ≥ 19) and closeIdleConnections() destroy every connection that is idle at that instant.
// Under load a keep-alive connection is "idle" for microseconds between a response and the next request, which may
// already sit in the socket buffer: destroying a socket with unread data sends an RST, so the client sees
// ECONNRESET and its request is lost. Draining instead:
//
//   1. stops accepting (net.Server close only: existing connections are left alone);
//   2. answers every request that still arrives on an open connection normally, with `Connection: close`, so the
//      connection ends cleanly right after that response (Node ends the socket once the response is written);
//   3. ends a connection that has had no request in progress and received nothing for DRAIN_IDLE_MS — a client
//      that went quiet — with a FIN (socket.end()), and destroys it only if the peer has not closed
//      DRAIN_LINGER_MS later;
//   4. resolves once the last connection is gone.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { DRAIN_IDLE_MS, DRAIN_LINGER_MS } from './limits.js';

interface Connection {
  /** The latest response on this connection; responses finish in order, so it alone says whether one is pending. */
  last: ServerResponse | null;
  /** socket.bytesRead at the previous sweep: a change means the client is sending (e.g. a request's headers). */
  bytesRead: number;
  /** When the connection was last seen busy (or when draining started). */
  activeAt: number;
  ending: boolean;
}

export interface ConnectionDrain {
  /** True from start() on: every response then closes its connection after it is written. */
  readonly draining: boolean;
  /** Called by the request listener for every request, before it is answered. */
  onRequest(req: IncomingMessage, res: ServerResponse): void;
  /** Stops accepting and resolves when every connection has closed. Idempotent. */
  start(): Promise<void>;
  /** Open connections right now. */
  readonly size: number;
  /** The latest response on a connection, if it has had a request. */
  lastResponse(socket: Socket): ServerResponse | null;
}

const drains = new WeakMap<Server, ConnectionDrain>();

/** The drain the mock's server factory attached to `server`, if any. */
export function drainOf(server: Server): ConnectionDrain | undefined {
  return drains.get(server);
}

export function attachDrain(
  server: Server,
  options: { idleMs?: number; lingerMs?: number; sweepMs?: number } = {},
): ConnectionDrain {
  const idleMs = options.idleMs ?? DRAIN_IDLE_MS;
  const lingerMs = options.lingerMs ?? DRAIN_LINGER_MS;
  const sweepMs = options.sweepMs ?? Math.max(10, Math.min(100, idleMs / 4));
  const connections = new Map<Socket, Connection>();
  let draining = false;
  let stopped: Promise<void> | null = null;

  server.on('connection', (socket: Socket) => {
    connections.set(socket, { last: null, bytesRead: 0, activeAt: 0, ending: false });
    socket.once('close', () => connections.delete(socket));
  });

  function end(socket: Socket, connection: Connection): void {
    connection.ending = true;
    // A FIN, not a reset: the client reads everything already sent and closes its side; destroy only a peer that
    // never does (the timer must not hold the process, the shutdown deadline covers it anyway).
    socket.end();
    setTimeout(() => socket.destroy(), lingerMs).unref();
  }

  function sweep(now: number): void {
    for (const [socket, connection] of connections) {
      if (connection.ending) continue;
      const busy = connection.last !== null && !connection.last.writableFinished;
      if (busy || socket.bytesRead !== connection.bytesRead) {
        connection.bytesRead = socket.bytesRead;
        connection.activeAt = now;
      } else if (now - connection.activeAt >= idleMs) {
        end(socket, connection);
      }
    }
  }

  const drain: ConnectionDrain = {
    get draining() {
      return draining;
    },
    get size() {
      return connections.size;
    },
    lastResponse(socket) {
      return connections.get(socket)?.last ?? null;
    },
    onRequest(req, res) {
      const connection = connections.get(req.socket);
      if (connection !== undefined) connection.last = res;
      // Node then sends `Connection: close` and ends the socket once this response is written.
      if (draining) res.shouldKeepAlive = false;
    },
    start() {
      if (stopped !== null) return stopped;
      draining = true;
      const now = performance.now();
      for (const [socket, connection] of connections) {
        connection.bytesRead = socket.bytesRead;
        connection.activeAt = now;
        // A response still being prepared (e.g. injected latency) closes its connection too, rather than leave it
        // to wait out the idle time.
        if (connection.last !== null && !connection.last.headersSent) connection.last.shouldKeepAlive = false;
      }
      stopped = new Promise<void>((resolve) => {
        // net.Server's close: http.Server.prototype.close would also destroy the connections idle right now.
        // Its callback runs once the last connection has closed.
        NetServer.prototype.close.call(server, () => {
          clearInterval(timer);
          resolve();
        });
        const timer = setInterval(() => sweep(performance.now()), sweepMs);
        timer.unref();
      });
      return stopped;
    },
  };
  drains.set(server, drain);
  return drain;
}
