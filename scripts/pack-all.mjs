// Packs every publishable workspace package (`"private"` not true) into one folder, one .tgz each, with
// `pnpm pack`, which writes each `workspace:` dependency as the exact version it points at. Install the tarballs a
// project needs in one `npm install` (see the README, "Using the packages in your project"): npm then satisfies
// each @jobwatch dependency with the tarball given beside it, and fetches only the registry dependencies.
//
//   node scripts/pack-all.mjs <folder>     (build first: `pnpm build`)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** The publishable packages: `{ name, version, dir, manifest }`, from the folders pnpm-workspace.yaml names. */
export function publishablePackages() {
  const dirs = [
    'specs',
    ...['packages', 'apps'].flatMap((parent) => readdirSync(join(root, parent)).map((n) => join(parent, n))),
  ];
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir, manifest }));
}

/** Packs each publishable package into `folder`; returns `{ name, dir, tarball }` for each. */
export function packAll(folder) {
  mkdirSync(folder, { recursive: true });
  return publishablePackages().map((pkg) => {
    if (!existsSync(join(root, pkg.dir, 'dist'))) {
      throw new Error(`${pkg.name} is not built (no ${pkg.dir}/dist): run \`pnpm build\` first`);
    }
    execFileSync('pnpm', ['pack', '--pack-destination', folder], {
      cwd: join(root, pkg.dir),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = join(folder, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
    if (!existsSync(tarball)) throw new Error(`pnpm pack did not write ${tarball}`);
    return { ...pkg, tarball };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const folder = process.argv[2];
  if (!folder) {
    console.error('usage: node scripts/pack-all.mjs <folder>');
    process.exit(2);
  }
  for (const { tarball } of packAll(resolve(folder))) console.log(tarball);
}
