// Decompression without Node (the web build: github.dev, vscode.dev), with fflate,
// from bytes held in memory: `.gz` samples and zip entries (./zip-bytes-reader).
// Output is streamed in the chunks fflate gives, so expanded text is never held whole.
//
// Why fflate and not the browser's DecompressionStream: Chromium's refuses
// concatenated gzip members ("Junk found after end of compressed data"), which
// Node's gunzip and the CLI read as one stream; fflate reads them, runs the same in
// Node and in a web worker (so the tests compare the web readers with the Node
// readers in Node), and throws while it is given a slice, so a damaged stream is
// placed within one slice of the compressed bytes, as ./gzip-reader does with zlib.
// fflate does not check gzip's CRC-32 and length: each member's trailer is checked
// here.

import { Gunzip, Inflate } from 'fflate';
import { crc32 } from './crc32';
import { EventFileError } from './event-format';
import { describeRange, type DamageRange } from './damage-range';
import { expansionError } from './expansion-limit';

/** Input is given to fflate in slices of this many bytes (as ./gzip-reader gives zlib). */
const INPUT_SLICE = 1 << 16;

/**
 * Decompresses the gzip stream `bytes` (every member, in order); `where` names it in
 * errors. Throws once more than `limit` bytes came out.
 */
export function gunzipBytes(bytes: Uint8Array, where: string, limit: number, onProgress?: (read: number) => void): AsyncGenerator<Uint8Array> {
  const damaged = (range: DamageRange, reason: string) =>
    new EventFileError(`${where}: damaged gzip data ${describeRange(range, 'compressed')}: ${reason}`);
  let memberCrc = 0;
  let memberLength = 0;
  // The trailer of the member that ends at compressed offset `end`: CRC-32 and ISIZE.
  const checkMember = (end: number) => {
    if (end < 8) throw damaged({ from: 0, to: end }, 'the data ends early (truncated)');
    const view = new DataView(bytes.buffer, bytes.byteOffset + end - 8, 8);
    if (view.getUint32(0, true) !== memberCrc) throw damaged({ from: end - 8, to: end }, 'incorrect data check (CRC-32)');
    if (view.getUint32(4, true) !== memberLength % 2 ** 32) throw damaged({ from: end - 4, to: end }, 'incorrect length check');
    memberCrc = 0;
    memberLength = 0;
  };
  const gunzip = new Gunzip();
  gunzip.onmember = (offset) => checkMember(offset);
  return inflateSlices(gunzip, bytes, where, limit, damaged, onProgress, (chunk) => {
    memberCrc = crc32(chunk, memberCrc);
    memberLength += chunk.length;
  }, () => checkMember(bytes.length));
}

/** Raw deflate (a zip entry's data); `damaged` words the error from the slice that failed. */
export function inflateRawBytes(
  bytes: Uint8Array,
  where: string,
  limit: number,
  damaged: (range: DamageRange, reason: string) => EventFileError,
  onProgress?: (read: number) => void,
): AsyncGenerator<Uint8Array> {
  return inflateSlices(new Inflate(), bytes, where, limit, damaged, onProgress);
}

async function* inflateSlices(
  inflater: Gunzip | Inflate,
  bytes: Uint8Array,
  where: string,
  limit: number,
  damaged: (range: DamageRange, reason: string) => EventFileError,
  onProgress?: (read: number) => void,
  onChunk?: (chunk: Uint8Array) => void,
  atEnd?: () => void,
): AsyncGenerator<Uint8Array> {
  let out: Uint8Array[] = [];
  let total = 0;
  inflater.ondata = (chunk) => {
    total += chunk.length;
    if (total > limit) throw new ExpansionStop();
    onChunk?.(chunk);
    out.push(chunk);
  };
  for (let from = 0; from < bytes.length || from === 0; from += INPUT_SLICE) {
    const to = Math.min(bytes.length, from + INPUT_SLICE);
    const final = to === bytes.length;
    try {
      inflater.push(bytes.subarray(from, to), final);
      if (final) atEnd?.();
    } catch (error) {
      if (error instanceof ExpansionStop) throw expansionError(where, limit);
      if (error instanceof EventFileError) throw error;
      throw damaged({ from, to }, fflateReason(error));
    }
    onProgress?.(to);
    const ready = out;
    out = [];
    yield* ready;
    if (final) break;
  }
}


/** Thrown from fflate's callback to stop at the expansion limit. */
class ExpansionStop extends Error {}

function fflateReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /unexpected EOF/i.test(message) ? 'the data ends early (truncated)' : message;
}
