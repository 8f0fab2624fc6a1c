// The benchmark page (bench.html?runs=7&now=…): times the builds in the page and leaves the timings on
// `window.jobwatchBench` for scripts/bench.mjs, which runs the same builds in Node as the baseline.
import { type BuildTiming, timeBuilds } from './measure.js';
import { DEFAULT_OPTIONS } from './options.js';

declare global {
  interface Window {
    jobwatchBench?: { timings?: BuildTiming[]; error?: string };
  }
}

const params = new URLSearchParams(location.search);
const runs = Number(params.get('runs') ?? 7);
const now = new Date(params.get('now') ?? DEFAULT_OPTIONS.now);

timeBuilds(runs, now).then(
  (timings) => {
    window.jobwatchBench = { timings };
    document.body.textContent = timings.map((t) => `${t.totalMs.toFixed(1)} ms`).join(', ');
    document.body.dataset.state = 'ready';
  },
  (error: unknown) => {
    window.jobwatchBench = { error: error instanceof Error ? error.message : String(error) };
    document.body.dataset.state = 'error';
  },
);
