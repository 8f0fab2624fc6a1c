// The local mock's well-known defaults, shared by the mock, the CLI, the contract suite and the tests.

/** The mock's default origin (`pnpm mock`). */
export const MOCK_BASE_URL = 'http://127.0.0.1:4010';
/** The token endpoint's path on the mock (and on the identity service). */
export const TOKEN_PATH = '/connect/token';
/** The demo client the mock registers by default, granted every API's scope. */
export const DEMO_CLIENT = { clientId: 'jobwatch-demo', clientSecret: 'jobwatch-demo-secret' } as const;
