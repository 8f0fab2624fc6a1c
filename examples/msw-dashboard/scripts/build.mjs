// `pnpm build`: bundles the page (src/main.ts) and the benchmark page (src/bench.ts) for the browser into dist/,
// next to their HTML and the MSW worker script of the installed msw package. The worker is copied at every build,
// never committed: it must match the msw version that the page's bundle was built with.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (/** @type {string} */ path) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** The folder the build writes and the test and `pnpm serve` serve. */
export const distDir = here('dist');

/** Builds dist/ from scratch; resolves once every file is written. */
export async function buildSite() {
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(distDir, { recursive: true });
  await build({
    entryPoints: { main: here('src/main.ts'), bench: here('src/bench.ts') },
    outdir: distDir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  for (const page of ['index.html', 'bench.html']) copyFileSync(here(`src/${page}`), `${distDir}/${page}`);
  const worker = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');
  copyFileSync(worker, `${distDir}/mockServiceWorker.js`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildSite();
