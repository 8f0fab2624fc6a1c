// `pnpm mock` (and `pnpm contract`, `pnpm bench`) build their packages first. The first build of a fresh clone
// takes about a minute with output hidden, so say so once instead of looking hung; later runs are cached.
import { existsSync } from 'node:fs';

const [built, what] = process.argv.slice(2);
if (!built || !what) {
  console.error('usage: node scripts/build-notice.mjs <file the build makes> <what is built>');
  process.exit(2);
}
if (!existsSync(built)) {
  console.log(`Building ${what} and the packages it needs (the first build takes about a minute)…`);
}
