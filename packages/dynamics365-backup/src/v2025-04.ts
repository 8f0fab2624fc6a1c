// The `@jobwatch/dynamics365-backup/2025-04` entry: the SDK and types generated from
// specs/dynamics365-backup-2025-04.yaml (src/gen/client-2025-04, do not edit), for calling the operation directly.
// Most programs use `createDynamicsBackupClient(target, { revision: '2025-04', … })` from the package root.
export type { Client, Config } from './gen/client-2025-04/client/index.js';
export { createClient, createConfig } from './gen/client-2025-04/client/index.js';
export * from './gen/client-2025-04/index.js';
