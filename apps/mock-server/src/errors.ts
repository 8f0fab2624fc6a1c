// The one error registry of the mock server (modelled on fastify's lib/errors.js): every error the server can
// answer is declared here once, with its HTTP status and its message. Routes throw or build these; nothing
// else invents a status code or a message. API errors are rendered by the engine profile (Salesforce envelope
// or Dynamics problem+json); OAuth errors by the token route (RFC 6749 JSON).
import type { ParamProblem } from '@jobwatch/jobs-engine';

/** API error codes (the `code` of a ParamProblem) with their HTTP status. */
export const apiErrorStatus = {
  MissingParameter: 400,
  InvalidParameter: 400,
  DuplicateParameter: 400,
  InvalidRange: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  RequestTimeout: 408,
  UriTooLong: 414,
  ExpectationFailed: 417,
  TooManyRequests: 429,
  InternalError: 500,
  BadGateway: 502,
  ServiceUnavailable: 503,
  GatewayTimeout: 504,
} as const;

export type ApiErrorCode = keyof typeof apiErrorStatus;

/** Messages never echo a query value, a header value, a secret or a token: only names and expectations. */
export const apiMessages = {
  missing: (field: string) => `The ${field} parameter is required.`,
  invalid: (field: string, expectation: string) => `The value of ${field} must be ${expectation}.`,
  badEncoding: (field: string) => `The value of ${field} is not valid percent-encoded UTF-8.`,
  duplicate: (field: string) =>
    `The ${field} parameter must be given at most once (names are case-insensitive).`,
  aliasConflict: (alias: string, field: string) =>
    `Give either ${field} or its deprecated alias ${alias}, not both.`,
  tokenMissing: () => 'A bearer token is required.',
  tokenMalformed: () => 'The Authorization header must be "Bearer <token>" with a well-formed JWT.',
  tokenInvalid: () =>
    'The bearer token is not valid (bad signature, wrong issuer or audience, unknown client, or a lifetime over one hour).',
  tokenExpired: () => 'The bearer token has expired.',
  tokenNotYetValid: () => 'The bearer token is not valid yet.',
  forbidden: (scope: string) => `The bearer token lacks the ${scope} scope.`,
  notFound: (method: string) => `No ${method} route matches this path.`,
  methodNotAllowed: (method: string, allow: readonly string[]) =>
    `The method ${method.slice(0, 20)} is not allowed here; use ${allow.join(' or ')}.`,
  hostMissing: () => 'An HTTP/1.1 request needs a Host header.',
  requestTimeout: (what: 'headers' | 'request', ms: number) =>
    `The ${what === 'headers' ? 'request headers were' : 'request was'} not received within ${ms} ms.`,
  expectationFailed: () => 'The Expect header is not supported; only 100-continue is.',
  connectNotAllowed: () => 'CONNECT is not supported: this is an origin server, not a proxy.',
  uriTooLong: (limit: number) => `The request URI is longer than ${limit} bytes.`,
  nextLinkTooLong: (length: number, limit: number) =>
    `The nextLink of this page would be a ${length}-byte request URI, over the ${limit}-byte limit, so it could not be followed; shorten the query.`,
  injected: (status: number) => `Injected fault: status ${status} was requested with the Prefer header.`,
  badPrefer: (detail: string) => `The Prefer header is not valid: ${detail}.`,
  internal: () => 'An unexpected error occurred.',
} as const;

/** A ParamProblem, built from the registry. */
export function problem(code: ApiErrorCode, field: string | null, message: string): ParamProblem {
  return { code, field, message };
}

/** An API error: a status and one or more problems, rendered in the API's documented shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly problems: readonly ParamProblem[];
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, problems: readonly ParamProblem[], headers: Record<string, string> = {}) {
    super(problems[0]?.message ?? 'API error');
    this.name = 'ApiError';
    this.status = status;
    this.problems = problems;
    this.headers = headers;
  }

  static of(code: ApiErrorCode, field: string | null, message: string, headers?: Record<string, string>) {
    return new ApiError(apiErrorStatus[code], [problem(code, field, message)], headers);
  }

  /** The 405 of a path whose routes take other methods, with its Allow header. */
  static methodNotAllowed(method: string, allow: readonly string[]): ApiError {
    return ApiError.of('MethodNotAllowed', null, apiMessages.methodNotAllowed(method, allow), {
      allow: allow.join(', '),
    });
  }

  /** The 414 of a request target over the limit. */
  static uriTooLong(limit: number): ApiError {
    return ApiError.of('UriTooLong', null, apiMessages.uriTooLong(limit));
  }
}

/** RFC 6749 §5.2 error codes with their HTTP status (invalid_client is 401). */
export const oauthErrorStatus = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
} as const;

export type OAuthErrorCode = keyof typeof oauthErrorStatus;

/** An OAuth error: rendered as `{"error": code, "error_description": …}` by the token route. */
export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  readonly status: number;
  constructor(code: OAuthErrorCode, description: string, status?: number) {
    super(description);
    this.name = 'OAuthError';
    this.code = code;
    this.status = status ?? oauthErrorStatus[code];
  }
}

/** Errors in options, flags and files: the CLI prints the message on one line and exits 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
