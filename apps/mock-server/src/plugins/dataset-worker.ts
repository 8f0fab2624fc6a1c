// The worker thread of a parallel dataset build (plugins/datasets.ts): generates one API's columns and their filter
// index and hands them back, their buffers transferred, on the port it was given; then raises the flag the main
// thread waits on.
import { type MessagePort, workerData } from 'node:worker_threads';
import { type ApiName, type DatasetOptions, generateDatasetColumns } from '@jobwatch/jobs-engine';

export interface DatasetWorkerData {
  api: ApiName;
  /** DatasetOptions with `now` as epoch ms (structured clone keeps a Date, but the options stay plain). */
  options: Omit<DatasetOptions, 'now' | 'prebuilt'> & { nowMs: number };
  port: MessagePort;
  /** Int32Array over a SharedArrayBuffer: set to 1 once the message is on the port. */
  done: Int32Array;
}

const { api, options, port, done } = workerData as DatasetWorkerData;
try {
  const { nowMs, ...rest } = options;
  const { buffers = [], ...built } = generateDatasetColumns(api, { ...rest, now: new Date(nowMs) });
  port.postMessage({ built }, [...buffers]);
} catch (error) {
  // The main thread builds the dataset itself and reports the problem as usual.
  port.postMessage({ error: (error as Error).message });
} finally {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
