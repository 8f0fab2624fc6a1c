// One error hierarchy for both APIs. Every class is safe to log: messages are built from status codes, error codes
// and server messages that have passed through `redact`, never from credentials or tokens.
import { redact } from './redact.js';

/** Base class of every error thrown by the AvePoint Graph clients. */
export class GraphError extends Error {
  override name = 'GraphError';
}

/** The server could not be reached, or the connection broke before a whole response arrived. */
export class GraphNetworkError extends GraphError {
  override name = 'GraphNetworkError';
  /** The origin that could not be reached, such as `http://127.0.0.1:4010`. */
  readonly origin: string;
  /** The system error code when there is one, such as `ECONNREFUSED` or `ENOTFOUND`. */
  readonly code: string | undefined;

  /** Wraps a failure of `fetch`; `cause` is kept for debugging and carries no request headers. */
  constructor(origin: string, cause: unknown) {
    const code = systemErrorCode(cause);
    const reason = code ?? innermostMessage(cause);
    super(`Cannot reach ${origin}${reason ? ` (${reason})` : ''}`, { cause });
    this.origin = origin;
    this.code = code;
  }
}

/** A single attempt took longer than the per-request timeout. */
export class GraphTimeoutError extends GraphError {
  override name = 'GraphTimeoutError';
  /** The per-request timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  /** The origin that did not answer in time. */
  readonly origin: string;

  /** Describes a timed-out request by its origin only (the query is not needed and the path is fixed). */
  constructor(origin: string, timeoutMs: number) {
    super(`No response from ${origin} within ${timeoutMs} ms`);
    this.origin = origin;
    this.timeoutMs = timeoutMs;
  }
}

/** The credentials given to a token provider cannot be used (an unreadable PEM, a key that does not match). */
export class CredentialsError extends GraphError {
  override name = 'CredentialsError';
}

/** The token endpoint refused to issue a token (`invalid_client`, `invalid_scope`, …). */
export class TokenError extends GraphError {
  override name = 'TokenError';
  /** The HTTP status of the token endpoint's answer. */
  readonly status: number;
  /** The OAuth error code, such as `invalid_client`, when the endpoint sent one. */
  readonly error: string | undefined;
  /** The endpoint's description, with anything secret-looking removed. */
  readonly description: string | undefined;
  /** The `request-id` header of the answer, if any. */
  readonly requestId: string | undefined;

  /** Builds the error from the token endpoint's answer; `secrets` are scrubbed from the description. */
  constructor(init: {
    status: number;
    error?: string | undefined;
    description?: string | undefined;
    requestId?: string | undefined;
    secrets?: readonly (string | undefined)[];
  }) {
    const description = init.description === undefined ? undefined : redact(init.description, init.secrets);
    super(
      `The token endpoint refused to issue a token: HTTP ${init.status}` +
        (init.error ? ` ${init.error}` : '') +
        (description ? ` (${description})` : ''),
    );
    this.status = init.status;
    this.error = init.error;
    this.description = description;
    this.requestId = init.requestId;
  }
}

/** What every API error carries, whatever the API's error body looks like. */
export interface GraphApiErrorInit {
  /** The HTTP status code. */
  status: number;
  /** A machine-readable code: the API's own (e.g. `InvalidParameter`) or derived from the status. */
  code: string;
  /** A human-readable summary (already redacted by the caller or by `GraphApiError`). */
  message: string;
  /** The offending parameters and what is wrong with each. */
  fields?: Readonly<Record<string, readonly string[]>>;
  /** The request id (`request-id` header or the body's `requestId`), for the vendor's support. */
  requestId?: string | undefined;
  /** The W3C trace id of the request, if the API sent one. */
  traceId?: string | undefined;
  /** For a 429, how long the server asked the client to wait, in milliseconds. */
  retryAfterMs?: number | undefined;
}

/** An HTTP error answer from an API. Each API has a subclass that knows its error body. */
export class GraphApiError extends GraphError {
  override name = 'GraphApiError';
  /** The HTTP status code. */
  readonly status: number;
  /** A machine-readable error code. */
  readonly code: string;
  /** The offending parameters, each with its messages; empty when no single parameter is at fault. */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  /** The request id to quote to the vendor's support. */
  readonly requestId: string | undefined;
  /** The W3C trace id, if any. */
  readonly traceId: string | undefined;
  /** For a 429 (or 503), the server's `Retry-After`, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  /** Builds an API error; the message is scrubbed of anything that looks like a token. */
  constructor(init: GraphApiErrorInit) {
    super(redact(init.message));
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? {};
    this.requestId = init.requestId;
    this.traceId = init.traceId;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** A listing cannot continue safely, e.g. a `nextLink` that points at another origin. */
export class PagingError extends GraphError {
  override name = 'PagingError';
}

/** The default machine-readable code for an HTTP status that came without one. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 429:
      return 'TooManyRequests';
    default:
      return status >= 500 ? 'ServerError' : `Http${status}`;
  }
}

function systemErrorCode(error: unknown): string | undefined {
  // undici reports `TypeError: fetch failed` with the system error (ECONNREFUSED, …) as its cause.
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function innermostMessage(error: unknown): string | undefined {
  // undici's own reasons ("bad port", "other side closed") sit in the innermost cause; "fetch failed" says nothing.
  let message: string | undefined;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    message = e.message;
    e = e.cause;
  }
  return message === 'fetch failed' ? undefined : message?.split('\n')[0]?.slice(0, 120);
}
