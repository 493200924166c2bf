// The server's worker threads (dist/server.js started as a worker): parse, check and
// analyse rules text, and run the diff, so the server's own thread only answers
// requests. The jobs and their order are ./job-queue's; a running job is also stopped
// when the server writes its id in shared memory (read at every step).

import { parentPort, workerData } from 'node:worker_threads';
import { JobQueue } from './job-queue';
import { cancelSlotOf, type FromWorker, type ToWorker } from './worker-protocol';

/** Runs this thread as a server worker (./main calls it when not on the main thread). */
export function startWorker(): void {
  const port = parentPort;
  if (port === null) throw new Error('startWorker must run in a worker thread');
  const shared = (workerData as { shared: Int32Array }).shared;
  const queue = new JobQueue(
    (message: FromWorker) => port.postMessage(message),
    (run) => Atomics.load(shared, cancelSlotOf(run)) === run,
  );
  port.on('message', (message: ToWorker) => queue.onMessage(message));
}
