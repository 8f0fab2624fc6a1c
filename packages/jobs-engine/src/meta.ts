// Per-response ids (the vendor's docs on status codes and the error body; decision 0009): the only bytes that
// differ between replicas. Randomness comes from Web Crypto (`globalThis.crypto`, on Node 20 and in browsers) so
// that the module has no Node built-in and the MSW handlers can run it in a page.
import type { ResponseMeta } from './types.js';

/** ASP.NET Core encodes connection ids in base32 with this alphabet. */
const CONNECTION_ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

// Random bytes come from a pool so that a response costs one slice, not one call into the random source.
// 8192 bytes stays under getRandomValues' limit of 65536 bytes per call.
const pool = new Uint8Array(8192);
let poolOffset = pool.length;

function randomBytes(count: number): Uint8Array {
  if (poolOffset + count > pool.length) {
    globalThis.crypto.getRandomValues(pool);
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

/** "000" … "999": the digits of a timestamp's fraction without a number-to-string conversion per response. */
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
// The formatted `yyyy-MM-ddTHH:mm:ss.` of the current second: responses within the same second reuse it.
let prefixSecond = Number.NaN;
let prefix = '';

/** `2025-08-20T03:25:12.304891Z`: now, ISO 8601 UTC with microseconds. */
export function timestampNow(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const second = Math.floor(micros / 1_000_000);
  if (second !== prefixSecond) {
    prefix = new Date(second * 1000).toISOString().slice(0, 20);
    prefixSecond = second;
  }
  const fraction = micros - second * 1_000_000;
  const ms = Math.floor(fraction / 1000);
  return `${prefix}${THREE_DIGITS[ms]}${THREE_DIGITS[fraction - ms * 1000]}Z`;
}

// Trace ids are slices of the hex text of a random pool: one hex conversion per 170 ids instead of two per id.
const HEX_POOL_BYTES = 4080; // a multiple of 24
/** "00" … "ff" by byte value: lower-case hex, as Buffer's toString('hex') wrote it. */
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
let hexPool = '';
let hexOffset = 0;

/** `00-<32 hex>-<16 hex>-00`: a fresh W3C trace-context id. */
export function newTraceId(): string {
  if (hexOffset + 48 > hexPool.length) {
    hexPool = toHex(randomBytes(HEX_POOL_BYTES));
    hexOffset = 0;
  }
  const at = hexOffset;
  hexOffset += 48;
  return `00-${hexPool.slice(at, at + 32)}-${hexPool.slice(at + 32, at + 48)}-00`;
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += HEX_BYTES[byte];
  return hex;
}

/** The ids one response carries; `counter` numbers the requests of a process (or of a connection). */
export function newResponseMeta(counter: number, connectionId?: string): ResponseMeta {
  return {
    requestId: formatRequestId(counter, connectionId),
    timestamp: timestampNow(),
    traceId: newTraceId(),
  };
}
