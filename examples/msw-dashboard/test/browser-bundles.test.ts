// The packages a page uses bundle for the browser with nothing of Node: no built-in import anywhere, no Node
// global in our own code (see support/browser-bundles.ts). Sizes are printed, not asserted.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBrowserBundle } from './support/browser-bundles.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const sizes: string[] = [];
afterAll(() => console.log(`browser bundles (minified / gzipped):\n${sizes.join('\n')}`));

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

describe('browser bundles', () => {
  it.each([
    '@jobwatch/mock-server/msw',
    '@jobwatch/salesforce-backup',
    '@jobwatch/dynamics365-backup',
    '@jobwatch/dynamics365-backup/2025-04',
    '@jobwatch/specs',
    '@jobwatch/jobs-engine',
    // The example page itself: all of the above with msw/browser, as the browser gets it.
    '../src/main.ts',
  ])('%s has no Node built-in and no Node global', async (specifier) => {
    const report = await checkBrowserBundle({ specifier }, here);
    sizes.push(`  ${specifier}: ${kib(report.bytes)} / ${kib(report.gzipBytes)}`);
    expect(report.builtins, 'Node built-ins imported').toEqual([]);
    expect(report.globals, 'Node globals referenced').toEqual([]);
  });

  it('names the built-ins and globals that get in (the check can fail)', async () => {
    const report = await checkBrowserBundle(
      {
        contents: [
          "import { readFileSync } from 'node:fs';",
          "import { createHash } from 'crypto';",
          "export const hash = () => createHash('sha1').update(Buffer.from(readFileSync(__filename))).digest();",
          'export const env = () => process.env.HOME;',
          'export const local = (Buffer: string) => Buffer.length; // a parameter, not the global',
        ].join('\n'),
      },
      here,
    );
    expect(report.builtins).toEqual(['node:fs (imported by <stdin>)', 'crypto (imported by <stdin>)']);
    expect([...report.globals].sort()).toEqual([
      'Buffer (in <stdin>)',
      '__filename (in <stdin>)',
      'process (in <stdin>)',
    ]);
  });
});
