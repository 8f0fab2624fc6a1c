// Minimal JWT (RFC 7519) on node:crypto only: decoding, HS256 signing/verifying for access tokens, RS256
// verifying for client assertions. Nothing here trusts the token's own `alg` beyond comparing it with the one
// algorithm the caller expects, which is what rules out `alg: none` and the HS256-with-the-public-key trick.
import { createHmac, type KeyObject, timingSafeEqual, verify as verifySignature } from 'node:crypto';

export type JsonObject = Record<string, unknown>;

export interface DecodedJwt {
  header: JsonObject;
  payload: JsonObject;
  /** `<header>.<payload>`, the signed bytes. */
  signingInput: string;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

function decodeJsonSegment(segment: string): JsonObject | null {
  if (!BASE64URL.test(segment)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : null;
  } catch {
    return null;
  }
}

/** Splits and decodes a compact JWS; null when it is not one (wrong segment count, bad base64url or JSON). */
export function decodeJwt(token: string): DecodedJwt | null {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first <= 0 || second <= first + 1 || token.indexOf('.', second + 1) !== -1) return null;
  const signatureText = token.slice(second + 1);
  if (!BASE64URL.test(signatureText)) return null;
  const header = decodeJsonSegment(token.slice(0, first));
  const payload = decodeJsonSegment(token.slice(first + 1, second));
  if (!header || !payload) return null;
  return {
    header,
    payload,
    signingInput: token.slice(0, second),
    signature: Buffer.from(signatureText, 'base64url'),
  };
}

export function hs256(key: Buffer, signingInput: string): Buffer {
  return createHmac('sha256', key).update(signingInput).digest();
}

/** Signs a payload as an HS256 JWT. */
export function signHs256(key: Buffer, payload: JsonObject): string {
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${base64url(hs256(key, signingInput))}`;
}

export function verifyHs256(key: Buffer, jwt: DecodedJwt): boolean {
  if (jwt.header.alg !== 'HS256') return false;
  const expected = hs256(key, jwt.signingInput);
  return expected.length === jwt.signature.length && timingSafeEqual(expected, jwt.signature);
}

export function verifyRs256(publicKey: KeyObject, jwt: DecodedJwt): boolean {
  if (jwt.header.alg !== 'RS256' || publicKey.asymmetricKeyType !== 'rsa') return false;
  try {
    return verifySignature('sha256', Buffer.from(jwt.signingInput), publicKey, jwt.signature);
  } catch {
    return false;
  }
}

/** A numeric date claim (seconds), or null when absent or not a finite number. */
export function numericClaim(payload: JsonObject, name: string): number | null {
  const value = payload[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
