// Public entry of the Salesforce client: the generated SDK and types (src/gen, do not edit) and the thin
// hand-written layer beside them.

export type { Client, Config } from './gen/client/client/index.js';
export { createClient, createConfig } from './gen/client/client/index.js';
export * from './gen/client/index.js';
