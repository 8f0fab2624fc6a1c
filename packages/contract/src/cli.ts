#!/usr/bin/env node
// The `jobwatch-contract` bin (`pnpm contract`). The logic lives in cli/main.ts so tests can run it in-process.
import { runCli } from './cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
