// Runs turbo with the Node version in its environment. turbo.json lists JOBWATCH_NODE_VERSION in `globalEnv`, so
// the version becomes part of every task's cache key: turbo itself does not hash the Node runtime, and without this
// a `pnpm test` after switching Node would replay the other version's results. The root package.json scripts all
// go through here (`pnpm turbo run …` for ad-hoc runs); the shared vitest config refuses to run under turbo
// without it (packages/vitest-config/index.js).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const turbo = fileURLToPath(new URL('../node_modules/.bin/turbo', import.meta.url));

const child = spawn(turbo, process.argv.slice(2), {
  stdio: 'inherit',
  env: { ...process.env, JOBWATCH_NODE_VERSION: process.version },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
child.on('error', (error) => {
  console.error(`scripts/turbo.mjs: could not start turbo: ${error.message}`);
  process.exit(1);
});
