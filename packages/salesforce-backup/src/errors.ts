// Salesforce's error body is the documented envelope (decision 13):
// { statusCode, message, errors: [{ code, field, message }], data: null, requestId, timestamp, traceId }.
import { type ErrorAnswer, GraphApiError, type GraphApiErrorInit } from '@jobwatch/graph-auth';
import type { ApiError } from './gen/client/index.js';

/** An error answer of the Salesforce jobs API, read from its envelope. */
export class SalesforceApiError extends GraphApiError {
  override name = 'SalesforceApiError';
  /** The envelope's `errors`, one per problem, each naming its field. */
  readonly errors: readonly ApiError[];
  /** The envelope's `timestamp`, if any. */
  readonly timestamp: string | undefined;

  /** Builds the error; prefer `parseSalesforceError`, which reads an answer. */
  constructor(init: GraphApiErrorInit & { errors?: readonly ApiError[]; timestamp?: string | undefined }) {
    super(init);
    this.errors = init.errors ?? [];
    this.timestamp = init.timestamp;
  }
}

/** Reads a Salesforce error answer; a body that is not the envelope (a proxy's HTML page) still gives an error. */
export function parseSalesforceError(answer: ErrorAnswer): SalesforceApiError {
  const body = isRecord(answer.json) ? answer.json : {};
  const errors = Array.isArray(body.errors) ? body.errors.filter(isApiError) : [];
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    if (!error.field) continue;
    const messages = fields[error.field] ?? [];
    messages.push(error.message);
    fields[error.field] = messages;
  }
  const message = typeof body.message === 'string' && body.message ? body.message : undefined;
  const detail = errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
  return new SalesforceApiError({
    status: answer.status,
    code: errors[0]?.code ?? answer.defaultCode,
    message:
      `Salesforce jobs API: HTTP ${answer.status} ${message ?? answer.defaultCode}` +
      (detail && detail !== message ? ` (${detail})` : '') +
      (answer.requestId ? ` [request-id ${answer.requestId}]` : ''),
    fields,
    requestId: answer.requestId ?? (typeof body.requestId === 'string' ? body.requestId : undefined),
    traceId: typeof body.traceId === 'string' ? body.traceId : undefined,
    retryAfterMs: answer.retryAfterMs,
    errors,
    timestamp: typeof body.timestamp === 'string' ? body.timestamp : undefined,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isApiError(value: unknown): value is ApiError {
  return isRecord(value) && typeof value.code === 'string' && typeof value.message === 'string';
}
