// The names of the APIs and their specs, with no file access: shared by the Node loader (index.ts) and the
// browser module (browser.ts), so that both give the same names.

/** The two APIs this project models (the one definition of ApiName). */
export const apiNames = ['salesforce', 'dynamics365'] as const;
export type ApiName = (typeof apiNames)[number];

/**
 * Every spec: one per API and revision. An API's first revision goes by the API's name (`dynamics365` is
 * Dynamics 365 revision 2024-10); a later revision is `<api>-<revision>`.
 */
export const specNames = ['salesforce', 'dynamics365', 'dynamics365-2025-04'] as const;
export type SpecName = (typeof specNames)[number];

const specFileNames: Record<SpecName, string> = {
  salesforce: 'salesforce-backup.yaml',
  dynamics365: 'dynamics365-backup.yaml',
  'dynamics365-2025-04': 'dynamics365-backup-2025-04.yaml',
};

/** The API a spec describes. */
export function specApi(spec: SpecName): ApiName {
  return spec === 'salesforce' ? 'salesforce' : 'dynamics365';
}

/** The spec's file name, as served at `/openapi/<file>`. */
export function specFileName(api: SpecName): string {
  return specFileNames[api];
}
