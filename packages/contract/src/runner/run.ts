// One run of the suite: one HTTP client (one budget, one rate limit) and one token provider shared by the APIs,
// a session per API, and the execution of one check into a CheckResult. The CLI's runner and the vitest
// registration both drive checks through this class, so they judge a target identically.
import type { ApiName } from '@jobwatch/specs';
import { apiDescriptions } from '../apis/index.js';
import { checksFor } from '../checks/index.js';
import { ApiSession, PageError } from '../checks/session.js';
import {
  AbortCheck,
  type CheckContext,
  type CheckDefinition,
  type CheckResult,
  type Finding,
  type FindingInput,
  SkipCheck,
} from '../checks/types.js';
import type { Report } from '../report/types.js';
import { DEFAULT_BUDGET, defaultRate, type Target, tokenUrlOf } from '../target/config.js';
import { describeCredentials, TokenProvider } from '../target/credentials.js';
import { BudgetExhaustedError, HttpClient } from '../target/http.js';
import { Redactor } from '../target/redact.js';

export type ContractOptions = {
  target: Target;
  /** Default: both APIs. */
  apis?: readonly ApiName[];
  /** Hard limit on requests for the whole run (both APIs, token requests and retries included). */
  budget?: number;
  /** Requests per second; default 5 for remote targets, unthrottled for loopback. 0 = unthrottled. */
  ratePerSecond?: number;
  /** Cap on one Retry-After wait. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  /** Only checks with these ids or id prefixes (`paging`, `filters.status`). */
  only?: readonly string[];
  /** Called after each check, e.g. to print progress. */
  onResult?(result: CheckResult): void;
};

export class ContractRun {
  readonly redactor = new Redactor();
  readonly http: HttpClient;
  readonly tokens: TokenProvider;
  readonly results: CheckResult[] = [];
  readonly apis: ApiName[];
  private readonly sessions = new Map<ApiName, ApiSession>();
  private readonly started = Date.now();
  private readonly rate: number;

  constructor(readonly options: ContractOptions) {
    const { target } = options;
    this.rate = options.ratePerSecond ?? defaultRate(target.baseUrl);
    this.http = new HttpClient({
      baseUrl: target.baseUrl,
      tokenUrl: tokenUrlOf(target.credentials),
      budget: options.budget ?? DEFAULT_BUDGET,
      ratePerSecond: this.rate,
      maxRetryAfterMs: options.maxRetryAfterMs,
      timeoutMs: options.timeoutMs,
      redactor: this.redactor,
    });
    // Registers every secret with the redactor before anything is sent.
    this.tokens = new TokenProvider(target.credentials, this.http, this.redactor);
    this.apis = [...(options.apis ?? (['salesforce', 'dynamics365'] as const))];
  }

  session(api: ApiName): ApiSession {
    let s = this.sessions.get(api);
    if (!s) {
      s = new ApiSession(apiDescriptions[api], this.options.target.baseUrl, this.http, this.tokens);
      this.sessions.set(api, s);
    }
    return s;
  }

  checks(api: ApiName): CheckDefinition[] {
    return checksFor(apiDescriptions[api], this.options.only);
  }

  /** Runs one check and records its result; never throws. */
  async runCheck(api: ApiName, check: CheckDefinition): Promise<CheckResult> {
    const session = this.session(api);
    const findings: Finding[] = [];
    const grouped = new Map<string, Finding>();
    const notes: string[] = [];
    const fail = ({ groupKey, ...input }: FindingInput) => {
      const existing = groupKey ? grouped.get(groupKey) : undefined;
      if (existing) {
        existing.occurrences = (existing.occurrences ?? 1) + 1;
        // Show the most telling example: a page full of jobs says more than an empty one.
        if ((input.actual?.length ?? 0) > (existing.actual?.length ?? 0)) Object.assign(existing, input);
        return;
      }
      const finding: Finding = { api, check: check.id, ...input };
      findings.push(finding);
      if (groupKey) grouped.set(groupKey, finding);
    };
    const ctx: CheckContext = {
      api: session.api,
      session,
      fail,
      abort: (input) => {
        fail(input);
        throw new AbortCheck(input.message);
      },
      skip: (reason) => {
        throw new SkipCheck(reason);
      },
      reserve: (count) => this.http.reserve(count),
      note: (text) => {
        if (!notes.includes(text)) notes.push(text);
      },
    };
    const usedBefore = this.http.used;
    const t0 = performance.now();
    let status: CheckResult['status'] = 'pass';
    let reason: string | undefined;
    try {
      await check.run(ctx);
    } catch (error) {
      if (error instanceof SkipCheck) {
        status = 'skip';
        reason = error.message;
      } else if (error instanceof PageError) {
        fail(error.finding);
      } else if (error instanceof BudgetExhaustedError) {
        reason = 'budget exhausted';
        fail({ message: `${error.message}; the check could not finish, so it cannot pass` });
      } else if (!(error instanceof AbortCheck)) {
        const message = error instanceof Error ? error.message : String(error);
        fail({ message: `the check could not run: ${message}` });
      }
    }
    if (findings.length) {
      status = 'fail';
      reason ??= findings[0]?.message;
    }
    const result: CheckResult = this.redactor.redactValue({
      api,
      id: check.id,
      title: check.title,
      status,
      reason,
      findings,
      notes,
      requests: this.http.used - usedBefore,
      elapsedMs: Math.round(performance.now() - t0),
    });
    this.results.push(result);
    this.options.onResult?.(result);
    return result;
  }

  report(): Report {
    const { target } = this.options;
    const count = (s: CheckResult['status']) => this.results.filter((r) => r.status === s).length;
    const summary = {
      passed: count('pass'),
      failed: count('fail'),
      skipped: count('skip'),
      total: this.results.length,
    };
    return this.redactor.redactValue({
      tool: '@jobwatch/contract' as const,
      target: {
        baseUrl: this.redactor.redact(target.baseUrl),
        tokenUrl: tokenUrlOf(target.credentials),
        kind: target.kind ?? 'live',
        auth: describeCredentials(target.credentials),
      },
      apis: this.apis,
      startedAt: new Date(this.started).toISOString(),
      elapsedMs: Date.now() - this.started,
      budget: { limit: this.http.budget, used: this.http.used },
      rateLimit: this.rate,
      retries: [...this.http.retryLog],
      summary,
      ok: summary.failed === 0,
      results: this.results,
    });
  }
}

/** Runs every applicable check of every API, one after another, and returns the redacted report. */
export async function runContract(options: ContractOptions): Promise<Report> {
  const run = new ContractRun(options);
  for (const api of run.apis) {
    for (const check of run.checks(api)) await run.runCheck(api, check);
  }
  return run.report();
}
