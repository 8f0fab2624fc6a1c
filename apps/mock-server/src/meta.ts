// Per-response ids (the vendor's docs on the error body; decision 0009): requestId `0HNEVHLNSPSEJ:00000002` (an
// ASP.NET Core connection id and a counter), a W3C traceId and a microsecond timestamp, from the engine's meta helpers. These are the only bytes that
// differ between replicas; the `request-id` header carries the same requestId as the body.
import {
  formatRequestId,
  newConnectionId,
  newTraceId,
  type ResponseMeta,
  timestampNow,
} from '@jobwatch/jobs-engine';

export interface MetaSource {
  /** A fresh request id; also the `request-id` header. */
  nextRequestId(): string;
  /** The meta of a response to the request with this id. */
  meta(requestId: string): ResponseMeta;
}

/** One source per app: a connection-id-like prefix of its own and a request counter. */
export function createMetaSource(): MetaSource {
  const connectionId = newConnectionId();
  let counter = 0;
  return {
    nextRequestId() {
      counter = (counter + 1) >>> 0;
      return formatRequestId(counter, connectionId);
    },
    meta(requestId) {
      return { requestId, timestamp: timestampNow(), traceId: newTraceId() };
    },
  };
}
