// The preview worker of the web extension (dist/web/preview-worker.js): ./preview-worker-core
// in a web worker. Its first message is the runner's memory (./spawn-preview-worker.web):
// shared where the page is cross-origin isolated, else a copy, and then the newest run
// is known from the messages (./preview-worker-core).

import { servePreviewWorker } from './preview-worker-core';
import type { FromWorker, ToWorker } from './worker-protocol';

declare const self: {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
};

const early: ToWorker[] = [];
let handler: ((message: ToWorker) => void) | undefined;
let started = false;

self.addEventListener('message', (event) => {
  if (!started) {
    started = true;
    servePreviewWorker(
      {
        post: (message: FromWorker, transfer) => self.postMessage(message, transfer),
        onMessage: (next) => {
          handler = next;
          for (const message of early.splice(0)) next(message);
        },
      },
      (event.data as { shared: Int32Array }).shared,
    );
    return;
  }
  if (handler === undefined) early.push(event.data as ToWorker);
  else handler(event.data as ToWorker);
});
