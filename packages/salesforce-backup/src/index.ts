// Public entry of the Salesforce client: the generated SDK and types (src/gen, do not edit) and the thin
// hand-written layer beside them.

// The shared pieces users need most, so one import is enough for a typical program.
export {
  type ApiTarget,
  type ClientCredentials,
  createTokenProvider,
  GraphApiError,
  GraphError,
  GraphNetworkError,
  GraphTimeoutError,
  PagingError,
  type PagingOptions,
  type Region,
  TOKEN_URLS,
  TokenError,
  type TokenProvider,
} from '@jobwatch/graph-auth';
export {
  createSalesforceBackupClient,
  SALESFORCE_SCOPE,
  type SalesforceBackupClient,
  type SalesforceBackupClientOptions,
  type SalesforceJobsPageQuery,
} from './client.js';
export { parseSalesforceError, SalesforceApiError } from './errors.js';
export type { Client, Config } from './gen/client/client/index.js';
export { createClient, createConfig } from './gen/client/client/index.js';
export * from './gen/client/index.js';
export {
  type SalesforceJobLevelName,
  type SalesforceJobStatusName,
  type SalesforceJobsQuery,
  type SalesforceJobTypeName,
  type SalesforceTime,
  type SalesforceWireQuery,
  toWireQuery as toSalesforceWireQuery,
} from './query.js';
