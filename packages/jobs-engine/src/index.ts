// @jobwatch/jobs-engine: seeded job datasets, typed-array indexes, query → page, and one profile per API.
export {
  createDataset,
  type EngineDataset,
  generateDatasetColumns,
  type JobFilterFields,
  withPrebuiltColumns,
} from './dataset.js';
export { formatRequestId, newConnectionId, newResponseMeta, newTraceId, timestampNow } from './meta.js';
export type { OrgProfile } from './model.js';
export { dynamics365Model } from './models/dynamics365.js';
export { salesforceIdChecksum, salesforceModel } from './models/salesforce.js';
export { problemType, typeFlags } from './profiles/dynamics365.js';
export {
  allProfiles,
  dynamics365Profile,
  dynamics365V2025_04Profile,
  getProfile,
  profiles,
  salesforceProfile,
} from './profiles/index.js';
export { nextPageUrl } from './profiles/salesforce.js';
export { seededRandom } from './random.js';
export { checkScenario, MAX_SCENARIO_BYTES, parseScenario } from './scenario.js';
export { STORY_KINDS, type Story, type StoryKind } from './stories.js';
export { formatIsoMillis, formatIsoSeconds, parseIsoInstant, parseRelativeTime } from './time.js';
export type * from './types.js';
