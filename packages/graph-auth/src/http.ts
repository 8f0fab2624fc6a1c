// One HTTP attempt loop for the token endpoint and both APIs: a per-attempt timeout combined with the caller's
// signal, the body read inside that timeout, and retries of network errors, timeouts, 429 and 5xx.
import { type Clock, systemClock } from './clock.js';
import { GraphError, GraphNetworkError, GraphTimeoutError } from './errors.js';
import {
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  type RetryOptions,
  resolveRetry,
} from './retry.js';

/** The transport settings every request is sent with. */
export interface HttpPolicy {
  /** The `fetch` to call. */
  fetch: typeof globalThis.fetch;
  /** The clock for timeouts and backoff. */
  clock: Clock;
  /** The retry policy. */
  retry: RetryOptions;
  /** The per-attempt timeout, in ms, covering the headers and the whole body. */
  timeoutMs: number;
  /** The random source of the jitter, in [0, 1). */
  random: () => number;
}

/** Settings a caller may override; the rest take defaults. */
export interface HttpPolicyOptions {
  /** Custom `fetch` (tests, proxies, instrumentation). Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Custom clock (tests). Default: the system clock. */
  clock?: Clock;
  /** Retry settings; see `RetryOptions`. */
  retry?: Partial<RetryOptions>;
  /** Per-attempt timeout in ms. Default 30000. */
  timeoutMs?: number;
  /** Jitter source (tests). Default `Math.random`. */
  random?: () => number;
}

/** The default per-attempt timeout: 30 s. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Resolves the defaults of an `HttpPolicyOptions`. */
export function resolvePolicy(options: HttpPolicyOptions = {}): HttpPolicy {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError('timeoutMs must be > 0');
  return {
    // Looked up at call time so that tests and instrumentation that patch globalThis.fetch are honoured.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock: options.clock ?? systemClock,
    retry: resolveRetry(options.retry),
    timeoutMs,
    random: options.random ?? Math.random,
  };
}

/**
 * Sends a request built by `build` (called again for every attempt, so a request can carry a fresh token or
 * assertion) and returns the last response with its body fully read. Network errors, timeouts, 429 and 5xx are
 * retried within the policy; a non-retryable or last answer is returned as is, so the caller decides what an
 * error status means. An abort of `signal` rejects with the signal's reason at once.
 */
export async function sendWithPolicy(
  build: (signal: AbortSignal) => Request | Promise<Request>,
  policy: HttpPolicy,
  signal?: AbortSignal,
): Promise<Response> {
  const { retry, clock } = policy;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    let delayMs: number;
    try {
      const response = await attemptOnce(build, policy, signal);
      if (!isRetryableStatus(response.status) || attempt >= retry.maxAttempts) return response;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), clock.now());
      // A server that asks for a longer pause than we allow gets its answer back rather than a retry too early.
      if (retryAfter !== undefined && retryAfter > retry.maxRetryAfterMs) return response;
      delayMs = retryAfter ?? backoffDelay(attempt - 1, retry, policy.random);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const transient = error instanceof GraphNetworkError || error instanceof GraphTimeoutError;
      if (!transient || attempt >= retry.maxAttempts) throw error;
      delayMs = backoffDelay(attempt - 1, retry, policy.random);
    }
    await clock.sleep(delayMs, signal);
  }
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/**
 * A response whose (text) body was read already. The APIs speak JSON, so the body is kept as the decoded text
 * and served from memory: re-wrapping it in a stream for `new Response(body)` and decoding it a second time
 * cost about 8% of a large listing in the benchmark.
 */
class BufferedResponse extends Response {
  readonly #text: string | null;
  readonly #init: { status: number; statusText: string; headers: Headers };

  constructor(text: string | null, source: { status: number; statusText: string; headers: Headers }) {
    const init = { status: source.status, statusText: source.statusText, headers: source.headers };
    super(null, init);
    this.#text = text;
    this.#init = init;
    // `body` is an accessor of Response.prototype; an own property serves the stream form for callers that want it.
    Object.defineProperty(this, 'body', {
      get: () => (text === null ? null : new Blob([text]).stream()),
    });
  }

  override text(): Promise<string> {
    return Promise.resolve(this.#text ?? '');
  }

  override json(): Promise<unknown> {
    const text = this.#text ?? '';
    return new Promise((resolve) => resolve(JSON.parse(text)));
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(new TextEncoder().encode(this.#text ?? '').buffer as ArrayBuffer);
  }

  override blob(): Promise<Blob> {
    return Promise.resolve(new Blob([this.#text ?? ''], { type: this.headers.get('content-type') ?? '' }));
  }

  override clone(): Response {
    return new BufferedResponse(this.#text, this.#init);
  }
}

async function attemptOnce(
  build: (signal: AbortSignal) => Request | Promise<Request>,
  policy: HttpPolicy,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const controller = new AbortController();
  let timedOut = false;
  let origin = 'the server';
  const cancelTimer = policy.clock.setTimer(() => {
    timedOut = true;
    controller.abort(new GraphTimeoutError(origin, policy.timeoutMs));
  }, policy.timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  // A hand-made combination rather than AbortSignal.any: it is removed after each attempt, so a long-lived caller
  // signal does not collect one dependant per request.
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const request = await build(controller.signal);
    origin = new URL(request.url).origin;
    const response = await untilAborted(policy.fetch(request), controller.signal);
    // Reading the body inside the timeout means a stalled body is a timeout too, and a broken one is retried.
    const text = NULL_BODY_STATUS.has(response.status)
      ? null
      : await untilAborted(response.text(), controller.signal);
    return new BufferedResponse(text, response);
  } catch (error) {
    if (timedOut) throw new GraphTimeoutError(origin, policy.timeoutMs);
    if (signal?.aborted) throw signal.reason;
    if (error instanceof GraphError) throw error;
    throw new GraphNetworkError(origin, error);
  } finally {
    cancelTimer();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (for fetches that ignore it). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The abandoned promise may still reject later; that must not surface as an unhandled rejection.
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
