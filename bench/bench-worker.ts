// This bundle (dist/bench.js) started again as a worker thread, for the sections that
// measure work as a reading thread of its own does it; ./bench.ts hands each worker to
// its section by its workerData.

import { Worker } from 'node:worker_threads';

/** Starts dist/bench.js as a worker with `data` and resolves with the one message it posts. */
export function runInBenchWorker<T>(data: unknown): Promise<T> {
  const worker = new Worker(__filename, { workerData: data });
  return new Promise<T>((resolve, reject) => {
    worker.once('message', (result: T) => resolve(result));
    worker.once('error', reject);
  }).finally(() => void worker.terminate());
}
