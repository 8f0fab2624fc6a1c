// @jobwatch/mock-server/msw: the mock as MSW handlers, for in-process (setupServer) and in-browser (setupWorker)
// tests. The same data, paging, filters, errors and auth as the server; see README.md "MSW handlers".
export { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../auth/clients.js';
export { ConfigError } from '../errors.js';
export { createJobwatchHandlers } from './handlers.js';
export type { JobwatchHandlersOptions } from './options.js';
