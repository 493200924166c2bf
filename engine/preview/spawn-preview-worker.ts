// Starting the preview worker (Node: a worker_threads Worker running
// dist/preview-worker.js). The web build replaces this module by
// ./spawn-preview-worker.web (a web worker); PreviewRunner sees only this handle.

import { Worker } from 'node:worker_threads';
import { withinLimit, workersThatFit } from '../address-space';
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
  // A thread the address space has no room for would end the editor's whole extension
  // host (../address-space): a worker that fails at once instead, which the runner
  // reports (and, after a few tries, gives up on) as it does any worker that cannot live.
  if (workersThatFit(1) === 0) return failedWorker(`no room for its thread ${withinLimit()}`);
  const worker = new Worker(location, { workerData: { shared } });
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (handler) => worker.on('message', handler),
    onError: (handler) => worker.on('error', (error) => handler(error.message)),
    onExit: (handler) => worker.on('exit', handler),
    terminate: () => void worker.terminate(),
  };
}

/** A worker that never ran: its error is reported once a handler is there. */
function failedWorker(message: string): PreviewWorkerHandle {
  return {
    postMessage: () => undefined,
    onMessage: () => undefined,
    onError: (handler) => void setImmediate(() => handler(message)),
    onExit: () => undefined,
    terminate: () => undefined,
  };
}
