#!/usr/bin/env node
// `pnpm --filter @jobwatch/hardening load`: load, then graceful shutdown under load, against the REAL mock process
// with 1,000,000 jobs per API and auth on (a bearer token on every request), over a mix of distinct queries on
// both APIs.
//
//   load:     LOAD_CONNECTIONS (100) connections for LOAD_DURATION (60) s after a LOAD_WARMUP (5) s warm-up →
//             req/s, p50/p97.5/p99 latency, errors, timeouts, non-2xx. Must be 0 errors and 0 timeouts.
//   shutdown: LOAD_CONNECTIONS keep-alive node:http clients; SIGTERM after SHUTDOWN_AFTER (10) s → every request
//             in flight gets its answer, no reset or hang-up (only ECONNREFUSED once the listener is closed), and
//             the process exits 0.
//
// Flags override the variables: --duration --connections --jobs --warmup --shutdown-after --distinct.
// Exit code 0 when every criterion holds, 1 otherwise. The report goes to stdout (Markdown), progress to stderr.
import { Agent, request as httpRequest } from 'node:http';
import { cpus } from 'node:os';
import { countBy, log, machineHeader, option, runLoad, runScript, setUp } from './loadgen.js';

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

/**
 * The shutdown phase drives the mock with node:http keep-alive clients, one request at a time per connection,
 * because they honour `Connection: close` as HTTP/1.1 requires (RFC 9112 §9.6). autocannon does not: it writes
 * its next request on a connection the server has announced it will close, and counts that as unanswered.
 * A request is "in flight" once it was written on an open connection; one whose connection was refused never
 * reached the server.
 */
async function shutdown(): Promise<{ ok: boolean; lines: string[] }> {
  log(`shutdown: fresh mock, ${CONNECTIONS} keep-alive connections, SIGTERM after ${SHUTDOWN_AFTER} s …`);
  const fixture = await setUp(JOBS, DISTINCT, 11);
  const target = new URL(fixture.mock.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const counts = { sent: 0, answered: 0, refused: 0, answeredAfterSignal: 0 };
  const failures: string[] = [];
  const statuses: Record<string, number> = {};
  let signalAt = 0;
  let stopped = false;
  let cursor = 0;

  const once = (path: string) =>
    new Promise<void>((resolve) => {
      const request = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path,
          headers: { authorization: `Bearer ${fixture.token}` },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            counts.answered++;
            if (signalAt > 0) counts.answeredAfterSignal++;
            statuses[response.statusCode ?? 0] = (statuses[response.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
          response.on('error', (error: NodeJS.ErrnoException) => {
            failures.push(`response ${error.code ?? error.message}`);
            resolve();
          });
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        // Refused: the listener is closed, so the request never reached the server — it was not in flight.
        if (error.code === 'ECONNREFUSED') {
          counts.refused++;
          stopped = true;
        } else failures.push(`${error.code ?? error.message}${signalAt > 0 ? ' after the signal' : ''}`);
        resolve();
      });
      // A request that neither answers nor fails within 30 s counts as a failure instead of hanging the run.
      request.setTimeout(30_000, () =>
        request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      );
      counts.sent++;
      request.end();
    });

  const worker = async () => {
    while (!stopped) {
      await once(fixture.paths[cursor]!);
      cursor = (cursor + 1) % fixture.paths.length;
    }
  };
  const workers = Array.from({ length: CONNECTIONS }, worker);
  await new Promise((r) => setTimeout(r, SHUTDOWN_AFTER * 1000));
  signalAt = Date.now();
  const exitCode = await fixture.mock.stop('SIGTERM');
  const exitMs = Date.now() - signalAt;
  stopped = true;
  await Promise.all(workers);
  agent.destroy();

  const unanswered = counts.sent - counts.answered - counts.refused - failures.length;
  const ok = exitCode === 0 && failures.length === 0 && unanswered === 0;
  const lines = [
    `### Graceful shutdown under load: SIGTERM after ${SHUTDOWN_AFTER} s of ${CONNECTIONS} keep-alive connections`,
    '',
    '| measurement | value |',
    '|---|---|',
    `| requests sent / answered / refused after close | ${counts.sent.toLocaleString('en')} / ${counts.answered.toLocaleString('en')} / ${counts.refused.toLocaleString('en')} |`,
    `| answered after the signal (in flight or arriving during the drain) | ${counts.answeredAfterSignal} |`,
    `| status codes | ${JSON.stringify(statuses)} |`,
    `| resets, hang-ups or other errors | ${failures.length === 0 ? 0 : JSON.stringify(countBy(failures))} |`,
    `| requests in flight that got no answer | ${unanswered} |`,
    `| SIGTERM → exit | ${exitMs} ms, exit code ${exitCode} |`,
    `| verdict | ${ok ? 'PASS (every request in flight answered, no reset, exit 0)' : 'FAIL'} |`,
  ];
  return { ok, lines };
}

async function main(): Promise<void> {
  log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
  const first = await load();
  const second = await shutdown();
  const header = machineHeader();
  process.stdout.write(`${[header, '', ...first.lines, '', ...second.lines].join('\n')}\n`);
  process.exitCode = first.ok && second.ok ? 0 : 1;
}

runScript('load', main);
