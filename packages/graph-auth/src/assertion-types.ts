// The shapes of a client assertion and its signer, apart from the node:crypto code that makes them (assertion.ts),
// so that the browser entry can name them without bundling Node built-ins.

/** The header of a client assertion. */
export interface ClientAssertionHeader {
  alg: 'RS256';
  typ: 'JWT';
  /** base64url of the SHA-1 of the DER certificate. */
  x5t?: string;
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
  sign(claims: {
    clientId: string;
    audience: string;
    nowMs: number;
    lifetimeSeconds?: number;
  }): Promise<string>;
}

/** The lifetime of an assertion: 5 minutes, long enough for clock skew, short enough to be useless if leaked. */
export const ASSERTION_LIFETIME_SECONDS = 300;
