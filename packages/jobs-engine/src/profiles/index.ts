import type { ApiName, SplitPageProfile } from '../types.js';
import { dynamics365Profile } from './dynamics365.js';
import { dynamics365V2025_04Profile } from './dynamics365-2025-04.js';
import { salesforceProfile } from './salesforce.js';

export { dynamics365Profile, dynamics365V2025_04Profile, salesforceProfile };

/** The profile of each API's first revision, by API name. */
export const profiles: Readonly<Record<ApiName, SplitPageProfile>> = {
  salesforce: salesforceProfile,
  dynamics365: dynamics365Profile,
};

/** Every revision of every API, oldest first: one profile each, all on the same dataset of their API. */
export const allProfiles: readonly SplitPageProfile[] = [
  salesforceProfile,
  dynamics365Profile,
  dynamics365V2025_04Profile,
];

/** The profile of an API's revision (its first revision when none is named). */
export function getProfile(api: ApiName, revision?: string): SplitPageProfile {
  const profile =
    revision === undefined
      ? profiles[api]
      : allProfiles.find((p) => p.api === api && p.revision === revision);
  if (!profile) {
    const known = allProfiles.map((p) => `${p.api} ${p.revision}`).join(', ');
    throw new Error(
      `unknown API revision ${JSON.stringify(`${api} ${revision ?? ''}`.trim())} (known: ${known})`,
    );
  }
  return profile;
}
