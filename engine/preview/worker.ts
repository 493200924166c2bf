// The preview worker (dist/preview-worker.js): ./preview-worker-core in a
// worker_threads Worker, so the extension host never waits and PreviewRunner can
// terminate it.

import { parentPort, workerData } from 'node:worker_threads';
import { servePreviewWorker } from './preview-worker-core';
import type { ToWorker } from './worker-protocol';

const port = parentPort;
if (port === null) throw new Error('preview-worker.js must run as a worker thread');
servePreviewWorker(
  {
    post: (message, transfer) => port.postMessage(message, transfer),
    onMessage: (handler) => port.on('message', (message: ToWorker) => handler(message)),
  },
  (workerData as { shared: Int32Array }).shared,
);
