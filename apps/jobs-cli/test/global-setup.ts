// The CLI tests run the real binary, dist/bin.js. Under turbo the test task depends on the build task, so dist/ is
// current. Run by hand (`vitest run`), dist/ may be older than the sources: fail with the command that fixes it,
// rather than test yesterday's code. This never rebuilds: the hardening suite executes this same dist/ while the
// test tasks run side by side, and a rebuild under it is a race.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Newest modification time among the package's non-test sources. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  if (process.env.TURBO_HASH) return;
  const bin = join(root, 'dist/bin.js');
  const fix =
    'run `pnpm --filter @jobwatch/jobs-cli... build` (or `pnpm turbo run test --filter=@jobwatch/jobs-cli`)';
  if (!existsSync(bin)) throw new Error(`jobs-cli tests: ${bin} does not exist; ${fix}`);
  if (statSync(bin).mtimeMs < newestSource(join(root, 'src')))
    throw new Error(`jobs-cli tests: dist/ is older than src/; ${fix}`);
}
