// The API routes' guard (decision 4): a missing, malformed, badly signed, expired or not-yet-valid token, one
// from another issuer or audience, or one for a client this process does not know, is 401; a valid token without the endpoint's scope is 403. Challenges follow RFC 6750.
import { ApiError, apiMessages } from '../errors.js';
import type { TokenCheck, TokenService } from './tokens.js';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

function unauthorized(message: string, error?: string): ApiError {
  const challenge = error === undefined ? 'Bearer' : `Bearer error="${error}"`;
  return ApiError.of('Unauthorized', 'Authorization', message, { 'www-authenticate': challenge });
}

/** The last header read and its token: a client sends the same header on every request. */
let lastHeader = '';
let lastToken: string | null = null;

/**
 * The token of an `Authorization: Bearer <token>` header, or null when the header is not one. Remembers the last
 * header (a pure function of its text): a repeat costs one string comparison instead of the pattern over ~300
 * characters, and hands back the same token string, whose hash V8 has kept, to the verified-token lookup.
 */
export function bearerToken(authorization: string): string | null {
  if (authorization !== lastHeader) {
    lastToken = BEARER.exec(authorization)?.[1] ?? null;
    lastHeader = authorization;
  }
  return lastToken;
}

/**
 * Returns null when the request may proceed, else the error to answer. Synchronous for a token verified before
 * (the hot path), a Promise for a token seen the first time.
 */
export function checkBearer(
  tokens: TokenService,
  authorization: string | undefined,
  scope: string,
  scopeLower: string,
): ApiError | null | Promise<ApiError | null> {
  if (authorization === undefined || authorization === '') return unauthorized(apiMessages.tokenMissing());
  const token = bearerToken(authorization);
  if (token === null) return unauthorized(apiMessages.tokenMalformed(), 'invalid_request');
  const check = tokens.verify(token);
  return check instanceof Promise
    ? check.then((c) => judge(c, scope, scopeLower))
    : judge(check, scope, scopeLower);
}

function judge(check: TokenCheck, scope: string, scopeLower: string): ApiError | null {
  if (!check.ok) {
    switch (check.reason) {
      case 'malformed':
        return unauthorized(apiMessages.tokenMalformed(), 'invalid_token');
      case 'expired':
        return unauthorized(apiMessages.tokenExpired(), 'invalid_token');
      case 'not-yet-valid':
        return unauthorized(apiMessages.tokenNotYetValid(), 'invalid_token');
      default:
        return unauthorized(apiMessages.tokenInvalid(), 'invalid_token');
    }
  }
  if (!check.scopes.has(scopeLower)) {
    return ApiError.of('Forbidden', 'Authorization', apiMessages.forbidden(scope), {
      'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"`,
    });
  }
  return null;
}
