// A chunk of ASCII bytes as text by a plain latin1 copy (Node; ../text/utf8-stream's
// AsciiText): shared by ./read-events and the report's reading threads, which must
// not load the container readers.

import { isAscii } from 'node:buffer';

/** A chunk of ASCII bytes as text by a plain copy (TextDecoder takes about five times longer). */
export function asciiText(chunk: Uint8Array): string | undefined {
  if (!isAscii(chunk)) return undefined;
  return Buffer.isBuffer(chunk) ? chunk.toString('latin1') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
}
