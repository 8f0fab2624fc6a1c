// Bundles an entry point for the browser with esbuild and lists what of Node got in: imports of Node built-ins
// (`node:*`, `fs`, `crypto`, `buffer`, …) anywhere in the graph, and references to Node globals (`Buffer`,
// `process`, …) in the workspace's own code. Third-party packages are judged by their imports only: the ones we
// bundle (msw, faker) probe `typeof process` to pick a code path, which is safe in a browser, and their browser
// builds are theirs to get right; a built-in import, though, cannot work in a page however it is guarded.
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

/** The Node globals a browser does not have. */
const NODE_GLOBALS = [
  'Buffer',
  'process',
  'global',
  '__dirname',
  '__filename',
  'setImmediate',
  'clearImmediate',
];
const marker = (name: string) => `__jobwatch_node_global_${name}__`;
const MARKER = /__jobwatch_node_global_(\w+?)__/g;
const builtins = new Set(builtinModules);

export interface BrowserBundleReport {
  /** `<builtin> (imported by <file>)` for each Node built-in import. */
  readonly builtins: readonly string[];
  /** `<global> (in <file>)` for each Node global referenced by workspace code. */
  readonly globals: readonly string[];
  /** Size of the minified bundle, and gzipped. */
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** What to bundle: a module specifier resolved from `resolveDir`, or a module's source text. */
export type BundleEntry = { specifier: string } | { contents: string };

/** Records each built-in import and keeps it out of the bundle, so that the build goes on to list them all. */
function builtinRecorder(found: Set<string>): Plugin {
  return {
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith('node:') ? args.path : args.path.split('/')[0]!;
        if (!name.startsWith('node:') && !builtins.has(name)) return undefined;
        found.add(`${args.path} (imported by ${args.importer})`);
        return { path: args.path, external: true };
      });
    },
  };
}

/** `// path/to/file.js` lines: esbuild names each module before its code in an unminified bundle. */
const MODULE_COMMENT = /^\/\/ (\S+)$/;

function globalsOfWorkspaceCode(text: string): string[] {
  const found = new Set<string>();
  let module = '<stdin>';
  for (const line of text.split('\n')) {
    const comment = MODULE_COMMENT.exec(line);
    if (comment) module = comment[1]!;
    else if (!module.includes('node_modules/.pnpm/')) {
      for (const [, name] of line.matchAll(MARKER)) found.add(`${name} (in ${module})`);
    }
  }
  return [...found];
}

export async function checkBrowserBundle(
  entry: BundleEntry,
  resolveDir: string,
): Promise<BrowserBundleReport> {
  const stdin = {
    contents: 'specifier' in entry ? `export * from ${JSON.stringify(entry.specifier)};` : entry.contents,
    resolveDir,
    loader: 'ts' as const,
  };
  const common = {
    stdin,
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
  } as const;
  const found = new Set<string>();
  // Node globals become markers where they are free (esbuild's define never touches a local binding).
  const define = Object.fromEntries(NODE_GLOBALS.map((name) => [name, marker(name)]));
  const readable = await build({ ...common, define, plugins: [builtinRecorder(found)] });
  const minified = await build({ ...common, minify: true, plugins: [builtinRecorder(new Set())] });
  const bytes = minified.outputFiles[0]!.contents;
  return {
    builtins: [...found],
    globals: globalsOfWorkspaceCode(readable.outputFiles[0]!.text),
    bytes: bytes.length,
    gzipBytes: gzipSync(bytes).length,
  };
}
