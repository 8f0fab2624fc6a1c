// The one mechanism both clients use to talk to an API: a `fetch` that adds the bearer token, applies the
// retry policy, refreshes the token once on a 401, and turns an error answer into the API's typed error.
// Each API supplies only what differs: its scope and the parser of its error body.
import { type Environment, resolveTokenUrl } from './environments.js';
import { codeForStatus, type GraphApiError } from './errors.js';
import { type HttpPolicyOptions, resolvePolicy, sendWithPolicy } from './http.js';
import { redact } from './redact.js';
import { type ApiTarget, resolveBaseUrl } from './regions.js';
import { parseRetryAfter } from './retry.js';
import {
  type ClientCredentials,
  createTokenProvider,
  staticTokenProvider,
  type TokenProvider,
} from './token-provider.js';

/** An error answer as the per-API parser sees it. */
export interface ErrorAnswer {
  status: number;
  headers: Headers;
  /** The body text, already scrubbed of the token that was sent. */
  bodyText: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json: unknown;
  /** The `request-id` header. */
  requestId: string | undefined;
  /** `Retry-After` in ms, if the server sent one. */
  retryAfterMs: number | undefined;
  /** A default code for the status (`Unauthorized`, `TooManyRequests`, …). */
  defaultCode: string;
}

/** Turns an error answer into the API's own error class. */
export type ErrorParser = (answer: ErrorAnswer) => GraphApiError;

/** Options of `createAuthorizedFetch`. */
export interface AuthorizedFetchOptions extends HttpPolicyOptions {
  /** Where tokens come from. */
  tokenProvider: TokenProvider;
  /** The API's error parser. */
  parseError: ErrorParser;
}

/**
 * Wraps `fetch` for one API: each call gets `Authorization: Bearer <token>`, the retry policy and the
 * per-request timeout (combined with the request's own signal). A 401 drops the token, fetches a new one and
 * retries once. Any other error answer is thrown as the API's typed error; success returns a `Response` whose
 * body has already been read within the timeout.
 */
export function createAuthorizedFetch(options: AuthorizedFetchOptions): typeof globalThis.fetch {
  const policy = resolvePolicy(options);
  const { tokenProvider, parseError } = options;
  return async (input, init) => {
    // The generated client already passes a complete Request; building another one costs time on every page.
    const original = input instanceof Request && init === undefined ? input : new Request(input, init);
    const signal = original.signal;
    for (let refreshed = false; ; refreshed = true) {
      const token = await tokenProvider.getToken(signal);
      const response = await sendWithPolicy(
        (attemptSignal) => {
          const request = new Request(original, { signal: attemptSignal });
          request.headers.set('authorization', `Bearer ${token}`);
          return request;
        },
        policy,
        signal,
      );
      if (response.ok) return response;
      if (response.status === 401 && !refreshed && tokenProvider.refreshable) {
        // The token may have been revoked or expired early; one fresh token settles it, a second 401 is final.
        tokenProvider.invalidate(token);
        continue;
      }
      throw parseError(describeAnswer(response, redact(await response.text(), [token]), policy.clock.now()));
    }
  };
}

function describeAnswer(response: Response, bodyText: string, nowMs: number): ErrorAnswer {
  let json: unknown;
  try {
    json = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    headers: response.headers,
    bodyText,
    json,
    requestId: response.headers.get('request-id') ?? undefined,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), nowMs),
    defaultCode: codeForStatus(response.status),
  };
}

/**
 * App credentials plus where to exchange them. The token URL defaults from the region, or to
 * `<baseUrl>/connect/token` for a loopback base URL; any other base URL needs `tokenUrl` or `environment`.
 */
export type CredentialsOption = ClientCredentials & { tokenUrl?: string; environment?: Environment };

/** Exactly one way to authenticate: app credentials, a token provider of your own, or a fixed token. */
export type AuthOption =
  | { credentials: CredentialsOption; tokenProvider?: never; token?: never }
  | { tokenProvider: TokenProvider; credentials?: never; token?: never }
  | { token: string; credentials?: never; tokenProvider?: never };

/** What both clients accept besides the target: authentication, and transport settings. */
export type ApiClientOptions = AuthOption &
  HttpPolicyOptions & {
    /** Refresh tokens this many seconds before expiry (credentials only). Default 60. */
    refreshSkewSeconds?: number;
  };

/** What differs per API when wiring a client: the scope it needs and its error parser. */
export interface ApiProfile {
  scope: string;
  parseError: ErrorParser;
}

/** A ready transport for one API. */
export interface ApiTransport {
  /** The base URL, without a trailing slash. */
  baseUrl: string;
  /** The authorized, retrying `fetch` to hand to the generated client. */
  fetch: typeof globalThis.fetch;
  /** The token provider in use. */
  tokenProvider: TokenProvider;
}

/**
 * Resolves a target and client options into a transport: the base URL, a token provider (built from credentials
 * with the API's scope, or the one given), and the authorized fetch.
 */
export function createApiTransport(
  target: ApiTarget,
  options: ApiClientOptions,
  profile: ApiProfile,
): ApiTransport {
  const baseUrl = resolveBaseUrl(target);
  let tokenProvider: TokenProvider;
  if (options.tokenProvider) tokenProvider = options.tokenProvider;
  else if (options.token !== undefined) tokenProvider = staticTokenProvider(options.token);
  else if (options.credentials) {
    const { tokenUrl, environment, ...credentials } = options.credentials;
    tokenProvider = createTokenProvider(credentials as ClientCredentials, {
      ...pickPolicy(options),
      tokenUrl: resolveTokenUrl({ tokenUrl, environment, region: target.region, baseUrl }),
      scope: profile.scope,
      refreshSkewSeconds: options.refreshSkewSeconds,
    });
  } else {
    throw new TypeError('One of credentials, tokenProvider or token is required');
  }
  const fetch = createAuthorizedFetch({
    ...pickPolicy(options),
    tokenProvider,
    parseError: profile.parseError,
  });
  return { baseUrl, fetch, tokenProvider };
}

function pickPolicy(options: HttpPolicyOptions): HttpPolicyOptions {
  const { fetch, clock, retry, timeoutMs, random } = options;
  return { fetch, clock, retry, timeoutMs, random };
}
