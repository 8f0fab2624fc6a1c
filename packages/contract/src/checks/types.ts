// The vocabulary shared by checks, runner and reports.
import type { ApiName } from '@jobwatch/specs';
import type { ApiDescription } from '../apis/types.js';
import type { RequestInfo } from '../target/http.js';
import type { Provenance, Tier } from './provenance.js';
import type { ApiSession } from './session.js';

/** `warn`: every finding rests on an `assumed` rule (one of the project's own choices), and the run is not strict. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One difference between the spec and the target, with everything a reader needs to see it. */
export type Finding = {
  api: ApiName;
  /** The revision of the API's page the check judged by (`2024-10`, `2025-04`). */
  revision: string;
  check: string;
  message: string;
  /** The request that showed it, secrets redacted. */
  request?: RequestInfo;
  /** JSON path in the response body (`$.data.jobs[3].state`), or a header (`header request-id`). */
  path?: string;
  expected?: string;
  actual?: string;
  /** How many times the same difference was seen (e.g. in every job of a page); 1 when absent. */
  occurrences?: number;
  /** Where the rule that this finding breaks comes from: `assumed` findings are warnings unless the run is strict. */
  tier: Tier;
  /** The vendor page, settled reading or own decision the rule rests on (for `assumed`: the decision to change). */
  source: string;
};

export type FindingInput = Omit<Finding, 'api' | 'revision' | 'check' | 'occurrences' | 'tier' | 'source'> & {
  /** Findings with the same key merge into one with a count (the same drift in 300 jobs is one finding). */
  groupKey?: string;
  /** The rule this finding breaks, when it is not the check's own rule (a check that mixes rules). */
  rule?: Provenance;
};

export type CheckResult = {
  api: ApiName;
  /** The revision of the API's page the check judged by. */
  revision: string;
  id: string;
  title: string;
  status: CheckStatus;
  /** The tier of the check's own rule (each finding carries the tier of the rule it breaks). */
  tier: Tier;
  source: string;
  /** Why it was skipped, or a one-line cause of the failure. */
  reason?: string;
  findings: Finding[];
  /** Context worth showing even on success (e.g. the time window chosen). */
  notes: string[];
  requests: number;
  elapsedMs: number;
};

export class SkipCheck extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SkipCheck';
  }
}

/** Stops a check after a finding that makes the rest meaningless. */
export class AbortCheck extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AbortCheck';
  }
}

export type CheckContext = {
  api: ApiDescription;
  session: ApiSession;
  /** Records a finding; the check goes on. */
  fail(finding: FindingInput): void;
  /** Records a finding and stops the check. */
  abort(finding: FindingInput): never;
  /** Stops the check as skipped, with the reason shown in the report. */
  skip(reason: string): never;
  /** Fails now with "budget exhausted" unless `count` more requests fit. */
  reserve(count: number): void;
  note(text: string): void;
};

export type CheckDefinition = {
  /** Stable id used in reports and tests, e.g. `paging.union`. */
  id: string;
  title: string;
  /**
   * The rule the check enforces and where it comes from. A finding that rests on another rule (one error case,
   * one envelope field, one schema keyword) names its own with `FindingInput.rule`.
   */
  rule: Provenance;
  /** Whether the check applies to an API (e.g. nextLink only where the API has one). */
  appliesTo?(api: ApiDescription): boolean;
  run(ctx: CheckContext): Promise<void>;
};
