#!/usr/bin/env node
// `pnpm --filter @jobwatch/hardening soak`: SOAK_DURATION (300) s of steady load (SOAK_CONNECTIONS, 50) against the
// REAL mock process with 1,000,000 jobs per API and auth on, over SOAK_DISTINCT (200,000) distinct queries so that
// any per-query cache keeps growing if it is unbounded. VmRSS of the mock is sampled every SOAK_SAMPLE (5) s from
// /proc/<pid>/status. Verdict: the median RSS of the last minute is < 10% above the median of the first minute.
// (Windows shorter than 3 minutes compare the first and last fifth instead.)
//
// Flags override the variables: --duration --connections --jobs --sample --distinct. Exit 0 on PASS, 1 on FAIL.
import { cpus } from 'node:os';
import { log, machineHeader, median, option, runLoad, runScript, setUp } from './loadgen.js';
import { rssKb } from './mock.js';

const DURATION = option('duration', 'SOAK_DURATION', 300);
const CONNECTIONS = option('connections', 'SOAK_CONNECTIONS', 50);
const JOBS = option('jobs', 'SOAK_JOBS', 1_000_000);
const SAMPLE = option('sample', 'SOAK_SAMPLE', 5);
const DISTINCT = option('distinct', 'SOAK_DISTINCT', 200_000);

const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  log(
    `soak: ${cpus().length} cores, Node ${process.version}; starting the mock with ${JOBS.toLocaleString('en')} jobs per API …`,
  );
  const fixture = await setUp(JOBS, DISTINCT);
  const idleKb = rssKb(fixture.mock.pid);
  log(
    `soak: ready, RSS ${mb(idleKb)}; ${fixture.paths.length} distinct queries; ${CONNECTIONS} connections for ${DURATION} s`,
  );
  const samples: { t: number; kb: number }[] = [];
  const started = Date.now();
  const timer = setInterval(() => {
    const kb = rssKb(fixture.mock.pid);
    samples.push({ t: (Date.now() - started) / 1000, kb });
    if (samples.length % 12 === 0) log(`soak: ${Math.round((Date.now() - started) / 1000)} s, RSS ${mb(kb)}`);
  }, SAMPLE * 1000);
  const { result, events } = await runLoad(fixture, { connections: CONNECTIONS, durationS: DURATION });
  clearInterval(timer);
  const code = await fixture.mock.stop();

  const window = DURATION >= 180 ? 60 : DURATION / 5;
  const first = samples.filter((s) => s.t <= window).map((s) => s.kb);
  const last = samples.filter((s) => s.t >= DURATION - window).map((s) => s.kb);
  const firstMedian = median(first);
  const lastMedian = median(last);
  const growth = (lastMedian / firstMedian - 1) * 100;
  const peak = Math.max(...samples.map((s) => s.kb));
  const ok = growth < 10 && result.errors === 0 && result.timeouts === 0 && code === 0;
  const lines = [
    machineHeader(),
    '',
    `### Soak: ${DURATION} s, ${CONNECTIONS} connections, ${JOBS.toLocaleString('en')} jobs/API, auth on, ${fixture.paths.length.toLocaleString('en')} distinct queries`,
    '',
    '| measurement | value |',
    '|---|---|',
    `| RSS idle after start-up | ${mb(idleKb)} |`,
    `| RSS median, first ${window} s (${first.length} samples) | ${mb(firstMedian)} |`,
    `| RSS median, last ${window} s (${last.length} samples) | ${mb(lastMedian)} |`,
    `| RSS growth first → last | ${growth.toFixed(1)}% (limit < 10%) |`,
    `| RSS peak | ${mb(peak)} |`,
    `| requests/s (mean), completed | ${Math.round(result.requests.average).toLocaleString('en')}, ${events.responses.toLocaleString('en')} |`,
    `| latency p50 / p99 | ${result.latency.p50} ms / ${result.latency.p99} ms |`,
    `| errors / timeouts / non-2xx | ${result.errors} / ${result.timeouts} / ${result.non2xx} |`,
    `| mock exit code after SIGTERM | ${code} |`,
    `| verdict | ${ok ? 'PASS' : 'FAIL'} |`,
    '',
    `RSS samples (s: MB): ${samples.map((s) => `${Math.round(s.t)}:${(s.kb / 1024).toFixed(0)}`).join(' ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = ok ? 0 : 1;
}

runScript('soak', main);
