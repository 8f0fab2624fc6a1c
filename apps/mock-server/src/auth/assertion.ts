// Client assertions (RFC 7523 client authentication, as the vendor's docs describe its certificate flow; decision
// 0009): an RS256 JWT signed with the client's certificate key, iss = sub = client id, aud = the token URL, a fresh
// jti, and exp (nbf optional). Every failure is `invalid_client`, and no message echoes the assertion.
import { OAuthError } from '../errors.js';
import type { RegisteredClient } from './clients.js';
import { decodeJwt, numericClaim, verifyRs256 } from './jwt.js';
import { CLOCK_SKEW_SECONDS } from './tokens.js';

export const ASSERTION_TYPE_JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** An assertion may live at most this long (seconds ahead of now); bounds the replay memory too. */
const MAX_ASSERTION_LIFETIME_SECONDS = 24 * 3600;
const REPLAY_LIMIT = 100_000;

function invalid(why: string): OAuthError {
  return new OAuthError('invalid_client', `The client assertion is not valid: ${why}.`);
}

export class AssertionVerifier {
  /** `clientId \n jti` → the instant (ms) after which the assertion is expired anyway. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly clock: () => number) {}

  /** Verifies the assertion for the client, or throws OAuthError('invalid_client'). */
  verify(client: RegisteredClient, assertion: string, audiences: readonly string[]): void {
    if (client.publicKey === null) throw invalid('this client has no certificate registered');
    const jwt = decodeJwt(assertion);
    if (jwt === null) throw invalid('it is not a compact JWS (header.payload.signature)');
    if (jwt.header.alg !== 'RS256') throw invalid('the algorithm must be RS256');
    if (!verifyRs256(client.publicKey, jwt))
      throw invalid('the signature does not verify with the registered certificate');
    const { payload } = jwt;
    if (payload.iss !== client.clientId || payload.sub !== client.clientId)
      throw invalid('iss and sub must be the client id');
    const aud = payload.aud;
    const auds = Array.isArray(aud) ? aud : [aud];
    if (!auds.some((a) => typeof a === 'string' && audiences.includes(a.replace(/\/$/, '')))) {
      throw invalid('aud must be the token URL');
    }
    const now = this.clock();
    const exp = numericClaim(payload, 'exp');
    if (exp === null) throw invalid('exp is required');
    if (now >= (exp + CLOCK_SKEW_SECONDS) * 1000) throw invalid('it has expired');
    if (exp * 1000 - now > MAX_ASSERTION_LIFETIME_SECONDS * 1000)
      throw invalid('exp is too far in the future');
    const nbf = numericClaim(payload, 'nbf');
    if (nbf !== null && now < (nbf - CLOCK_SKEW_SECONDS) * 1000) throw invalid('it is not valid yet (nbf)');
    const jti = payload.jti;
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > 200)
      throw invalid('jti must be a non-empty string');
    this.remember(`${client.clientId}\n${jti as string}`, (exp + CLOCK_SKEW_SECONDS) * 1000, now);
  }

  private remember(key: string, keepUntil: number, now: number): void {
    const previous = this.seen.get(key);
    if (previous !== undefined && previous > now) throw invalid('its jti was already used');
    if (this.seen.size >= REPLAY_LIMIT) {
      for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k);
      if (this.seen.size >= REPLAY_LIMIT) throw invalid('too many unexpired assertions; try again later');
    }
    this.seen.set(key, keepUntil);
  }
}
