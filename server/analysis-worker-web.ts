// The web extension's analysis worker (dist/web/analysis-worker.js): started by the
// language server's web worker (./analyser.web) on first use, it runs the jobs that
// need the analysis engine (./analysis-jobs) in ./job-queue's order.

import { JobQueue } from './job-queue';
import type { FromWorker, ToWorker } from './worker-protocol';

declare const self: { postMessage(message: FromWorker): void; onmessage: ((event: { data: ToWorker }) => void) | null };

const queue = new JobQueue((message) => self.postMessage(message));
self.onmessage = (event) => queue.onMessage(event.data);
