// @jobwatch/contract: the contract suite as a library. The vitest registration is in `@jobwatch/contract/vitest`
// so that importing this entry (or running the CLI) never loads vitest.

export { apiDescriptions } from './apis/index.js';
export type { ApiDescription, EnumFilter, ErrorCase } from './apis/types.js';
export { allChecks, checksFor } from './checks/index.js';
export { OWN_CHOICES, type Provenance, TIERS, type Tier } from './checks/provenance.js';
export type { CheckDefinition, CheckResult, CheckStatus, Finding } from './checks/types.js';
export { runCli } from './cli/main.js';
export { junitPathFor, writeReports } from './report/files.js';
export { toJUnit } from './report/junit.js';
export { formatResult, formatSummary } from './report/summary.js';
export type { Report } from './report/types.js';
export { type ContractOptions, ContractRun, runContract } from './runner/run.js';
export { SpecSchemas, strictify } from './schema/spec-schemas.js';
export { DEFAULT_BUDGET, DEFAULT_LIVE_RATE, type Target } from './target/config.js';
export { buildClientAssertion, type Credentials } from './target/credentials.js';
export { BudgetExhaustedError } from './target/http.js';
export { DEMO_CLIENT, type MockProcess, startMock } from './target/mock.js';
export { Redactor } from './target/redact.js';
