// Datasets: both APIs' engine datasets and profiles, built once per app from the options (seed, size, now,
// scenario). They are built before the Fastify instance, because the server factory (the fast path) and the
// framework error handler need the profiles; the routes that serve them are the jobs plugin's.
//
// Large datasets build in parallel: a worker thread generates the Dynamics 365 columns and their filter index (most of
// a build) while this thread builds Salesforce, then hands them over (buffers transferred, not copied), and the engine
// takes them if they were generated for the same options. Building is synchronous here (the app is built
// synchronously), so this thread waits on a shared flag rather than an event. Anything unexpected — no built worker
// file (tests run the sources), a worker that fails or takes too long — and the dataset is built here as before.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  type ApiName,
  type PrebuiltColumns,
  type Scenario,
  withPrebuiltColumns,
} from '@jobwatch/jobs-engine';
import type { DataClock } from '../clock.js';
import { datasetsAt, type EngineApi } from '../engine.js';
import type { ResolvedOptions } from '../options.js';
import { readScenarioFile } from '../scenario-file.js';
import type { DatasetWorkerData } from './dataset-worker.js';

/** Below this many jobs a build takes less than a worker thread takes to start. */
const PARALLEL_MIN_JOBS = 200_000;
/** The API built in the worker. */
const WORKER_API: ApiName = 'dynamics365';
/** How long this thread waits for the worker's columns before building them itself. */
const WORKER_TIMEOUT_MS = 60_000;

/** Both datasets, built for the instant the data clock starts at. */
export function loadDatasets(options: ResolvedOptions, clock: DataClock): EngineApi[] {
  const scenario =
    typeof options.scenario === 'string' ? readScenarioFile(options.scenario) : options.scenario;
  const parallel = options.jobs >= PARALLEL_MIN_JOBS ? startDatasetWorker(options, clock, scenario) : null;
  if (parallel === null) return datasetsAt(options, clock, scenario);
  try {
    return withPrebuiltColumns(
      (api) => (api === WORKER_API ? parallel.take() : null),
      () => datasetsAt(options, clock, scenario),
    );
  } finally {
    parallel.stop();
  }
}

export interface ParallelBuild {
  /** The worker's columns (waits for them), or null if it failed or took too long. */
  take(): PrebuiltColumns | null;
  stop(): void;
}

/** The built worker: beside this file once built; from the TypeScript sources (tests), the built one in dist. */
function workerFile(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../../dist/plugins/dataset-worker.js', here)
    : new URL('./dataset-worker.js', here);
}

/** Starts generating the worker API's columns in a worker thread; null when no built worker file exists. */
export function startDatasetWorker(
  options: Pick<ResolvedOptions, 'seed' | 'jobs' | 'orgs'>,
  clock: Pick<DataClock, 'startMs'>,
  scenario: Scenario | undefined,
): ParallelBuild | null {
  const file = workerFile();
  if (!existsSync(fileURLToPath(file))) return null;
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const workerData: DatasetWorkerData = {
    api: WORKER_API,
    options: {
      seed: options.seed,
      jobs: options.jobs,
      ...(options.orgs === undefined ? {} : { orgs: options.orgs }),
      ...(scenario === undefined ? {} : { scenario }),
      nowMs: clock.startMs,
    },
    port: port2,
    done,
  };
  // A process that turned Node's compile cache on (bin.ts) shares it with the worker, which does not inherit it.
  const cacheDir = (module as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir?.();
  const env = cacheDir === undefined ? process.env : { ...process.env, NODE_COMPILE_CACHE: cacheDir };
  let worker: Worker;
  try {
    worker = new Worker(file, { workerData, transferList: [port2], env });
  } catch {
    return null;
  }
  worker.unref();
  // A worker that fails to start reports it as an event, which this (blocked) thread would see too late: the
  // wait's timeout covers it.
  worker.on('error', () => {});
  return {
    take() {
      if (Atomics.wait(done, 0, 0, WORKER_TIMEOUT_MS) === 'timed-out') return null;
      const message = receiveMessageOnPort(port1)?.message as { built?: PrebuiltColumns } | undefined;
      return message?.built ?? null;
    },
    stop() {
      port1.close();
      void worker.terminate();
    },
  };
}
