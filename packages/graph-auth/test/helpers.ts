// Scripted fetches for the failure paths: each call takes the next step, and every request is recorded.
export type Step = (request: Request) => Response | Promise<Response>;

export function scriptedFetch(steps: Step[], fallback?: Step) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    const step = steps.shift() ?? fallback;
    if (!step) throw new Error(`unexpected request ${request.method} ${request.url}`);
    return step(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'request-id': `req-${status}`, ...headers },
  });
}

export function tokenAnswer(token: string, expiresIn = 3600): Response {
  return json(200, { token_type: 'Bearer', expires_in: expiresIn, access_token: token, scope: 's' });
}

/** A fetch that never answers, but rejects when the request's signal aborts (as real fetch does). */
export function hang(request: Request): Promise<Response> {
  return new Promise((_, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });
}

export function networkFailure(): never {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  });
}
