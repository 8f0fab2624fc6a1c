import type { ApiName } from '@jobwatch/specs';
import { dynamics365 } from './dynamics365.js';
import { salesforce } from './salesforce.js';
import type { ApiDescription } from './types.js';

export const apiDescriptions: Record<ApiName, ApiDescription> = { salesforce, dynamics365 };
export type { ApiDescription } from './types.js';
