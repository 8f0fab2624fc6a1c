// Access tokens: HS256 JWTs whose key is derived from the dataset seed and a fixed label (or from an explicit
// `tokenSecret`). Replicas started with the same seed therefore accept each other's tokens with no shared state,
// which is what a mock behind a load balancer needs. It is a mock: a seed-derived key is predictable on purpose.
//
// Verification is on every API request, so a verified token is cached by its exact text with its claims; a
// cached hit costs one Map lookup and two comparisons (exp, nbf). Only signature-valid tokens are cached.
import { createHmac, randomUUID } from 'node:crypto';
import { type DecodedJwt, decodeJwt, numericClaim, signHs256, verifyHs256 } from './jwt.js';

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
/** Tolerated clock skew for nbf/exp between replicas, seconds. */
export const CLOCK_SKEW_SECONDS = 30;
const CACHE_LIMIT = 10_000;

export interface TokenServiceOptions {
  seed: number;
  /** Overrides the seed-derived signing key. */
  tokenSecret?: string;
  issuer: string;
  audience: string;
  /** Wall clock in ms (tests move it). */
  clock: () => number;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
}

export type TokenCheck =
  | { ok: true; clientId: string; scopes: ReadonlySet<string> }
  | { ok: false; reason: 'malformed' | 'invalid' | 'expired' | 'not-yet-valid' };

interface CachedToken {
  clientId: string;
  /** Lower-cased scope names. */
  scopes: ReadonlySet<string>;
  expMs: number;
  nbfMs: number;
}

/** The signing key of access tokens: HMAC(label, seed) unless a secret is given. */
export function deriveTokenKey(seed: number, tokenSecret?: string): Buffer {
  return createHmac('sha256', 'jobwatch-mock/access-token/v1')
    .update(tokenSecret ?? `seed:${seed}`)
    .digest();
}

export class TokenService {
  private readonly key: Buffer;
  private readonly cache = new Map<string, CachedToken>();

  constructor(private readonly options: TokenServiceOptions) {
    this.key = deriveTokenKey(options.seed, options.tokenSecret);
  }

  issue(clientId: string, scopes: readonly string[]): IssuedToken {
    const now = Math.floor(this.options.clock() / 1000);
    const scope = scopes.join(' ');
    const accessToken = signHs256(this.key, {
      iss: this.options.issuer,
      aud: this.options.audience,
      sub: clientId,
      client_id: clientId,
      scope,
      iat: now,
      nbf: now,
      exp: now + ACCESS_TOKEN_TTL_SECONDS,
      jti: randomUUID(),
    });
    return { accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, scope };
  }

  verify(token: string): TokenCheck {
    let entry = this.cache.get(token);
    if (entry === undefined) {
      const jwt = decodeJwt(token);
      if (jwt === null) return { ok: false, reason: 'malformed' };
      const verified = this.verifyUncached(jwt);
      if ('reason' in verified) return verified;
      entry = verified;
      if (this.cache.size >= CACHE_LIMIT) {
        // Evict the oldest insertion: bounded memory whatever the traffic.
        const oldest = this.cache.keys().next();
        if (!oldest.done) this.cache.delete(oldest.value);
      }
      this.cache.set(token, entry);
    }
    const now = this.options.clock();
    if (now >= entry.expMs + CLOCK_SKEW_SECONDS * 1000) return { ok: false, reason: 'expired' };
    if (now < entry.nbfMs - CLOCK_SKEW_SECONDS * 1000) return { ok: false, reason: 'not-yet-valid' };
    return { ok: true, clientId: entry.clientId, scopes: entry.scopes };
  }

  private verifyUncached(jwt: DecodedJwt): CachedToken | { ok: false; reason: 'invalid' | 'malformed' } {
    if (!verifyHs256(this.key, jwt)) return { ok: false, reason: 'invalid' };
    const { payload } = jwt;
    if (payload.iss !== this.options.issuer) return { ok: false, reason: 'invalid' };
    const aud = payload.aud;
    if (aud !== undefined && aud !== this.options.audience) return { ok: false, reason: 'invalid' };
    const exp = numericClaim(payload, 'exp');
    const nbf = numericClaim(payload, 'nbf') ?? numericClaim(payload, 'iat') ?? 0;
    const clientId = payload.client_id ?? payload.sub;
    if (exp === null || typeof clientId !== 'string') return { ok: false, reason: 'malformed' };
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    const scopes = new Set(
      scope
        .split(' ')
        .filter((s) => s.length > 0)
        .map((s) => s.toLowerCase()),
    );
    return { clientId, scopes, expMs: exp * 1000, nbfMs: nbf * 1000 };
  }
}
