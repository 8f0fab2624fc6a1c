// Sending errors in the right shape: an API path gets its profile's documented shape (Salesforce envelope,
// Dynamics problem+json); any other path gets a plain RFC 9457 problem. Every response carries `request-id`.
import type { ApiProfile, ParamProblem, ResponseMeta } from '@jobwatch/jobs-engine';
import type { FastifyReply } from 'fastify';
import type { ApiError } from './errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  411: 'Length Required',
  413: 'Content Too Large',
  417: 'Expectation Failed',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A plain RFC 9457 body for paths that belong to no API (/docs, /healthz, unknown paths). */
export function genericProblem(
  status: number,
  problems: readonly ParamProblem[],
  meta: ResponseMeta,
): string {
  return JSON.stringify({
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail: problems[0]?.message ?? TITLES[status] ?? 'Error',
    traceId: meta.traceId,
    requestId: meta.requestId,
  });
}

/** Which API a request target belongs to: by the first path segment of each profile's path. */
/** The API a request target belongs to, or null (a plain problem body then). */
export type ProfileLookup = (url: string) => ApiProfile | null;

export function createProfileLookup(profiles: readonly ApiProfile[]): ProfileLookup {
  const prefixes = profiles.map((profile) => {
    const second = profile.path.indexOf('/', 1);
    return {
      prefix: (second === -1 ? profile.path : profile.path.slice(0, second + 1)).toLowerCase(),
      profile,
    };
  });
  return (url: string): ApiProfile | null => {
    const lower = url.slice(0, 64).toLowerCase();
    for (const { prefix, profile } of prefixes) {
      if (lower.startsWith(prefix) || lower === prefix.slice(0, -1)) return profile;
    }
    return null;
  };
}

/** The status, headers and body of an API error, in the shape of the path's API or a plain problem. */
export function renderApiError(
  profile: ApiProfile | null,
  error: ApiError,
  meta: ResponseMeta,
): { contentType: string; body: string } {
  if (profile === null) {
    return {
      contentType: 'application/problem+json; charset=utf-8',
      body: genericProblem(error.status, error.problems, meta),
    };
  }
  return {
    contentType: `${profile.errorContentType}; charset=utf-8`,
    body: profile.renderError(error.status, error.problems, meta),
  };
}

export function sendError(
  reply: FastifyReply,
  profile: ApiProfile | null,
  error: ApiError,
  meta: ResponseMeta,
): FastifyReply {
  reply.code(error.status);
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  reply.header('request-id', meta.requestId);
  const { contentType, body } = renderApiError(profile, error, meta);
  reply.header('content-type', contentType);
  return reply.send(body);
}
