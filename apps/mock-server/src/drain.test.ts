// The drain on a bare node:http server: a request on a kept-alive connection during the drain is served with
// `Connection: close`, a quiet connection is ended with a FIN (never reset), a slow request is not cut, and start()
// resolves once no connection is left.

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attachDrain, type ConnectionDrain, drainOf } from './drain.js';

const REQUEST = 'GET / HTTP/1.1\r\nhost: x\r\n\r\n';

function serve(delayMs = 0): Promise<{ server: Server; drain: ConnectionDrain; port: number }> {
  let drain: ConnectionDrain | undefined;
  const server = createServer((req, res) => {
    drain?.onRequest(req, res);
    setTimeout(() => res.end('ok'), delayMs);
  });
  drain = attachDrain(server, { idleMs: 150, lingerMs: 1_000, sweepMs: 10 });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, drain: drain!, port: (server.address() as AddressInfo).port });
    }),
  );
}

/** A raw keep-alive client: what it reads, and how the connection ended. */
function client(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  const seen = { text: '', ended: false, error: null as string | null };
  socket.on('data', (chunk) => {
    seen.text += chunk.toString('latin1');
  });
  socket.on('end', () => {
    seen.ended = true;
  });
  socket.on('error', (error: NodeJS.ErrnoException) => {
    seen.error = error.code ?? error.message;
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, seen, closed, connected: new Promise((r) => socket.once('connect', r)) };
}

const responses = (text: string) => text.match(/HTTP\/1\.1 200 OK/g)?.length ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let open: Server | undefined;
afterEach(() => {
  open?.closeAllConnections();
  open = undefined;
});

describe('attachDrain', () => {
  it('is found from its server', async () => {
    const { server, drain } = await serve();
    open = server;
    expect(drainOf(server)).toBe(drain);
    expect(drain.draining).toBe(false);
    await drain.start();
  });

  it('serves a request arriving on an open connection with Connection: close, then ends it cleanly', async () => {
    const { server, drain, port } = await serve();
    open = server;
    const c = client(port);
    await c.connected;
    c.socket.write(REQUEST);
    while (responses(c.seen.text) < 1) await sleep(5);
    expect(c.seen.text).toMatch(/connection: keep-alive/i);
    const stopped = drain.start();
    expect(drain.draining).toBe(true);
    // Refuses new connections at once.
    const late = client(port);
    await late.closed;
    expect(late.seen.error).toBe('ECONNREFUSED');
    c.socket.write(REQUEST);
    await c.closed;
    await stopped;
    expect(responses(c.seen.text)).toBe(2);
    expect(c.seen.text.split('HTTP/1.1')[2]).toMatch(/connection: close/i);
    expect(c.seen).toMatchObject({ ended: true, error: null });
    expect(drain.size).toBe(0);
  });

  it('ends a quiet keep-alive connection with a FIN after the idle time, and lets a slow request finish', async () => {
    const { server, drain, port } = await serve(400);
    open = server;
    // The server's side of each connection, in the order they were accepted.
    const accepted: Socket[] = [];
    server.on('connection', (socket: Socket) => accepted.push(socket));
    const quiet = client(port);
    await once(server, 'connection');
    const busy = client(port);
    const requested = once(server, 'request');
    await busy.connected;
    busy.socket.write(REQUEST);
    await requested;
    const [quietSide, busySide] = accepted;
    expect(accepted).toHaveLength(2);
    // The drain's clock and its sweep timer are faked: the idle time passes when the test says so, however slow
    // the machine (the slow request's own 400 ms timer stays real).
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    let stopped: Promise<void> | undefined;
    try {
      stopped = drain.start();
      await vi.advanceTimersByTimeAsync(140); // idleMs is 150
      expect(quietSide!.writableEnded).toBe(false);
      await vi.advanceTimersByTimeAsync(20);
      expect(quietSide!.writableEnded).toBe(true);
      expect(busySide!.writableEnded).toBe(false); // its request is still being answered
    } finally {
      vi.useRealTimers();
    }
    await quiet.closed;
    expect(quiet.seen).toMatchObject({ text: '', ended: true, error: null });
    await Promise.all([stopped, busy.closed]);
    expect(responses(busy.seen.text)).toBe(1);
    expect(busy.seen.text).toMatch(/connection: close/i);
    expect(busy.seen.error).toBeNull();
  });
});
