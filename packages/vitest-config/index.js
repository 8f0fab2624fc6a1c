// Shared vitest settings. Each package calls `defineProject(overrides)` in its own vitest.config.ts.
import { defineConfig, mergeConfig } from 'vitest/config';

const base = defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/e2e/**'],
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', 'junit'] : ['default'],
    outputFile: { junit: './reports/junit.xml' },
  },
});

/** Merge a package's own settings over the shared base. */
export function defineProject(overrides = {}) {
  return mergeConfig(base, defineConfig(overrides));
}
