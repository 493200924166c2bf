// Starting the preview worker (Node: a worker_threads Worker running
// dist/preview-worker.js). The web build replaces this module by
// ./spawn-preview-worker.web (a web worker); PreviewRunner sees only this handle.

import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface PreviewWorkerHandle {
  postMessage(message: ToWorker): void;
  onMessage(handler: (message: FromWorker) => void): void;
  onError(handler: (message: string) => void): void;
  /** Node only: a web worker does not say when it ends. */
  onExit(handler: (code: number) => void): void;
  terminate(): void;
}

export interface SpawnOptions {
  /** Web only: the worker's script, where the host refuses to start a worker from its URL. */
  loadScript?: () => Promise<Uint8Array>;
}

/** Memory the runner and the worker share (the worker writes its progress, the runner the newest run). */
export function sharedSlots(count: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(count * 4));
}

export function spawnPreviewWorker(location: string, shared: Int32Array, _options: SpawnOptions = {}): PreviewWorkerHandle {
  const worker = new Worker(location, { workerData: { shared } });
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (handler) => worker.on('message', handler),
    onError: (handler) => worker.on('error', (error) => handler(error.message)),
    onExit: (handler) => worker.on('exit', handler),
    terminate: () => void worker.terminate(),
  };
}
