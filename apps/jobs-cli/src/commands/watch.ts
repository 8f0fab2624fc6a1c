// jobs watch: poll for failed jobs and print each one once, until Ctrl-C or SIGTERM (which exit 0).
import { describeError } from '../errors.js';
import { csvLine, JOB_FIELDS, jobJson, shortTime } from '../format.js';
import type { JobRow } from '../sources.js';
import type { CommandContext } from './context.js';
import { collect } from './list.js';

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `jobs watch`: each poll lists the failed jobs of the `--since` window and prints the unseen ones. */
export async function watchCommand(ctx: CommandContext, intervalMs: number): Promise<number> {
  const { io } = ctx;
  const signal = io.signal;
  const sleep = io.sleep ?? abortableSleep;
  // A job may fail long after it started, so every poll looks at the whole window rather than since the last poll.
  const seen = new Map<string, number>();
  const labels = ctx.sources.map((s) => s.label).join(' and ');
  io.stderr.write(`jobs: watching ${labels} for failed jobs every ${intervalMs / 1000}s (Ctrl-C to stop)\n`);
  if (ctx.format === 'csv') io.stdout.write(csvLine(JOB_FIELDS));
  const print = (row: JobRow) => {
    if (ctx.format === 'json') io.stdout.write(`${JSON.stringify(jobJson(row))}\n`);
    else if (ctx.format === 'csv') io.stdout.write(csvLine(JOB_FIELDS.map((f) => row[f])));
    else
      io.stdout.write(
        `${shortTime(row.startTime)}  ${row.api}  FAILED  ${row.jobId}  ${row.organization}  ${row.type}\n`,
      );
  };
  for (let poll = 1; ; poll++) {
    try {
      const rows = await collect(ctx, ctx.sources, 'failed');
      const horizon = ctx.now() - ctx.sinceMs;
      for (const [key, started] of seen) if (started < horizon) seen.delete(key);
      // Oldest first, so the terminal reads in time order.
      for (const row of rows.reverse()) {
        const key = `${row.api}:${row.jobId}`;
        if (seen.has(key)) continue;
        seen.set(key, Date.parse(row.startTime));
        print(row);
      }
    } catch (error) {
      if (signal?.aborted) return 0;
      // The first poll proves the settings; later failures are reported and the watch goes on.
      if (poll === 1) throw error;
      io.stderr.write(`jobs: poll failed: ${describeError(error).line}\n`);
    }
    try {
      await sleep(intervalMs, signal);
    } catch {
      return 0;
    }
    if (signal?.aborted) return 0;
  }
}
