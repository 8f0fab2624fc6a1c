// Per-response ids (FACTS.md "Status codes and the error body"): the only bytes that differ between replicas.
import { randomFillSync } from 'node:crypto';
import type { ResponseMeta } from './types.js';

/** ASP.NET Core encodes connection ids in base32 with this alphabet. */
const CONNECTION_ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

// Random bytes come from a pool so that a response costs one slice, not one syscall.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomBytes(count: number): Buffer {
  if (poolOffset + count > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

/** A fresh 13-character connection id such as `0HNEVHLNSPSEJ` (0-9A-V, as ASP.NET Core writes them). */
export function newConnectionId(): string {
  const bytes = randomBytes(13);
  let id = '0'; // ASP.NET Core ids start with 0: the top bits of a 64-bit counter.
  for (let i = 1; i < 13; i++) id += CONNECTION_ID_ALPHABET[bytes[i]! & 31];
  return id;
}

const processConnectionId = newConnectionId();

/** `0HNEVHLNSPSEJ:00000002`: a connection id, a colon, and the request counter as 8 upper-case hex digits. */
export function formatRequestId(counter: number, connectionId: string = processConnectionId): string {
  return `${connectionId}:${(counter >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** `2025-08-20T03:25:12.304891Z`: now, ISO 8601 UTC with microseconds. */
export function timestampNow(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}

/** `00-<32 hex>-<16 hex>-00`: a fresh W3C trace-context id. */
export function newTraceId(): string {
  const bytes = randomBytes(24);
  return `00-${bytes.toString('hex', 0, 16)}-${bytes.toString('hex', 16, 24)}-00`;
}

/** The ids one response carries; `counter` numbers the requests of a process (or of a connection). */
export function newResponseMeta(counter: number, connectionId?: string): ResponseMeta {
  return {
    requestId: formatRequestId(counter, connectionId),
    timestamp: timestampNow(),
    traceId: newTraceId(),
  };
}
