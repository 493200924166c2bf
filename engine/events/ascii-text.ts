// Node's fast decoding of ASCII chunks for ../text/utf8-stream (Node only: the web
// build decodes with TextDecoder alone).

import { isAscii } from 'node:buffer';

/** A chunk of ASCII bytes as text by a plain copy (TextDecoder takes about five times longer). */
export function asciiText(chunk: Uint8Array): string | undefined {
  if (!isAscii(chunk)) return undefined;
  return Buffer.isBuffer(chunk) ? chunk.toString('latin1') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
}
