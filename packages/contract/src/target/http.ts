// The only way the suite talks to a target. It enforces what makes the suite safe against a live service:
// GET to the API origin and POST to the token URL only, a hard request budget, a client-side rate limit,
// bounded honouring of 429 + Retry-After, and redacted request descriptions.
import type { Redactor } from './redact.js';

export class BudgetExhaustedError extends Error {
  constructor(budget: number) {
    super(`budget exhausted: the run may send at most ${budget} requests (raise it with --budget)`);
    this.name = 'BudgetExhaustedError';
  }
}

/** How a request is shown in a report: method, redacted URL, and how it authenticated. */
export type RequestInfo = {
  method: 'GET' | 'POST';
  url: string;
  /** `Bearer <redacted>`, `none`, or another redacted description. */
  authorization: string;
};

export type Retry = { status: number; waitMs: number; retryAfter: string | null };

export type HttpResponse = {
  request: RequestInfo;
  status: number;
  headers: Record<string, string>;
  /** The media type without parameters, lower-case (`application/problem+json`). */
  contentType: string;
  text: string;
  /** The parsed body; undefined when the body is empty or not JSON (see parseError). */
  json: unknown;
  parseError?: string;
  retries: Retry[];
};

export type HttpOptions = {
  /** The API's origin; GETs go nowhere else. */
  baseUrl: string;
  /** The token endpoint; the only URL that gets a POST. */
  tokenUrl?: string;
  /** Hard limit on requests sent, retries and token requests included. */
  budget: number;
  /** Requests per second; 0 or Infinity = unthrottled. */
  ratePerSecond: number;
  /** Retries of one request after 429. */
  maxRetries?: number;
  /** A Retry-After longer than this is cut to it, so a hostile value cannot stall CI. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  redactor: Redactor;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class HttpClient {
  used = 0;
  readonly budget: number;
  /** Every 429 the run waited out, for the report. */
  readonly retryLog: (Retry & { url: string })[] = [];
  private nextSlot = 0;
  private readonly origin: string;

  constructor(private readonly options: HttpOptions) {
    this.budget = options.budget;
    this.origin = new URL(options.baseUrl).origin;
  }

  get remaining(): number {
    return Math.max(0, this.budget - this.used);
  }

  get redactor(): Redactor {
    return this.options.redactor;
  }

  /** Throws unless `count` more requests fit in the budget, so a check can refuse to start half-way. */
  reserve(count: number): void {
    if (this.used + count > this.budget) throw new BudgetExhaustedError(this.budget);
  }

  /** GET to the API origin. `authorization` undefined sends no Authorization header. */
  async get(url: string, authorization: string | undefined): Promise<HttpResponse> {
    if (new URL(url).origin !== this.origin) {
      throw new Error(`refusing to send a request outside the target origin ${this.origin}`);
    }
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (authorization !== undefined) headers.authorization = authorization;
    return this.send('GET', url, headers, undefined);
  }

  /** POST of a form to the token URL, and nowhere else. */
  async postForm(url: string, form: Record<string, string>): Promise<HttpResponse> {
    if (!this.options.tokenUrl || url !== this.options.tokenUrl) {
      throw new Error('refusing to POST anywhere but the token URL');
    }
    const body = new URLSearchParams(form).toString();
    return this.send(
      'POST',
      url,
      { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    );
  }

  describe(method: 'GET' | 'POST', url: string, authorization: string | undefined): RequestInfo {
    let auth = 'none';
    if (authorization !== undefined)
      auth = /^bearer /i.test(authorization) ? 'Bearer <redacted>' : '<redacted>';
    if (method === 'POST') auth = 'none (form body with credentials, redacted)';
    return { method, url: this.redactor.redactUrl(url), authorization: auth };
  }

  private async throttle(): Promise<void> {
    const rate = this.options.ratePerSecond;
    if (!rate || !Number.isFinite(rate)) return;
    const interval = 1000 / rate;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now) await sleep(slot - now);
  }

  private async send(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<HttpResponse> {
    const request = this.describe(method, url, headers.authorization);
    const retries: Retry[] = [];
    const maxRetries = this.options.maxRetries ?? 3;
    for (;;) {
      this.reserve(1);
      this.used += 1;
      await this.throttle();
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        const reason =
          error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error);
        throw new Error(this.redactor.redact(`${method} ${request.url} failed: ${reason}`));
      }
      const text = await res.text();
      if (res.status === 429 && retries.length < maxRetries) {
        const retryAfter = res.headers.get('retry-after');
        const waitMs = this.retryDelay(retryAfter);
        retries.push({ status: 429, waitMs, retryAfter });
        this.retryLog.push({ status: 429, waitMs, retryAfter, url: request.url });
        await sleep(waitMs);
        continue;
      }
      const responseHeaders: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        responseHeaders[key] = value;
      });
      const contentType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      let json: unknown;
      let parseError: string | undefined;
      if (text.length > 0) {
        try {
          json = JSON.parse(text);
        } catch (error) {
          parseError = error instanceof Error ? error.message : String(error);
        }
      }
      return {
        request,
        status: res.status,
        headers: responseHeaders,
        contentType,
        text,
        json,
        parseError,
        retries,
      };
    }
  }

  /** Retry-After is delta-seconds or an HTTP date; missing or unreadable means 1 s; always capped. */
  private retryDelay(value: string | null): number {
    const cap = this.options.maxRetryAfterMs ?? 30_000;
    let ms = 1000;
    if (value !== null && /^\d+$/.test(value.trim())) ms = Number(value.trim()) * 1000;
    else if (value !== null && !Number.isNaN(Date.parse(value))) ms = Date.parse(value) - Date.now();
    return Math.min(cap, Math.max(0, ms));
  }
}
