// What every command gets: its streams, clock, stop signal, the sources, and the parsed common flags.
import type { ProgressStream } from '../progress.js';
import type { JobSource, StatusName } from '../sources.js';

/** The process around a command; injected so that commands can be tested without a process. */
export interface Io {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C / SIGTERM. */
  signal?: AbortSignal;
  /** Current time in ms (default Date.now). */
  now?: () => number;
  /** Waits `ms`, or rejects when `signal` aborts (default: a timer). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type Format = 'table' | 'json' | 'csv';

/** The common, already validated settings of a command. */
export interface CommandContext {
  io: Io;
  sources: JobSource[];
  sinceMs: number;
  status: StatusName | undefined;
  organizationId: string | undefined;
  pageSize: number;
  format: Format;
  now: () => number;
}
