// The suite in process against the MSW handlers (@jobwatch/mock-server/msw) under msw/node's setupServer: the
// suite's own fetch is intercepted, nothing listens. Every check must pass, in both Dynamics revisions, as it must
// against the mock server: the handlers are the same mock behind another transport.
import { createJobwatchHandlers, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '@jobwatch/mock-server/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { registerContractSuite } from '../src/vitest.js';

// An origin no process answers on: a request the handlers do not take fails the test (onUnhandledRequest).
const BASE_URL = 'https://jobwatch-msw.test';
const server = setupServer(...createJobwatchHandlers({ baseUrl: BASE_URL, seed: 11 }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

registerContractSuite({
  name: 'contract suite against the MSW handlers (in process)',
  target: {
    baseUrl: BASE_URL,
    credentials: {
      kind: 'client-secret',
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
      tokenUrl: `${BASE_URL}/connect/token`,
    },
  },
  dynamicsRevision: 'all',
  // In process: no remote service to protect, so no throttle.
  ratePerSecond: 0,
});
