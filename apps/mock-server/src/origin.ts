// The origin a response's links (nextLink) are built on. The Host header is the caller's to choose, so it is used
// only when it is a well-formed `host[:port]` (RFC 3986 reg-name of unreserved characters, an IPv4 address, or an
// IPv6 literal); otherwise (no Host, as HTTP/1.0 allows, or `Host: a"b`) the link uses the server's own origin, the
// address and port the connection arrived on.
//
// An absolute-form request target (`GET http://host/path`, RFC 9112 §3.2.2) is reduced to origin-form before
// routing, its authority taking the place of Host, so that every route, limit and error shape sees a path.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

const HOST = /^(?:[A-Za-z0-9\-._~]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
/** Without a socket address (app.inject): the neutral origin of a server one reaches locally. */
const FALLBACK_ORIGIN = 'http://localhost';

/** True when `host` is a usable `host[:port]` for a URL. */
export function isValidHost(host: string | undefined): host is string {
  return host !== undefined && HOST.test(host);
}

/** The origin of the server side of a connection, e.g. `http://127.0.0.1:4010` or `http://[::1]:4010`. */
export function serverOrigin(socket: Pick<Socket, 'localAddress' | 'localPort'> | undefined): string {
  const address = socket?.localAddress;
  const port = socket?.localPort;
  if (address === undefined || port === undefined) return FALLBACK_ORIGIN;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return `http://${v4.includes(':') ? `[${v4}]` : v4}:${port}`;
}

/** The origin for links in the answer to a request with this Host header on this socket. */
export function linkOrigin(
  host: string | undefined,
  socket: Pick<Socket, 'localAddress' | 'localPort'> | undefined,
): string {
  return isValidHost(host) ? `http://${host}` : serverOrigin(socket);
}

const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/;

/**
 * Rewrites an absolute-form target to origin-form in place (`req.url` keeps the caller's spelling of the path and
 * query; an authority that is a valid host replaces Host, as RFC 9112 §3.2.2 says).
 */
export function toOriginForm(req: IncomingMessage): void {
  const url = req.url;
  if (url === undefined || url.charCodeAt(0) === 47 /* '/' */) return;
  const match = ABSOLUTE_FORM.exec(url);
  if (match === null) return;
  const rest = url.slice(match[0].length);
  req.url = rest.startsWith('/') ? rest : `/${rest}`;
  const authority = match[1]!;
  if (isValidHost(authority)) req.headers.host = authority;
}
