// Shared vitest settings. Each package calls `defineProject(overrides)` in its own vitest.config.ts.
//
// Type tests (`*.test-d.ts`) are not run here: each package's `tsconfig.json` includes `test/`, so the typecheck
// task (`pnpm typecheck`) checks them once. Vitest's typecheck mode would run `tsc` over the whole package a second
// time inside the test task.
import { defineConfig, mergeConfig } from 'vitest/config';

// Under turbo (which sets TURBO_HASH for each task it runs) the Node version must be part of the cache key, or a
// run on another Node would replay this one's results. scripts/turbo.mjs puts it there; running turbo directly
// would not, so refuse rather than cache a result under a key that does not name the Node that produced it.
if (process.env.TURBO_HASH && process.env.JOBWATCH_NODE_VERSION !== process.version) {
  throw new Error(
    `vitest-config: turbo ran this test task with JOBWATCH_NODE_VERSION=${process.env.JOBWATCH_NODE_VERSION ?? '(unset)'} ` +
      `on Node ${process.version}. Run turbo through the root scripts (\`pnpm test\`, \`pnpm turbo run …\`), ` +
      'which put the Node version in the cache key.',
  );
}

const base = defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/e2e/**'],
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
