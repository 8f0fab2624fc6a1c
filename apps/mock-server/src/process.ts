// startMockProcess: runs the real bin (`node dist/bin.js --port 0 …`) as a child process and resolves when it
// prints its `ready <base URL>` line. Used by the e2e suite, the contract suite, CLI and hardening tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StartMockOptions {
  /** Extra flags (after `--port 0`; a later `--port` wins). */
  args?: string[];
  /** Extra environment variables (over the parent's). */
  env?: Record<string, string>;
  /** How long to wait for the ready line, ms. Default 30 s. */
  timeoutMs?: number;
}

export interface MockProcess {
  baseUrl: string;
  tokenUrl: string;
  pid: number;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /**
   * Resolves once the output matches `pattern` (checked as each chunk arrives: an event, not a poll); rejects if
   * it does not within `timeoutMs` (default 30 s) or the process exits first.
   */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends the signal (default SIGTERM) and resolves with the exit code (128 + n if killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number>;
}

const READY_LINE = /^ready (http:\/\/\S+)$/m;
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** dist/bin.js next to this file once built; from the TypeScript sources (tests), the built one in ../dist. */
export function binPath(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? resolve(dirname(here), '../dist/bin.js') : resolve(dirname(here), 'bin.js');
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolveExit) => {
    if (child.exitCode !== null) return resolveExit(child.exitCode);
    if (child.signalCode !== null) return resolveExit(128 + (SIGNAL_NUMBERS[child.signalCode] ?? 0));
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      resolveExit(code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 0) : 0));
    });
  });
}

export function startMockProcess(options: StartMockOptions = {}): Promise<MockProcess> {
  const child = spawn(process.execPath, [binPath(), '--port', '0', ...(options.args ?? [])], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = exitCode(child);
  /** Pending waitForOutput calls: each is checked against the output after every chunk. */
  const waiters = new Set<() => void>();

  return new Promise<MockProcess>((resolveStart, rejectStart) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      rejectStart(
        new Error(`mock process not ready after ${options.timeoutMs ?? 30_000} ms. Output:\n${output}`),
      );
    }, options.timeoutMs ?? 30_000);

    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const check of [...waiters]) check();
      const match = settled ? null : READY_LINE.exec(output);
      if (match?.[1]) {
        settled = true;
        clearTimeout(timer);
        const baseUrl = match[1];
        resolveStart({
          baseUrl,
          tokenUrl: `${baseUrl}/connect/token`,
          pid: child.pid ?? -1,
          output: () => output,
          waitForOutput(pattern: RegExp, timeoutMs = 30_000) {
            return new Promise<void>((resolveWait, rejectWait) => {
              const check = () => {
                if (!pattern.test(output)) return;
                finish();
                resolveWait();
              };
              const finish = () => {
                waiters.delete(check);
                clearTimeout(giveUp);
              };
              const giveUp = setTimeout(() => {
                finish();
                rejectWait(new Error(`mock output did not match ${pattern} within ${timeoutMs} ms`));
              }, timeoutMs);
              void exited.then((code) => {
                if (!waiters.has(check)) return;
                finish();
                rejectWait(new Error(`mock process exited (${code}) before its output matched ${pattern}`));
              });
              waiters.add(check);
              check();
            });
          },
          stop(signal: NodeJS.Signals = 'SIGTERM') {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      rejectStart(new Error(`mock process exited with code ${code} before it was ready. Output:\n${output}`));
    });
  });
}
