// Programmatic entry of the jobs CLI: run it in-process (tests, other tools) and reuse its pure pieces.
export { HELP } from './args.js';
export type { Io } from './commands/context.js';
export { type OrganizationSummary, type Summary, summarize } from './commands/summary.js';
export { DEFAULT_BASE_URL, DEMO_CLIENT, resolveConnection } from './config.js';
export { parseDuration } from './duration.js';
export { describeError, EXIT, UsageError } from './errors.js';
export { run } from './main.js';
export { API_NAMES, type ApiName, type JobRow, STATUS_NAMES, type StatusName } from './sources.js';
