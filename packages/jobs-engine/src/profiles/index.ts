import type { ApiName, SplitPageProfile } from '../types.js';
import { dynamics365Profile } from './dynamics365.js';
import { salesforceProfile } from './salesforce.js';

export { dynamics365Profile, salesforceProfile };

/** Both profiles, by API name. */
export const profiles: Readonly<Record<ApiName, SplitPageProfile>> = {
  salesforce: salesforceProfile,
  dynamics365: dynamics365Profile,
};

export function getProfile(api: ApiName): SplitPageProfile {
  const profile = profiles[api];
  if (!profile) throw new Error(`unknown API ${JSON.stringify(api)} (expected salesforce or dynamics365)`);
  return profile;
}
