// The RS256 client assertion of the certificate flow (the vendor's docs on authentication; decision 0009): a JWT
// signed with the certificate's private key, iss = sub = client id, aud = token URL, a fresh jti, and the certificate's SHA-1 thumbprint as x5t so the
// identity service can pick the right registered certificate.
import { createHash, createPrivateKey, type KeyObject, randomUUID, sign, X509Certificate } from 'node:crypto';
import { CredentialsError } from './errors.js';

/** The header of a client assertion. */
export interface ClientAssertionHeader {
  alg: 'RS256';
  typ: 'JWT';
  /** base64url of the SHA-1 of the DER certificate. */
  x5t: string;
}

/** The claims of a client assertion. */
export interface ClientAssertionClaims {
  iss: string;
  sub: string;
  aud: string;
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
}

/** A parsed certificate and key, ready to sign assertions. */
export interface AssertionSigner {
  /** base64url SHA-1 thumbprint of the DER certificate. */
  readonly x5t: string;
  /** Signs a new assertion; each call has a fresh `jti`. */
  sign(claims: { clientId: string; audience: string; nowMs: number; lifetimeSeconds?: number }): string;
}

/** The lifetime of an assertion: 5 minutes, long enough for clock skew, short enough to be useless if leaked. */
export const ASSERTION_LIFETIME_SECONDS = 300;

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
  const x5t = createHash('sha1').update(certificate.raw).digest('base64url');
  return {
    x5t,
    sign({ clientId, audience, nowMs, lifetimeSeconds = ASSERTION_LIFETIME_SECONDS }) {
      const iat = Math.floor(nowMs / 1000);
      const header: ClientAssertionHeader = { alg: 'RS256', typ: 'JWT', x5t };
      const claims: ClientAssertionClaims = {
        iss: clientId,
        sub: clientId,
        aud: audience,
        jti: randomUUID(),
        iat,
        nbf: iat,
        exp: iat + lifetimeSeconds,
      };
      const input = `${base64url(header)}.${base64url(claims)}`;
      const signature = sign('sha256', Buffer.from(input), key).toString('base64url');
      return `${input}.${signature}`;
    },
  };
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
