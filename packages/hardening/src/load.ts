#!/usr/bin/env node
// `pnpm --filter @jobwatch/hardening load`: load, then graceful shutdown under load, against the REAL mock process
// with 1,000,000 jobs per API and auth on (a bearer token on every request), over a mix of distinct queries on
// both APIs.
//
//   load:     LOAD_CONNECTIONS (100) connections for LOAD_DURATION (60) s after a LOAD_WARMUP (5) s warm-up →
//             req/s, p50/p97.5/p99 latency, errors, timeouts, non-2xx. Must be 0 errors and 0 timeouts.
//   shutdown: the same load; SIGTERM after SHUTDOWN_AFTER (10) s → every request sent got its response (sent ==
//             responses), no error before the signal, no reset/timeout at all (only ECONNREFUSED once the listener
//             is closed), and the process exits 0.
//
// Flags override the variables: --duration --connections --jobs --warmup --shutdown-after --distinct.
// Exit code 0 when every criterion holds, 1 otherwise. The report goes to stdout (Markdown), progress to stderr.
import { cpus } from 'node:os';
import { countBy, log, option, runLoad, setUp } from './loadgen.js';

const DURATION = option('duration', 'LOAD_DURATION', 60);
const CONNECTIONS = option('connections', 'LOAD_CONNECTIONS', 100);
const JOBS = option('jobs', 'LOAD_JOBS', 1_000_000);
const WARMUP = option('warmup', 'LOAD_WARMUP', 5);
const SHUTDOWN_AFTER = option('shutdown-after', 'SHUTDOWN_AFTER', 10);
const DISTINCT = option('distinct', 'LOAD_DISTINCT', 20_000);

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

async function load(): Promise<{ ok: boolean; lines: string[] }> {
  log(`load: starting the mock with ${JOBS.toLocaleString('en')} jobs per API …`);
  const fixture = await setUp(JOBS, DISTINCT);
  log(
    `load: ready in ${Math.round(fixture.startMs)} ms; ${fixture.paths.length} distinct queries; warm-up ${WARMUP} s`,
  );
  await runLoad(fixture, { connections: CONNECTIONS, durationS: WARMUP });
  log(`load: ${CONNECTIONS} connections for ${DURATION} s …`);
  const { result, events } = await runLoad(fixture, { connections: CONNECTIONS, durationS: DURATION });
  const code = await fixture.mock.stop();
  const ok = result.errors === 0 && result.timeouts === 0 && result.non2xx === 0 && code === 0;
  const lines = [
    `### Load: ${CONNECTIONS} connections, ${DURATION} s, ${JOBS.toLocaleString('en')} jobs/API, auth on, ${fixture.paths.length.toLocaleString('en')} distinct queries (both APIs)`,
    '',
    '| measurement | value |',
    '|---|---|',
    `| requests/s (mean) | ${Math.round(result.requests.average).toLocaleString('en')} |`,
    `| requests completed | ${events.responses.toLocaleString('en')} (sent ${result.requests.sent.toLocaleString('en')}) |`,
    `| latency p50 / p97.5 / p99 / max | ${ms(result.latency.p50)} / ${ms(result.latency.p97_5)} / ${ms(result.latency.p99)} / ${ms(result.latency.max)} |`,
    `| latency mean | ${ms(result.latency.average)} |`,
    `| errors / timeouts / non-2xx | ${result.errors} / ${result.timeouts} / ${result.non2xx} |`,
    `| status codes | ${JSON.stringify(events.statuses)} |`,
    `| mock start-up (spawn → ready) | ${Math.round(fixture.startMs)} ms |`,
    `| mock exit code after SIGTERM | ${code} |`,
    `| verdict | ${ok ? 'PASS (0 errors, 0 timeouts, 0 non-2xx)' : 'FAIL'} |`,
  ];
  return { ok, lines };
}

async function shutdown(): Promise<{ ok: boolean; lines: string[] }> {
  log(`shutdown: fresh mock, ${CONNECTIONS} connections, SIGTERM after ${SHUTDOWN_AFTER} s …`);
  const fixture = await setUp(JOBS, DISTINCT, 11);
  await runLoad(fixture, { connections: CONNECTIONS, durationS: WARMUP });
  let signalAt = 0;
  let exitAt = 0;
  let exitCode = -1;
  const run = runLoad(fixture, {
    connections: CONNECTIONS,
    durationS: SHUTDOWN_AFTER + 60,
    keepTimes: true,
    onStart(stop) {
      setTimeout(() => {
        signalAt = Date.now();
        void fixture.mock.stop('SIGTERM').then((code) => {
          exitAt = Date.now();
          exitCode = code;
          // Let autocannon see the closed listener for a moment, then end the run.
          setTimeout(stop, 1000);
        });
      }, SHUTDOWN_AFTER * 1000);
    },
  });
  const { result, events } = await run;
  const before = events.errors.filter((e) => e.at < signalAt);
  const after = events.errors.filter((e) => e.at >= signalAt);
  const resets = after.filter((e) => e.code !== 'ECONNREFUSED');
  const answeredBefore = events.responsesAt.filter((t) => t < signalAt).length;
  const answeredAfter = events.responses - answeredBefore;
  // autocannon counts a request written to a socket that is still connecting as sent; once the listener is closed
  // those attempts fail with ECONNREFUSED and never reached the server, so they are not "in flight".
  const refused = after.length - resets.length;
  const unanswered = result.requests.sent - events.responses - refused;
  const ok =
    exitCode === 0 && before.length === 0 && resets.length === 0 && unanswered === 0 && result.timeouts === 0;
  const lines = [
    `### Graceful shutdown under load: SIGTERM after ${SHUTDOWN_AFTER} s of ${CONNECTIONS} connections`,
    '',
    '| measurement | value |',
    '|---|---|',
    `| requests sent / responses received / refused after close | ${result.requests.sent.toLocaleString('en')} / ${events.responses.toLocaleString('en')} / ${refused.toLocaleString('en')} |`,
    `| requests that reached a connection but got no response | ${unanswered} |`,
    `| responses after the signal (in flight or arriving during close) | ${answeredAfter} |`,
    `| status codes | ${JSON.stringify(events.statuses)} |`,
    `| errors before the signal | ${before.length} |`,
    `| errors after the signal, by code | ${JSON.stringify(countBy(after.map((e) => e.code)))} |`,
    `| resets / timeouts (anything but ECONNREFUSED after close) | ${resets.length} / ${result.timeouts} |`,
    `| SIGTERM → exit | ${exitAt - signalAt} ms, exit code ${exitCode} |`,
    `| verdict | ${ok ? 'PASS (every request answered, no reset, exit 0)' : 'FAIL'} |`,
  ];
  return { ok, lines };
}

async function main(): Promise<void> {
  log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
  const first = await load();
  const second = await shutdown();
  const header = `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${new Date().toISOString()}`;
  process.stdout.write(`${[header, '', ...first.lines, '', ...second.lines].join('\n')}\n`);
  process.exitCode = first.ok && second.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`load failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
