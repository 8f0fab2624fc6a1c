// The black-box suite: the real process (startMockProcess) over HTTP, and a headless browser on /docs.
// Separate from the inject suite because it needs dist/ built and spawns processes.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', 'junit'] : ['default'],
    outputFile: { junit: './reports/junit-e2e.xml' },
  },
});
