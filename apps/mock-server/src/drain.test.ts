// The drain on a bare node:http server: a request on a kept-alive connection during the drain is served with
// `Connection: close`, a quiet connection is ended with a FIN (never reset), a slow request is not cut, and start()
// resolves once no connection is left.

import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
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
    const quiet = client(port);
    const busy = client(port);
    await Promise.all([quiet.connected, busy.connected]);
    busy.socket.write(REQUEST);
    await sleep(20);
    const started = performance.now();
    const stopped = drain.start();
    await quiet.closed;
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(quiet.seen).toMatchObject({ text: '', ended: true, error: null });
    await Promise.all([stopped, busy.closed]);
    expect(responses(busy.seen.text)).toBe(1);
    expect(busy.seen.text).toMatch(/connection: close/i);
    expect(busy.seen.error).toBeNull();
  });
});
