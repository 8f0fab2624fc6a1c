// `pnpm bench`: the time to build the default dataset (10,000 jobs per API) with createJobwatchHandlers and
// answer each API's first page, in headless Chromium (the page dist/bench.html) and, as the same-run baseline,
// in this Node process (src/measure.ts bundled for Node). Prints medians and the Chromium/Node ratio; the target
// is a Chromium median of at most 300 ms. Printed, not asserted: a loaded machine slows both sides, hence the
// ratio. `--runs N` (default 7; the first, cold run counts like the others).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { hasChromium, launchChromium } from '@jobwatch/browser-testing';
import { build } from 'esbuild';
import { buildSite, distDir } from './build.mjs';
import { serveFolder } from './static-server.mjs';

const TARGET_MS = 300;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
if (!Number.isSafeInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive integer, got ${values.runs}`);
if (!hasChromium) throw new Error('the benchmark needs /usr/bin/chromium (apt-get install chromium)');

/** @param {number[]} values @returns {number} */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** @typedef {{ createMs: number; firstResponsesMs: number; totalMs: number; salesforceJobs: number }} BuildTiming */

/**
 * src/measure.ts (and the page's default instant) bundled for Node, its packages imported from node_modules.
 * @returns {Promise<{ timeBuilds(runs: number, now: Date): Promise<BuildTiming[]>; DEFAULT_OPTIONS: { now: Date } }>}
 */
async function loadForNode() {
  const outfile = `${distDir}/node/measure.mjs`;
  await build({
    stdin: {
      contents: "export { timeBuilds } from './measure.ts'; export { DEFAULT_OPTIONS } from './options.ts';",
      resolveDir: fileURLToPath(new URL('../src/', import.meta.url)),
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/** @param {Date} now */
async function chromiumTimings(now) {
  const server = await serveFolder(distDir);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(
      `${server.url}/bench.html?${new URLSearchParams({ runs: String(runs), now: now.toISOString() })}`,
    );
    await page.locator('body:not([data-state="loading"])').waitFor({ timeout: 120_000 });
    /** @type {{ timings?: BuildTiming[]; error?: string } | undefined} */
    const result = await page.evaluate(() => window.jobwatchBench);
    if (!result?.timings) throw new Error(`the benchmark page failed: ${result?.error ?? 'no result'}`);
    return { timings: result.timings, version: browser.context.browser()?.version() ?? 'Chromium' };
  } finally {
    await browser.close();
    await server.close();
  }
}

await buildSite();
const { timeBuilds, DEFAULT_OPTIONS } = await loadForNode();
const { now } = DEFAULT_OPTIONS;
const node = await timeBuilds(runs, now);
const chromium = await chromiumTimings(now);
/** @param {BuildTiming[]} timings @param {'createMs' | 'firstResponsesMs' | 'totalMs'} key */
const med = (timings, key) => median(timings.map((t) => t[key]));
const row = (/** @type {string} */ name, /** @type {'createMs' | 'firstResponsesMs' | 'totalMs'} */ key) =>
  `  ${name.padEnd(24)} ${med(chromium.timings, key).toFixed(1).padStart(8)} ms ${med(node, key).toFixed(1).padStart(8)} ms ${(med(chromium.timings, key) / med(node, key)).toFixed(2).padStart(6)}×`;
console.log(
  `createJobwatchHandlers + first pages, default dataset (${chromium.timings[0]?.salesforceJobs} Salesforce jobs), ` +
    `median of ${runs} runs (Chromium ${chromium.version} vs Node ${process.version}):`,
);
console.log(`  ${''.padEnd(24)} ${'Chromium'.padStart(11)} ${'Node'.padStart(11)} ${'ratio'.padStart(7)}`);
console.log(row('createJobwatchHandlers', 'createMs'));
console.log(row('first pages (SF + D365)', 'firstResponsesMs'));
console.log(row('total', 'totalMs'));
// The first run also pays for compiling the code (a page's first build is cold): shown apart from the median.
const cold = (/** @type {BuildTiming[]} */ timings) => timings[0]?.totalMs ?? Number.NaN;
console.log(
  `  ${'total, first run (cold)'.padEnd(24)} ${cold(chromium.timings).toFixed(1).padStart(8)} ms ${cold(node).toFixed(1).padStart(8)} ms ${(cold(chromium.timings) / cold(node)).toFixed(2).padStart(6)}×`,
);
const total = med(chromium.timings, 'totalMs');
console.log(`  Chromium runs: ${chromium.timings.map((t) => t.totalMs.toFixed(0)).join(', ')} ms`);
console.log(
  `  target: Chromium median ≤ ${TARGET_MS} ms — ${total <= TARGET_MS ? 'met' : 'NOT met'} (${total.toFixed(1)} ms)`,
);
