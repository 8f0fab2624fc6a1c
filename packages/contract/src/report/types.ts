import type { ApiName } from '@jobwatch/specs';
import type { CheckResult } from '../checks/types.js';
import type { RecordSummary } from '../record/record.js';
import type { RevisionChoice } from '../runner/run.js';

/** The drift report: everything is already redacted. */
export type Report = {
  tool: '@jobwatch/contract';
  target: { baseUrl: string; tokenUrl?: string; kind: 'mock' | 'live'; auth: string };
  apis: ApiName[];
  /** How the Dynamics 365 revision was chosen (mode, the revisions checked, what the probe saw). */
  dynamicsRevision?: RevisionChoice;
  startedAt: string;
  elapsedMs: number;
  budget: { limit: number; used: number };
  /** Requests per second; 0 = unthrottled. */
  rateLimit: number;
  retries: { status: number; waitMs: number; retryAfter: string | null; url: string }[];
  /** Whether warnings (differences from `assumed` rules) were counted as failures. */
  strict: boolean;
  /** Checks per outcome; `warnings` are checks whose findings all rest on the project's own choices. */
  summary: { passed: number; failed: number; warnings: number; skipped: number; total: number };
  /** No check failed (warnings do not count unless the run is strict). */
  ok: boolean;
  results: CheckResult[];
  /** What `--record` wrote, when it was asked for. */
  recording?: RecordSummary;
};
