// The suite against the real mock, started as a separate process on a free port (startMockProcess), registered
// exactly as a user registers it in their own vitest run. Every check must pass: a failure here means the mock
// (or the suite) drifted from the spec. The report lands in reports/contract/ for CI to keep. The mock serves both
// Dynamics revisions, so both are checked ('all'): under 'auto' one revision's checks would only be skipped.
import { registerContractSuite } from '../src/vitest.js';

registerContractSuite({
  name: 'contract suite against the mock (separate process)',
  target: 'mock',
  dynamicsRevision: 'all',
  report: 'reports/contract/mock.json',
});
