// Hand-built JWTs for the mock's own tests: the attacker's view (forged, malformed, alg-confused, malleated).
// Legitimate client assertions come from @jobwatch/graph-auth's builder instead, as real clients make them.
import { createHmac, createSign, type KeyObject } from 'node:crypto';

export type Claims = Record<string, unknown>;

export const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

function input(header: Claims, payload: Claims): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
}

/** HS256 over any key (the mock's derived key, or a public key's PEM text for the key-confusion attack). */
export function signHs256(key: Uint8Array | string, payload: Claims, header: Claims = {}): string {
  const signing = input({ alg: 'HS256', typ: 'JWT', ...header }, payload);
  return `${signing}.${base64url(createHmac('sha256', key).update(signing).digest())}`;
}

export function signRs256(key: KeyObject, payload: Claims, header: Claims = {}): string {
  const signing = input({ alg: 'RS256', typ: 'JWT', ...header }, payload);
  return `${signing}.${base64url(createSign('RSA-SHA256').update(signing).sign(key))}`;
}

export function unsigned(payload: Claims): string {
  return `${input({ alg: 'none' }, payload)}.`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The other spellings of a JWT's signature that decode to the same bytes: its last character with the spare
 * low bits set differently (2 spare bits for a 32-byte HMAC, 4 for a 256-byte RSA signature). Never empty for
 * those sizes.
 */
export function malleatedSignatures(jwt: string): string[] {
  const signature = jwt.slice(jwt.lastIndexOf('.') + 1);
  const spare = (6 - ((Buffer.from(signature, 'base64url').length * 8) % 6)) % 6;
  const last = ALPHABET.indexOf(signature.at(-1)!);
  const variants: string[] = [];
  for (let bits = 1; bits < 1 << spare; bits++) {
    variants.push(`${jwt.slice(0, -1)}${ALPHABET[last ^ bits]}`);
  }
  return variants;
}
