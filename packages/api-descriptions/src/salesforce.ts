// Cloud Backup for Salesforce, GET /backup/sfbapi/jobs (the vendor's page has one revision, December 2025): ISO
// times, pages from 1 where pageIndex 0 is also the first page, a nextLink, numeric enums, errors in the JSON
// envelope. Everything else is read from specs/salesforce-backup.yaml.
import { describeApi } from './describe.js';

export const salesforce = describeApi({
  api: 'salesforce',
  revision: '2025-12',
  spec: 'salesforce',
  typeFlags: false,
  organizationCaseInsensitive: false,
});
