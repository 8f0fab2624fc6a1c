// Client assertions (RFC 7523 client authentication, as the vendor's docs describe its certificate flow; decision
// 0009; the choices here are decision 0012): an
// RS256 JWT signed with the client's certificate key, iss = sub = client id, aud = one of this server's token URLs,
// a fresh jti, and exp (nbf and iat optional). Verified with jose, which also refuses a `crit` header it does not
// understand, non-numeric dates and a wrong algorithm. Every failure is `invalid_client`, and no message echoes
// the assertion.
//
// Replays: each verified (client, jti) is remembered until the assertion expires. The table is per client and
// bounded per client, so a client that floods it (only a holder of that client's private key can add entries)
// locks out only itself, never the other certificate clients; entries are dropped as soon as they expire.
import { errors, jwtVerify } from 'jose';
import { OAuthError } from '../errors.js';
import type { RegisteredClient } from './clients.js';
import { hasCanonicalSignature } from './compact.js';
import { CLOCK_SKEW_SECONDS } from './tokens.js';

export const ASSERTION_TYPE_JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** An assertion may live at most this long (exp seconds ahead of now): bounds each replay entry's life too. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
/** Unexpired assertions remembered per client; beyond it that client is refused until some expire. */
export const REPLAY_LIMIT_PER_CLIENT = 10_000;

function invalid(why: string): OAuthError {
  return new OAuthError('invalid_client', `The client assertion is not valid: ${why}.`);
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the algorithm must be RS256';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the signature does not verify with the registered certificate';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return error.reason === 'check_failed' ? 'it is not valid yet (nbf)' : 'nbf must be a number';
      case 'iss':
      case 'sub':
        return 'iss and sub must be the client id';
      case 'aud':
        return "aud must be this server's token URL";
      default:
        return `the ${error.claim} claim is not valid`;
    }
  }
  if (error instanceof errors.JWSInvalid) return 'it is not a valid JWS (header, crit or encoding)';
  return 'it is not a compact JWS (header.payload.signature)';
}

export interface AssertionVerifierOptions {
  /** Wall clock in ms (tests move it). */
  clock: () => number;
  /** Default REPLAY_LIMIT_PER_CLIENT (tests lower it). */
  replayLimitPerClient?: number;
}

export class AssertionVerifier {
  /** clientId → (jti → the instant, ms, after which the assertion is expired anyway). */
  private readonly seen = new Map<string, Map<string, number>>();
  private readonly clock: () => number;
  private readonly replayLimit: number;

  constructor(options: AssertionVerifierOptions) {
    this.clock = options.clock;
    this.replayLimit = options.replayLimitPerClient ?? REPLAY_LIMIT_PER_CLIENT;
  }

  /** Verifies the assertion for the client, or rejects with OAuthError('invalid_client'). */
  async verify(client: RegisteredClient, assertion: string, audiences: readonly string[]): Promise<void> {
    if (client.publicKey === null) throw invalid('this client has no certificate registered');
    const key = await client.publicKey();
    const now = this.clock();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(assertion, key, {
        algorithms: ['RS256'],
        issuer: client.clientId,
        subject: client.clientId,
        audience: [...audiences],
        requiredClaims: ['exp', 'jti'],
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: new Date(now),
      }));
    } catch (error) {
      throw invalid(reasonOf(error));
    }
    if (!hasCanonicalSignature(assertion))
      throw invalid('the signature does not verify with the registered certificate');
    const exp = payload.exp as number;
    if (exp * 1000 - now > MAX_ASSERTION_LIFETIME_SECONDS * 1000)
      throw invalid('exp is too far in the future');
    // jose checks iat only against a maximum age; an assertion issued in the future is refused here.
    if (typeof payload.iat === 'number' && payload.iat * 1000 > now + CLOCK_SKEW_SECONDS * 1000)
      throw invalid('iat is in the future');
    const jti = payload.jti;
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > 200)
      throw invalid('jti must be a non-empty string');
    this.remember(client.clientId, jti, (exp + CLOCK_SKEW_SECONDS) * 1000, now);
  }

  private remember(clientId: string, jti: string, keepUntil: number, now: number): void {
    let seen = this.seen.get(clientId);
    if (seen === undefined) {
      seen = new Map();
      this.seen.set(clientId, seen);
    }
    const previous = seen.get(jti);
    if (previous !== undefined && previous > now) throw invalid('its jti was already used');
    if (seen.size >= this.replayLimit) {
      for (const [key, until] of seen) if (until <= now) seen.delete(key);
      if (seen.size >= this.replayLimit)
        throw invalid('this client has too many unexpired assertions; try again later');
    }
    seen.set(jti, keepUntil);
  }
}
