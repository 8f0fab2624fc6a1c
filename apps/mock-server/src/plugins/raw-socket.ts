// Raw socket answers: what Node answers before (or instead of) routing. Each is answered in the documented shape
// where that is possible — the path's API shape, RFC 6749 JSON on the token path, else a plain problem — and
// always with a request-id:
//
//   - bytes Node's parser rejects (clientError: 400, 431 for oversized headers) and requests that stall past the
//     headers or request timeout (408). When a response to the request on that socket has already started, the
//     socket is only closed: a second, unsolicited response would corrupt the stream for the client;
//   - an HTTP/1.1 request without Host (400; Node would answer it itself, without a request-id);
//   - `Expect:` other than 100-continue (417) and CONNECT (405), which Node would answer bare or by closing.
//
// What stays Node's, with no request-id: a connection closed without any request (idle or keep-alive timeout),
// and a parse error after a response was written on the socket (the socket is closed).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { drainOf } from '../drain.js';
import { ApiError, type ApiErrorCode, apiMessages } from '../errors.js';
import type { ServerTimeouts } from '../limits.js';
import type { MetaSource } from '../meta.js';
import { type ProfileLookup, renderApiError } from '../respond.js';
import { TOKEN_PATH } from '../routes/token.js';

export interface RawAnswers {
  meta: MetaSource;
  profileFor: ProfileLookup;
  timeouts: ServerTimeouts;
}

interface Answer {
  status: number;
  reason: string;
  contentType: string;
  body: string;
  headers: Record<string, string>;
  requestId: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
};

function isTokenPath(url: string | undefined): boolean {
  if (url === undefined) return false;
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)).toLowerCase() === TOKEN_PATH;
}

/** The answer for a request target (or none, for bytes that never became a request). */
function answerFor(
  raw: RawAnswers,
  url: string | undefined,
  code: ApiErrorCode,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Answer {
  const requestId = raw.meta.nextRequestId();
  const reason = REASONS[status] ?? 'Error';
  if (isTokenPath(url)) {
    // The identity service's errors are RFC 6749 JSON; invalid_request is the code for a malformed request.
    return {
      status,
      reason,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ error: 'invalid_request', error_description: message }),
      headers: { 'cache-control': 'no-store', ...headers },
      requestId,
    };
  }
  const error = new ApiError(status, ApiError.of(code, null, message).problems, headers);
  const profile = url === undefined ? null : raw.profileFor(url);
  const rendered = renderApiError(profile, error, raw.meta.meta(requestId));
  return { status, reason, ...rendered, headers, requestId };
}

function lastResponseOn(socket: Socket): ServerResponse | null {
  const server = (socket as Socket & { server?: Server }).server;
  return server === undefined ? null : (drainOf(server)?.lastResponse(socket) ?? null);
}

function writeRaw(socket: Socket, answer: Answer): void {
  let head = `HTTP/1.1 ${answer.status} ${answer.reason}\r\nrequest-id: ${answer.requestId}\r\nconnection: close\r\n`;
  for (const [name, value] of Object.entries(answer.headers)) head += `${name}: ${value}\r\n`;
  head += `content-type: ${answer.contentType}\r\ncontent-length: ${Buffer.byteLength(answer.body)}\r\n\r\n`;
  socket.end(head + answer.body);
}

function writeResponse(res: ServerResponse, answer: Answer): void {
  res.shouldKeepAlive = false;
  res.writeHead(answer.status, {
    ...answer.headers,
    'request-id': answer.requestId,
    'content-type': answer.contentType,
    'content-length': Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}

/** Fastify's clientErrorHandler (the server's 'clientError'). */
export function createClientErrorHandler(raw: RawAnswers) {
  return (error: Error, socket: Socket): void => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // The response in flight on this socket, if a request got that far (Node's own check, _http_server.js).
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? null;
    // The bytes belong to a request that was already answered (its body is still arriving, e.g. a broken chunk
    // after the response was written): another response would be one the client never asked for.
    const last = inFlight ?? lastResponseOn(socket);
    if (inFlight?.headersSent || (last?.headersSent && !last.req.complete)) {
      socket.destroy();
      return;
    }
    let answer: Answer;
    if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      const what = inFlight === null ? 'headers' : 'request';
      const ms = what === 'headers' ? raw.timeouts.headersMs : raw.timeouts.requestMs;
      answer = answerFor(raw, inFlight?.req.url, 'RequestTimeout', 408, apiMessages.requestTimeout(what, ms));
    } else if (code === 'HPE_HEADER_OVERFLOW') {
      answer = answerFor(raw, undefined, 'InvalidParameter', 431, 'The request headers are too large.');
    } else {
      const message =
        inFlight === null
          ? 'The request is not valid HTTP/1.1.'
          : 'The request body is not valid HTTP/1.1 framing.';
      answer = answerFor(raw, inFlight?.req.url, 'InvalidParameter', 400, message);
    }
    if (inFlight !== null) {
      // The route may still answer later (it waits for a body that will not come): this answer is the only one.
      writeResponse(inFlight, answer);
      inFlight.once('finish', () => socket.destroy());
      setTimeout(() => socket.destroy(), 1_000).unref();
    } else {
      writeRaw(socket, answer);
    }
  };
}

/** Refuses what the listener must refuse before routing: an HTTP/1.1 request without Host. */
export function createEarlyRefusal(raw: RawAnswers) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.headers.host !== undefined || req.httpVersionMajor !== 1 || req.httpVersionMinor < 1)
      return false;
    writeResponse(res, answerFor(raw, req.url, 'InvalidParameter', 400, apiMessages.hostMissing()));
    return true;
  };
}

const rawSocket: FastifyPluginCallback<RawAnswers> = (app, raw, done) => {
  // Expect other than 100-continue: Node would answer 417 without a request-id.
  app.server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    writeResponse(res, answerFor(raw, req.url, 'ExpectationFailed', 417, apiMessages.expectationFailed()));
  });
  // CONNECT: without a listener Node closes the connection without a word.
  app.server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    socket.on('error', () => {});
    writeRaw(
      socket,
      answerFor(raw, undefined, 'MethodNotAllowed', 405, apiMessages.connectNotAllowed(), {
        allow: 'GET, HEAD, POST',
      }),
    );
  });
  done();
};

export const rawSocketPlugin = fp(rawSocket, { name: 'jobwatch-raw-socket' });
