// Cloud Backup for Dynamics 365, GET /dynamicsbackup/jobs, revision 2024-10 (the page as first published):
// .NET ticks in the query, 1-based pages without a next link, a bit-flag type filter (decision 19), string enums
// in jobs, RFC 9457 problem details for errors, GUIDs compared case-insensitively (decision 24). Everything else is
// read from specs/dynamics365-backup.yaml.
import { describeApi } from './describe.js';

export const dynamics365 = describeApi({
  api: 'dynamics365',
  revision: '2024-10',
  spec: 'dynamics365',
  typeFlags: true,
  organizationCaseInsensitive: true,
});
