#!/usr/bin/env node
// The `jobs` executable: wires run() to the process, turns Ctrl-C/SIGTERM into an abort, sets the exit code.
import { run } from './main.js';

const controller = new AbortController();
const stop = () => controller.abort(new Error('interrupted'));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
// `jobs list | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
