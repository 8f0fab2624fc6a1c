// The RS256 client assertion of the certificate flow (the vendor's docs on authentication; decision 0009): a JWT
// signed with the certificate's private key, iss = sub = client id, aud = the token URL, a fresh jti, and the
// certificate's SHA-1 thumbprint as x5t so that the identity service can pick the right registered certificate.
//
// This is the project's one builder of client assertions: the token provider, the contract suite, the mock's and
// the hardening suites' positive cases all sign through `signClientAssertion`. Signing is jose's (a well-kept JOSE
// library), not hand-written; deliberately malformed forgeries stay in the hardening package.
import { createHash, createPrivateKey, type KeyObject, randomUUID, X509Certificate } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  ASSERTION_LIFETIME_SECONDS,
  type AssertionSigner,
  type ClientAssertionClaims,
  type ClientAssertionHeader,
} from './assertion-types.js';
import { CredentialsError } from './errors.js';

/** What one assertion is made of. */
export interface ClientAssertionInput {
  clientId: string;
  /** The token URL the assertion is for (its `aud`). */
  audience: string;
  /** An RSA private key (a KeyObject, or PEM PKCS#8 / PKCS#1 text). */
  privateKey: KeyObject | string;
  /** The certificate's thumbprint (see `certificateThumbprint`); omitted from the header when absent. */
  x5t?: string;
  /** The signing instant, ms. Default Date.now(). */
  nowMs?: number;
  /** Default ASSERTION_LIFETIME_SECONDS. */
  lifetimeSeconds?: number;
}

/** The base64url SHA-1 thumbprint of a PEM certificate (the `x5t` header). */
export function certificateThumbprint(certificatePem: string): string {
  return createHash('sha1').update(new X509Certificate(certificatePem).raw).digest('base64url');
}

/** Signs one RS256 client assertion with a fresh `jti`. */
export async function signClientAssertion(input: ClientAssertionInput): Promise<string> {
  const key = typeof input.privateKey === 'string' ? createPrivateKey(input.privateKey) : input.privateKey;
  if (key.asymmetricKeyType !== 'rsa') throw new CredentialsError('RS256 needs an RSA private key');
  const iat = Math.floor((input.nowMs ?? Date.now()) / 1000);
  const header: ClientAssertionHeader = { alg: 'RS256', typ: 'JWT' };
  if (input.x5t !== undefined) header.x5t = input.x5t;
  const claims: ClientAssertionClaims = {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.audience,
    jti: randomUUID(),
    iat,
    nbf: iat,
    exp: iat + (input.lifetimeSeconds ?? ASSERTION_LIFETIME_SECONDS),
  };
  return new SignJWT({ ...claims }).setProtectedHeader({ ...header }).sign(key);
}

/**
 * Parses a PEM certificate and its PEM private key (PKCS#8 or PKCS#1, RSA) once, checks that they belong
 * together, and returns a signer. Throws `CredentialsError` (without the PEM text) when they do not.
 */
export function createAssertionSigner(certificatePem: string, privateKeyPem: string): AssertionSigner {
  let certificate: X509Certificate;
  let key: KeyObject;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    throw new CredentialsError('The certificate is not a readable PEM X.509 certificate');
  }
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new CredentialsError('The private key is not a readable PEM private key');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new CredentialsError('RS256 needs an RSA private key');
  }
  if (!certificate.checkPrivateKey(key)) {
    throw new CredentialsError('The private key does not belong to the certificate');
  }
  const x5t = certificateThumbprint(certificatePem);
  return {
    x5t,
    sign: ({ clientId, audience, nowMs, lifetimeSeconds }) =>
      signClientAssertion({
        clientId,
        audience,
        privateKey: key,
        x5t,
        nowMs,
        ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }),
      }),
  };
}
