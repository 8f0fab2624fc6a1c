// Raw socket answers: what Node's HTTP parser rejects never reaches a route, so it is answered here, on the
// socket, like Node would, but with a request-id and a problem+json body all the same.
import type { Socket } from 'node:net';
import type { MetaSource } from '../meta.js';

export function createClientErrorHandler(meta: MetaSource) {
  return (error: Error, socket: Socket): void => {
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || !socket.writable) return;
    const tooLarge = (error as NodeJS.ErrnoException).code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify({
      type: 'about:blank',
      title: tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
      status,
    });
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `request-id: ${meta.nextRequestId()}\r\nconnection: close\r\ncontent-type: application/problem+json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };
}
