// Public API of @jobwatch/mock-server: the app factory and its option types. The real process is started
// with `startMockProcess` from `@jobwatch/mock-server/process`.
export { buildApp, type MockInfo, REDACT_PATHS } from './app.js';
export { type ClientConfig, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from './auth/clients.js';
// The token key derivation is public so tests can forge tokens (expired, wrong issuer…) the mock would accept.
export { ACCESS_TOKEN_TTL_SECONDS, deriveTokenKey } from './auth/tokens.js';
export { ConfigError } from './errors.js';
export type { LatencyRange } from './faults.js';
export {
  ACCESS_TOKEN_AUDIENCE,
  type AppOptions,
  DEFAULT_ISSUER,
  DEFAULT_JOBS,
  DEFAULT_SEED,
  defaultNow,
  type LoggerSettings,
} from './options.js';
