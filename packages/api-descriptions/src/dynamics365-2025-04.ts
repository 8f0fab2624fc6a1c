// Cloud Backup for Dynamics 365, GET /dynamicsbackup/jobs, revision 2025-04 (what the live service answers
// today): ISO 8601 times, a `{ totalCount, jobs, nextLink, pageIndex, pageSize }` page and integer enums in jobs,
// all read from specs/dynamics365-backup-2025-04.yaml. The readings in prose are 2024-10's: bit-flag types, GUIDs
// compared case-insensitively.
import { describeApi } from './describe.js';

export const dynamics365V2025_04 = describeApi({
  api: 'dynamics365',
  revision: '2025-04',
  spec: 'dynamics365-2025-04',
  typeFlags: true,
  organizationCaseInsensitive: true,
});
