// JWTs for attacking the mock: deliberately malformed or forged client assertions and access tokens, built by
// hand on node:crypto (independently of the mock's jose-based verification, so that the two cannot share a bug).
// Legitimate assertions — the positive controls — come from the project's one builder in @jobwatch/graph-auth.

import { createHmac, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { signClientAssertion } from '@jobwatch/graph-auth';
import { ACCESS_TOKEN_AUDIENCE, DEFAULT_ISSUER, DEFAULT_SEED, deriveTokenKey } from '@jobwatch/mock-server';

export type Claims = Record<string, unknown>;

export function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

export function encodeJwt(header: Claims, payload: Claims, signature: Buffer | string): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${b64url(signature)}`;
}

function signingInput(header: Claims, payload: Claims): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
}

export function signRs256(privateKey: KeyObject, payload: Claims, header: Claims = {}): string {
  const h = { alg: 'RS256', typ: 'JWT', ...header };
  const input = signingInput(h, payload);
  return `${input}.${b64url(sign('sha256', Buffer.from(input), privateKey))}`;
}

/** HS256 with any key: the mock's access-token key, or (the key-confusion attack) an RSA public key's PEM text. */
export function signHs256(key: Uint8Array | string, payload: Claims, header: Claims = {}): string {
  const h = { alg: 'HS256', typ: 'JWT', ...header };
  const input = signingInput(h, payload);
  return `${input}.${b64url(createHmac('sha256', key).update(input).digest())}`;
}

/** `alg: none`, empty signature. */
export function unsignedJwt(payload: Claims): string {
  return `${signingInput({ alg: 'none', typ: 'JWT' }, payload)}.`;
}

export interface RsaPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
  privatePem: string;
}

export function rsaPair(): RsaPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** A legitimate client assertion, as a real client builds it (the positive control of every assertion suite). */
export function legitAssertion(clientId: string, tokenUrl: string, privateKey: KeyObject): Promise<string> {
  return signClientAssertion({ clientId, audience: tokenUrl, privateKey });
}

/** Claims of a client assertion as the vendor's docs describe it (0009): iss = sub = client id, aud = token URL, jti. */
export function assertionClaims(
  clientId: string,
  tokenUrl: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Claims {
  return {
    iss: clientId,
    sub: clientId,
    aud: tokenUrl,
    jti: randomUUID(),
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + 300,
  };
}

/**
 * The mock's access-token signing key, from its own exported derivation. Every suite that forges with it first
 * proves the key right with a positive control (a forged, otherwise valid token must get 200).
 */
export function mockAccessTokenKey(options: { seed?: number; tokenSecret?: string }): Buffer {
  return Buffer.from(deriveTokenKey(options.seed ?? DEFAULT_SEED, options.tokenSecret));
}

/** The mock's access-token defaults (its issuer and audience). */
export const MOCK_ISSUER = DEFAULT_ISSUER;
export const MOCK_AUDIENCE = ACCESS_TOKEN_AUDIENCE;

/**
 * Claims of an access token like the mock issues, for `scope`, valid now for an hour, for the demo client (the
 * mock refuses tokens for clients it does not register); override to break one.
 */
export function accessClaims(
  scope: string,
  overrides: Claims = {},
  nowSeconds = Math.floor(Date.now() / 1000),
): Claims {
  return {
    iss: MOCK_ISSUER,
    aud: MOCK_AUDIENCE,
    sub: 'jobwatch-demo',
    client_id: 'jobwatch-demo',
    scope,
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + 3600,
    jti: randomUUID(),
    ...overrides,
  };
}
