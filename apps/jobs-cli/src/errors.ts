// Errors for people: every failure becomes one line on stderr and an exit code a script can test.
import {
  CredentialsError,
  GraphApiError,
  GraphError,
  GraphNetworkError,
  GraphTimeoutError,
  TokenError,
} from '@jobwatch/graph-auth';

/** Exit codes of `jobs`, documented in the README. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  unreachable: 3,
  unauthorized: 4,
  forbidden: 5,
} as const;

/** A mistake in the command line or the environment: a flag, a value, a file. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The single line to print for an error, and the exit code. */
export function describeError(error: unknown): { line: string; code: number } {
  if (error instanceof UsageError) return { line: `${error.message} (see jobs --help)`, code: EXIT.usage };
  if (isParseArgsError(error)) {
    // parseArgs adds advice about positionals after the first sentence; the first sentence is the point.
    const message = firstLine((error as Error).message).split('. ')[0] ?? '';
    return { line: `${message.replace(/^Unknown/, 'unknown')} (see jobs --help)`, code: EXIT.usage };
  }
  if (error instanceof GraphNetworkError) {
    return { line: error.message.replace(/^Cannot/, 'cannot'), code: EXIT.unreachable };
  }
  if (error instanceof GraphTimeoutError) {
    return { line: `${error.origin} did not answer within ${error.timeoutMs} ms`, code: EXIT.unreachable };
  }
  if (error instanceof TokenError) {
    if (error.error === 'invalid_scope') {
      return {
        line: `forbidden: ${error.description ?? 'the client is not granted the scope it needs'}`,
        code: EXIT.forbidden,
      };
    }
    const why =
      error.error === 'invalid_client'
        ? 'the client id or its secret/certificate was rejected'
        : error.message;
    return { line: `authentication failed: ${why} (HTTP ${error.status})`, code: EXIT.unauthorized };
  }
  if (error instanceof CredentialsError) return { line: `credentials: ${error.message}`, code: EXIT.usage };
  if (error instanceof GraphApiError) {
    const id = error.requestId ? ` [request-id ${error.requestId}]` : '';
    if (error.status === 401)
      return { line: `unauthorized: the API rejected the token (HTTP 401)${id}`, code: EXIT.unauthorized };
    if (error.status === 403) {
      return {
        line: `forbidden: the token lacks the scope this API needs (HTTP 403)${id}`,
        code: EXIT.forbidden,
      };
    }
    return { line: firstLine(error.message), code: EXIT.failure };
  }
  if (error instanceof GraphError) return { line: firstLine(error.message), code: EXIT.failure };
  if (error instanceof Error)
    return { line: `unexpected error: ${firstLine(error.message)}`, code: EXIT.failure };
  return { line: `unexpected error: ${String(error)}`, code: EXIT.failure };
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
