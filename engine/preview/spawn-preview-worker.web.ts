// The web build's ./spawn-preview-worker: the preview's engine in a web worker
// (dist/web/preview-worker.js, ./worker-web). Where the page is not cross-origin
// isolated there is no SharedArrayBuffer: the runner's watchdog then sees no
// heartbeat (no stall detection), and the worker learns of newer runs from the
// messages. A host serving the extension from `vscode-remote:` (code-server) refuses
// `new Worker(url)`; the script is then read through the editor and started from a
// `blob:` URL (docs/dev/architecture.md, "The web extension").

import type { PreviewWorkerHandle, SpawnOptions } from './spawn-preview-worker';
import type { FromWorker, ToWorker } from './worker-protocol';

export type { PreviewWorkerHandle, SpawnOptions } from './spawn-preview-worker';

export function sharedSlots(count: number): Int32Array {
  return typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(count * 4)) : new Int32Array(count);
}

export function spawnPreviewWorker(location: string, shared: Int32Array, options: SpawnOptions = {}): PreviewWorkerHandle {
  const messageHandlers: ((message: FromWorker) => void)[] = [];
  const errorHandlers: ((message: string) => void)[] = [];
  const queued: unknown[] = [{ shared }];
  let worker: Worker | undefined;
  let terminated = false;
  const attach = (started: Worker) => {
    worker = started;
    started.onmessage = (event: MessageEvent) => messageHandlers.forEach((handler) => handler(event.data as FromWorker));
    started.onerror = (event: ErrorEvent) => errorHandlers.forEach((handler) => handler(event.message || 'the preview worker failed'));
    for (const message of queued.splice(0)) started.postMessage(message);
  };
  try {
    attach(new Worker(location));
  } catch (error) {
    if (options.loadScript === undefined) throw error;
    options.loadScript().then(
      (script) => {
        if (terminated) return;
        const url = URL.createObjectURL(new Blob([script as BlobPart], { type: 'text/javascript' }));
        attach(new Worker(url));
      },
      (failure: unknown) => errorHandlers.forEach((handler) => handler(`cannot start the preview worker: ${String(failure)}`)),
    );
  }
  return {
    postMessage: (message: ToWorker) => (worker === undefined ? queued.push(message) : worker.postMessage(message)),
    onMessage: (handler) => messageHandlers.push(handler),
    onError: (handler) => errorHandlers.push(handler),
    onExit: () => undefined,
    terminate: () => {
      terminated = true;
      worker?.terminate();
    },
  };
}
