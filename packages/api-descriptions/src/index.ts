// @jobwatch/api-descriptions: one description per API and revision, derived from its spec (describe.ts), the .NET
// ticks helpers (ticks.ts) and the mock's demo defaults (demo.ts). The engine, the mock, the contract suite, the
// hardening suites and the test tables read their per-API facts here; see README.md to add a revision.
import type { ApiName } from '@jobwatch/specs';
import { dynamics365 } from './dynamics365.js';
import { dynamics365V2025_04 } from './dynamics365-2025-04.js';
import { salesforce } from './salesforce.js';
import type { ApiDescription } from './types.js';

export { apiNames } from '@jobwatch/specs';
export { DEMO_CLIENT, MOCK_BASE_URL, TOKEN_PATH } from './demo.js';
export { type ApiReadings, describeApi } from './describe.js';
export { readPage, valueAt } from './read.js';
export * from './ticks.js';
export type * from './types.js';
export { dynamics365, dynamics365V2025_04, salesforce };

/** Every description: each API's revisions, oldest first. */
export const allDescriptions: readonly ApiDescription[] = [salesforce, dynamics365, dynamics365V2025_04];

/** The revision each API is served and checked in by default (its first spec). */
export const descriptions: Readonly<Record<ApiName, ApiDescription>> = { salesforce, dynamics365 };

/** An API's description: its default revision, or the named one; throws naming the known revisions. */
export function descriptionOf(api: ApiName, revision?: string): ApiDescription {
  if (revision === undefined) return descriptions[api];
  const found = allDescriptions.find((d) => d.api === api && d.revision === revision);
  if (!found) {
    const known = allDescriptions.filter((d) => d.api === api).map((d) => d.revision);
    throw new Error(`unknown ${api} revision ${revision} (known: ${known.join(', ')})`);
  }
  return found;
}
