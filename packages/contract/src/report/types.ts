import type { ApiName } from '@jobwatch/specs';
import type { CheckResult } from '../checks/types.js';

/** The drift report: everything is already redacted. */
export type Report = {
  tool: '@jobwatch/contract';
  target: { baseUrl: string; tokenUrl?: string; kind: 'mock' | 'live'; auth: string };
  apis: ApiName[];
  startedAt: string;
  elapsedMs: number;
  budget: { limit: number; used: number };
  /** Requests per second; 0 = unthrottled. */
  rateLimit: number;
  retries: { status: number; waitMs: number; retryAfter: string | null; url: string }[];
  summary: { passed: number; failed: number; skipped: number; total: number };
  ok: boolean;
  results: CheckResult[];
};
