// Dynamics 365 errors are RFC 9457 problem details (decision 25):
// { type, title, status, detail?, traceId, errors?: { <parameter>: [messages] } }.
import { type ErrorAnswer, GraphApiError, type GraphApiErrorInit } from '@jobwatch/graph-auth';

/** An error answer of the Dynamics 365 jobs API, read from its problem details. */
export class DynamicsApiError extends GraphApiError {
  override name = 'DynamicsApiError';
  /** The problem type URI (`type`), if any. */
  readonly type: string | undefined;
  /** The short, human-readable summary (`title`). */
  readonly title: string | undefined;
  /** The explanation specific to this request (`detail`), if any. */
  readonly detail: string | undefined;

  /** Builds the error; prefer `parseDynamicsError`, which reads an answer. */
  constructor(
    init: GraphApiErrorInit & {
      type?: string | undefined;
      title?: string | undefined;
      detail?: string | undefined;
    },
  ) {
    super(init);
    this.type = init.type;
    this.title = init.title;
    this.detail = init.detail;
  }
}

/** Reads a Dynamics problem-details answer; any other body (a proxy's HTML page) still gives an error. */
export function parseDynamicsError(answer: ErrorAnswer): DynamicsApiError {
  const body = isRecord(answer.json) ? answer.json : {};
  const title = str(body.title);
  const detail = str(body.detail);
  const type = str(body.type);
  const fields: Record<string, string[]> = {};
  if (isRecord(body.errors)) {
    for (const [field, messages] of Object.entries(body.errors)) {
      if (Array.isArray(messages)) fields[field] = messages.filter((m): m is string => typeof m === 'string');
    }
  }
  const fieldText = Object.entries(fields)
    .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
    .join('; ');
  // Validation problems repeat each field's message in `detail`; the per-field list reads better alone.
  const summary = [title, fieldText ? undefined : detail].filter(Boolean).join(': ') || answer.defaultCode;
  return new DynamicsApiError({
    status: answer.status,
    code: str(body.code) ?? codeFromType(type) ?? answer.defaultCode,
    message:
      `Dynamics 365 jobs API: HTTP ${answer.status} ${summary}` +
      (fieldText ? ` (${fieldText})` : '') +
      (answer.requestId ? ` [request-id ${answer.requestId}]` : ''),
    fields,
    requestId: answer.requestId,
    traceId: str(body.traceId),
    retryAfterMs: answer.retryAfterMs,
    type,
    title,
    detail,
  });
}

/** A problem type such as `https://…/problems/InvalidParameter` names the code in its last segment. */
function codeFromType(type: string | undefined): string | undefined {
  if (!type || type === 'about:blank') return undefined;
  const last = type.split(/[/#]/).filter(Boolean).pop();
  return last && /^[A-Za-z][A-Za-z0-9]*$/.test(last) ? last : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
