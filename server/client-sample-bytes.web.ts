// The web build's ./client-sample-bytes: the browser's server is a web worker, and
// the messages between it and the client are structured-cloned, so the bytes come as
// a Uint8Array, held in the browser's memory.

import type { ReadSampleResult } from './custom-protocol';

export const SAMPLE_MEMORY = 'the browser';

export function clientSampleBytes(read: ReadSampleResult): Uint8Array {
  if (!(read.bytes instanceof Uint8Array)) throw new Error('the client sent no bytes');
  return read.bytes;
}
