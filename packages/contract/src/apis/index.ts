import type { ApiName } from '@jobwatch/specs';
import { dynamics365 } from './dynamics365.js';
import { dynamics365V2025_04 } from './dynamics365-2025-04.js';
import { salesforce } from './salesforce.js';
import type { ApiDescription } from './types.js';

/** Each API's description in its first revision. */
export const apiDescriptions: Record<ApiName, ApiDescription> = { salesforce, dynamics365 };

/** The Dynamics 365 revisions, each with its own description: 2024-10 (first published) and 2025-04 (current). */
export const DYNAMICS_REVISIONS = ['2024-10', '2025-04'] as const;
export type DynamicsRevision = (typeof DYNAMICS_REVISIONS)[number];
export const dynamicsDescriptions: Record<DynamicsRevision, ApiDescription> = {
  '2024-10': dynamics365,
  '2025-04': dynamics365V2025_04,
};
export type { ApiDescription } from './types.js';
