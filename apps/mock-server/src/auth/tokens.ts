// Access tokens: HS256 JWTs, signed and verified with jose, whose key is derived from the dataset seed and a fixed
// label (or from an explicit `tokenSecret`). Replicas started with the same options therefore accept each other's
// tokens with no shared state, which is what a mock behind a load balancer needs. The seed is public (/healthz),
// so the key is predictable on purpose; what keeps a forged token out is everything else a token must be:
//
// - signed HS256 with that key, in the canonical spelling (compact.ts), by this issuer, for this audience;
// - issued to a client registered in this process, and only for scopes that client holds (a replica started
//   with the same options has the same clients);
// - fresh: `iat` not in the future, `nbf` passed, `exp` not passed, and `exp - iat` at most the one hour the
//   vendor's tokens last (its docs on authentication: "Tokens last one hour"; decision 0012), so a ten-year token
//   is refused however it is signed.
//
// Verification is on every API request, so a verified token is cached by its exact text with its claims; a
// cached hit costs one Map lookup and two comparisons (exp, nbf) and stays synchronous. Only valid tokens are
// cached; a miss is verified by jose (asynchronously).
import { errors, jwtVerify, SignJWT } from 'jose';
import { hasCanonicalSignature } from './compact.js';
import { hmacSha256, randomId } from './digests.js';

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
/** Tolerated clock skew for iat/nbf/exp between replicas, seconds. */
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
  /**
   * The scopes (lower-cased) a registered client holds, or undefined for a client this process does not know.
   * A token is refused for an unknown client, and keeps only the scopes its client still holds.
   */
  clientScopes: (clientId: string) => ReadonlySet<string> | undefined;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
}

export type TokenFailure = 'malformed' | 'invalid' | 'expired' | 'not-yet-valid';

export type TokenCheck =
  | { ok: true; clientId: string; scopes: ReadonlySet<string> }
  | { ok: false; reason: TokenFailure };

interface CachedToken {
  clientId: string;
  /** Lower-cased scope names. */
  scopes: ReadonlySet<string>;
  expMs: number;
  nbfMs: number;
}

/** The signing key of access tokens: HMAC(label, seed) unless a secret is given. */
export function deriveTokenKey(seed: number, tokenSecret?: string): Uint8Array {
  return hmacSha256('jobwatch-mock/access-token/v1', tokenSecret ?? `seed:${seed}`);
}

const fail = (reason: TokenFailure): TokenCheck => ({ ok: false, reason });

export class TokenService {
  private readonly key: Uint8Array;
  private readonly cache = new Map<string, CachedToken>();

  constructor(private readonly options: TokenServiceOptions) {
    this.key = deriveTokenKey(options.seed, options.tokenSecret);
  }

  async issue(clientId: string, scopes: readonly string[]): Promise<IssuedToken> {
    const now = Math.floor(this.options.clock() / 1000);
    const scope = scopes.join(' ');
    const accessToken = await new SignJWT({ client_id: clientId, scope })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(clientId)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ACCESS_TOKEN_TTL_SECONDS)
      .setJti(randomId())
      .sign(this.key);
    return { accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, scope };
  }

  /** Synchronous for a token verified before (the hot path); a Promise for a token seen the first time. */
  verify(token: string): TokenCheck | Promise<TokenCheck> {
    const entry = this.cache.get(token);
    return entry === undefined ? this.verifyUncached(token) : this.fresh(entry);
  }

  private fresh(entry: CachedToken): TokenCheck {
    const now = this.options.clock();
    if (now >= entry.expMs + CLOCK_SKEW_SECONDS * 1000) return fail('expired');
    if (now < entry.nbfMs - CLOCK_SKEW_SECONDS * 1000) return fail('not-yet-valid');
    return { ok: true, clientId: entry.clientId, scopes: entry.scopes };
  }

  private async verifyUncached(token: string): Promise<TokenCheck> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['exp', 'iat', 'sub'],
        // iat at most this old, and not in the future beyond the skew.
        maxTokenAge: ACCESS_TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS,
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: new Date(this.options.clock()),
      }));
    } catch (error) {
      return fail(failureOf(error));
    }
    if (!hasCanonicalSignature(token)) return fail('invalid');
    const exp = payload.exp as number;
    const iat = payload.iat as number;
    if (exp - iat > ACCESS_TOKEN_TTL_SECONDS) return fail('invalid');
    const clientId = payload.client_id ?? payload.sub;
    if (typeof clientId !== 'string' || clientId !== payload.sub) return fail('invalid');
    const held = this.options.clientScopes(clientId);
    if (held === undefined) return fail('invalid');
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    const scopes = new Set(
      scope
        .split(' ')
        .map((s) => s.toLowerCase())
        .filter((s) => s.length > 0 && held.has(s)),
    );
    const nbf = typeof payload.nbf === 'number' ? payload.nbf : iat;
    const entry: CachedToken = { clientId, scopes, expMs: exp * 1000, nbfMs: nbf * 1000 };
    if (this.cache.size >= CACHE_LIMIT) {
      // Evict the oldest insertion: bounded memory whatever the traffic.
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(token, entry);
    return this.fresh(entry);
  }
}

function failureOf(error: unknown): TokenFailure {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') return 'not-yet-valid';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed';
  return 'invalid';
}
