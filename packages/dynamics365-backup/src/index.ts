// Public entry of the Dynamics 365 client: the hand-written layer for both revisions (2024-10 and 2025-04), and the
// generated 2024-10 SDK and types (src/gen/client, do not edit). The generated 2025-04 SDK is the `./2025-04` entry.

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
  createDynamicsTransport,
  DYNAMICS_REVISIONS,
  DYNAMICS_SCOPE,
  type DynamicsBackupClient,
  type DynamicsBackupClientOptions,
  type DynamicsClientOf,
  type DynamicsJobsPageQuery,
  type DynamicsRevision,
} from './client.js';
export type {
  DynamicsBackupClientV2025_04,
  DynamicsJobsPageQueryV2025_04,
  DynamicsJobsPageV2025_04,
  DynamicsJobV2025_04,
} from './client-2025-04.js';
export { DynamicsApiError, parseDynamicsError } from './errors.js';
export type { Client, Config } from './gen/client/client/index.js';
export { createClient, createConfig } from './gen/client/client/index.js';
export * from './gen/client/index.js';
export { type JsonSafe, toJsonSafe } from './json.js';
export {
  type DynamicsJobStatusFilterName,
  type DynamicsJobsFilters,
  type DynamicsJobsQuery,
  type DynamicsJobsQueryV2025_04,
  type DynamicsJobTypeFlagName,
  type DynamicsWireQuery,
  type DynamicsWireQueryV2025_04,
  type IsoTimeInput,
  toWireQuery as toDynamicsWireQuery,
  toWireQueryV2025_04 as toDynamicsWireQueryV2025_04,
  typeMask,
} from './query.js';
export type { DynamicsJobOf, DynamicsJobsPageOf, DynamicsJobsQueryOf } from './revisions.js';
export {
  fromTicks,
  MAX_TICKS,
  TICKS_PER_MILLISECOND,
  type TimeInput,
  ticksToIso,
  toTicks,
  UNIX_EPOCH_TICKS,
} from './ticks.js';
