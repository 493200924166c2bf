// The web build's ./client-sample-bytes: the browser's server is a web worker, and
// the messages between it and the client are structured-cloned, so the bytes come as
// a Uint8Array, held in the browser's memory (the browser's client sends the whole
// file in its first answer, kept as it came).

import type { ReadSampleResult } from './custom-protocol';
import type { SamplePiece } from './client-sample-bytes';

export const SAMPLE_MEMORY = 'the browser';

export function clientSamplePiece(read: ReadSampleResult): SamplePiece {
  const bytes = read.bytes;
  if (!(bytes instanceof Uint8Array)) throw new Error('the client sent no bytes');
  return { length: bytes.length, bytes, writeInto: (target, offset) => target.set(bytes, offset) };
}
