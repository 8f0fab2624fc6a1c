// Extracts every ```ts code block of the repository's READMEs (the root one, specs/, each package's and each
// example's) into examples/<readme>-<n>.ts, one module per block, so that `tsc` type-checks them against the
// built packages exactly as a user's project would import them. Run by this package's `typecheck`; examples/ is
// generated, never committed, and rewritten whole on each run (a block that was removed cannot linger).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = fileURLToPath(new URL('./examples/', import.meta.url));

const readmes = [
  'README.md',
  'specs/README.md',
  ...['packages', 'apps', 'examples'].flatMap((dir) =>
    readdirSync(join(root, dir)).map((name) => join(dir, name, 'README.md')),
  ),
].filter((path) => existsSync(join(root, path)));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let blocks = 0;
for (const readme of readmes) {
  const text = readFileSync(join(root, readme), 'utf8');
  let n = 0;
  for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    n++;
    blocks++;
    const line = text.slice(0, match.index).split('\n').length + 1;
    const name = `${readme.replace(/\/?README\.md$/, '').replace(/[/]/g, '-') || 'root'}-${n}.ts`;
    // The header points a type error back at the README line; `export {}` makes the block a module (imports
    // are local to it, top-level await is allowed) even when it imports nothing.
    writeFileSync(join(out, name), `// ${readme}:${line}\n${match[1]}\nexport {};\n`);
  }
}
if (blocks === 0) {
  console.error(`no \`\`\`ts block found in ${readmes.join(', ')}`);
  process.exit(1);
}
console.log(`${blocks} TypeScript blocks from ${readmes.length} READMEs → ${relative(process.cwd(), out)}`);
