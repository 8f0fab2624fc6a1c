// Public entry of the Dynamics 365 client: the generated SDK and types (src/gen, do not edit) and the thin
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
  type PagingOptions,
  type Region,
  TOKEN_URLS,
  TokenError,
  type TokenProvider,
} from '@jobwatch/graph-auth';
export {
  createDynamicsBackupClient,
  DYNAMICS_SCOPE,
  type DynamicsBackupClient,
  type DynamicsBackupClientOptions,
  type DynamicsJobsPageQuery,
} from './client.js';
export { DynamicsApiError, parseDynamicsError } from './errors.js';
export type { Client, Config } from './gen/client/client/index.js';
export { createClient, createConfig } from './gen/client/client/index.js';
export * from './gen/client/index.js';
export { type JsonSafe, toJsonSafe } from './json.js';
export {
  type DynamicsJobStatusFilterName,
  type DynamicsJobsQuery,
  type DynamicsJobTypeFlagName,
  type DynamicsWireQuery,
  toWireQuery as toDynamicsWireQuery,
  typeMask,
} from './query.js';
export {
  fromTicks,
  MAX_TICKS,
  TICKS_PER_MILLISECOND,
  type TimeInput,
  ticksToIso,
  toTicks,
  UNIX_EPOCH_TICKS,
} from './ticks.js';
