// One run of the suite: one HTTP client (one budget, one rate limit) and one token provider shared by the APIs,
// a session per API, and the execution of one check into a CheckResult. The CLI's runner and the vitest
// registration both drive checks through this class, so they judge a target identically.
import type { ApiName } from '@jobwatch/specs';
import {
  type ApiDescription,
  apiDescriptions,
  DYNAMICS_REVISIONS,
  type DynamicsRevision,
  dynamicsDescriptions,
} from '../apis/index.js';
import { checksFor } from '../checks/index.js';
import { isBinding } from '../checks/provenance.js';
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
import type { RecordOptions, RecordSummary } from '../record/record.js';
import type { Report } from '../report/types.js';
import { DEFAULT_BUDGET, defaultRate, type Target, tokenUrlOf } from '../target/config.js';
import { describeCredentials, TokenProvider } from '../target/credentials.js';
import { BudgetExhaustedError, HttpClient } from '../target/http.js';
import { Redactor } from '../target/redact.js';
import { probeDynamicsRevision } from './probe.js';

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
  /**
   * Differences from the project's own choices (`assumed` rules) fail the check instead of warning. Off by
   * default: a target that follows the vendor pages and the settled readings passes (decision 0007).
   */
  strict?: boolean;
  /** After the checks, write the jobs the run saw as a scenario file for the mock (`--record`). */
  record?: RecordOptions;
  /**
   * Which Dynamics 365 revision to judge the target by: `auto` (default) sends one probe and checks the revision
   * it answers in; `2024-10` or `2025-04` pins one; `all` checks both (a target that serves both must pass both).
   */
  dynamicsRevision?: DynamicsRevisionMode;
  /** Called after each check, e.g. to print progress. */
  onResult?(result: CheckResult): void;
};

export const DYNAMICS_REVISION_MODES = ['auto', ...DYNAMICS_REVISIONS, 'all'] as const;
export type DynamicsRevisionMode = (typeof DYNAMICS_REVISION_MODES)[number];

/** How the Dynamics revision was chosen, for the report. */
export type RevisionChoice = { mode: DynamicsRevisionMode; checked: string[]; probe?: string };

export class ContractRun {
  readonly redactor = new Redactor();
  readonly http: HttpClient;
  readonly tokens: TokenProvider;
  readonly results: CheckResult[] = [];
  readonly apis: ApiName[];
  private readonly sessions = new Map<ApiDescription, ApiSession>();
  private dynamics?: Promise<ApiDescription[]>;
  private readonly checkedUnits = new Set<ApiDescription>();
  /** How the Dynamics revision was chosen, once it was. */
  revisionChoice?: RevisionChoice;
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

  /** The sessions of the run's APIs that sent at least one request, in the run's order. */
  sessionsUsed(): ApiSession[] {
    // The probe's session is not one: it judged nothing (its revision's checks run in a session of their own).
    return [...this.sessions.values()].filter((s) => s.log.length > 0 && this.checkedUnits.has(s.api));
  }

  /**
   * The descriptions an API is checked by: Salesforce's one; for Dynamics 365 the pinned revision, both
   * (`all`), or (`auto`) the one a single probe finds — none when the target serves neither shape, which is then
   * a failed `revision.probe` result.
   */
  descriptions(api: ApiName): Promise<ApiDescription[]> {
    if (api !== 'dynamics365') return Promise.resolve([apiDescriptions[api]]);
    this.dynamics ??= this.chooseDynamics();
    return this.dynamics;
  }

  private async chooseDynamics(): Promise<ApiDescription[]> {
    const mode = this.options.dynamicsRevision ?? 'auto';
    if (mode === 'all') {
      this.revisionChoice = { mode, checked: [...DYNAMICS_REVISIONS] };
      return DYNAMICS_REVISIONS.map((r) => dynamicsDescriptions[r]);
    }
    if (mode !== 'auto') {
      this.revisionChoice = { mode, checked: [mode] };
      return [dynamicsDescriptions[mode]];
    }
    // The probe has a session of its own, so that the chosen revision's checks judge only their own responses.
    const probe = await probeDynamicsRevision(
      new ApiSession(dynamicsDescriptions['2025-04'], this.options.target.baseUrl, this.http, this.tokens),
    ).catch((error: unknown) => ({
      revision: null,
      note: `probe: could not be sent (${error instanceof Error ? error.message : String(error)})`,
      finding: {},
    }));
    this.revisionChoice = { mode, checked: probe.revision ? [probe.revision] : [], probe: probe.note };
    if (probe.revision) return [dynamicsDescriptions[probe.revision as DynamicsRevision]];
    const result: CheckResult = this.redactor.redactValue({
      api: 'dynamics365',
      revision: 'unknown',
      id: 'revision.probe',
      title: 'the target answers in the shape of a Dynamics 365 revision (2024-10 or 2025-04)',
      status: 'fail',
      tier: 'documented',
      source: "the vendor's Dynamics page, revisions 2024-10 and 2025-04",
      reason: probe.note,
      findings: [
        {
          api: 'dynamics365',
          revision: 'unknown',
          check: 'revision.probe',
          message: `the target serves neither Dynamics 365 revision: ${probe.note}`,
          ...probe.finding,
          tier: 'documented',
          source: "the vendor's Dynamics page, revisions 2024-10 and 2025-04",
        },
      ],
      notes: [],
      requests: 1,
      elapsedMs: 0,
    });
    this.results.push(result);
    this.options.onResult?.(result);
    return [];
  }

  /** The session of a description (or of an API's chosen revision, once chosen; its first otherwise). */
  session(api: ApiName | ApiDescription): ApiSession {
    const description = typeof api === 'string' ? this.chosen(api) : api;
    let s = this.sessions.get(description);
    if (!s) {
      s = new ApiSession(description, this.options.target.baseUrl, this.http, this.tokens);
      this.sessions.set(description, s);
    }
    return s;
  }

  private chosen(api: ApiName): ApiDescription {
    if (api !== 'dynamics365' || !this.revisionChoice) return apiDescriptions[api];
    const [first] = this.revisionChoice.checked;
    return first ? dynamicsDescriptions[first as DynamicsRevision] : apiDescriptions[api];
  }

  checks(api: ApiName | ApiDescription): CheckDefinition[] {
    return checksFor(typeof api === 'string' ? this.chosen(api) : api, this.options.only);
  }

  /** Runs one check and records its result; never throws. */
  async runCheck(unit: ApiName | ApiDescription, check: CheckDefinition): Promise<CheckResult> {
    const session = this.session(unit);
    this.checkedUnits.add(session.api);
    const { name: api, revision } = session.api;
    const findings: Finding[] = [];
    const grouped = new Map<string, Finding>();
    const notes: string[] = [];
    // A finding that says the check could not finish (budget, a crash) fails whatever the rule's tier.
    let blocked = false;
    const fail = ({ groupKey, rule, ...input }: FindingInput) => {
      const provenance = rule ?? check.rule;
      // The same drift under another rule is another finding.
      const key = groupKey === undefined ? undefined : `${provenance.tier}|${groupKey}`;
      const existing = key ? grouped.get(key) : undefined;
      if (existing) {
        existing.occurrences = (existing.occurrences ?? 1) + 1;
        // Show the most telling example: a page full of jobs says more than an empty one.
        if ((input.actual?.length ?? 0) > (existing.actual?.length ?? 0)) Object.assign(existing, input);
        return;
      }
      const finding: Finding = {
        api,
        revision,
        check: check.id,
        ...input,
        tier: provenance.tier,
        source: provenance.source,
      };
      findings.push(finding);
      if (key) grouped.set(key, finding);
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
        blocked = true;
        fail({ message: `${error.message}; the check could not finish, so it cannot pass` });
      } else if (!(error instanceof AbortCheck)) {
        const message = error instanceof Error ? error.message : String(error);
        blocked = true;
        fail({ message: `the check could not run: ${message}` });
      }
    }
    if (findings.length) {
      const binding = blocked || this.options.strict === true || findings.some((f) => isBinding(f.tier));
      status = binding ? 'fail' : 'warn';
      // The cause shown first is the most binding one.
      reason ??= (findings.find((f) => isBinding(f.tier)) ?? findings[0])?.message;
    }
    const result: CheckResult = this.redactor.redactValue({
      api,
      revision,
      id: check.id,
      title: check.title,
      status,
      tier: check.rule.tier,
      source: check.rule.source,
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

  report(recording?: RecordSummary): Report {
    const { target } = this.options;
    const count = (s: CheckResult['status']) => this.results.filter((r) => r.status === s).length;
    const summary = {
      passed: count('pass'),
      failed: count('fail'),
      warnings: count('warn'),
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
      ...(this.revisionChoice ? { dynamicsRevision: this.revisionChoice } : {}),
      startedAt: new Date(this.started).toISOString(),
      elapsedMs: Date.now() - this.started,
      budget: { limit: this.http.budget, used: this.http.used },
      rateLimit: this.rate,
      strict: this.options.strict === true,
      retries: [...this.http.retryLog],
      summary,
      ok: summary.failed === 0,
      results: this.results,
      ...(recording ? { recording } : {}),
    });
  }
}

/**
 * Writes the scenario of a run (`record`). Loaded on demand: the recorder uses the engine (its scenario parser and
 * the Salesforce id checksum), which a run that records nothing never loads.
 */
export async function recordRun(run: ContractRun, options: RecordOptions): Promise<RecordSummary> {
  const { recordScenario } = await import('../record/record.js');
  return recordScenario(run, options);
}

/** Runs every applicable check of every API, one after another, and returns the redacted report. */
export async function runContract(options: ContractOptions): Promise<Report> {
  const run = new ContractRun(options);
  for (const api of run.apis) {
    for (const description of await run.descriptions(api)) {
      for (const check of run.checks(description)) await run.runCheck(description, check);
    }
  }
  let recording: RecordSummary | undefined;
  if (options.record) {
    try {
      recording = await recordRun(run, options.record);
    } catch (error) {
      throw new Error(
        run.redactor.redact(
          `--record ${options.record.path}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  }
  return run.report(recording);
}
