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
//
// fflate's own gunzip checks neither a member's header (reserved flags, the header
// CRC) nor its trailer (CRC-32, length), reads the last 8 bytes as a trailer however
// the data ended, and refuses the zero padding gzip allows: so gzip's framing is read
// here (./gzip-member), member by member, and only each member's deflate data is
// given to fflate's raw inflater, which then says where that data ended.

import { Inflate } from 'fflate';
import { crc32 } from './crc32';
import { EventFileError } from './event-format';
import { describeRange, type DamageRange } from './damage-range';
import { expansionError } from './expansion-limit';
import { firstNonZero, gzipDataStart, GzipHeaderError, paddingDamage } from './gzip-member';

/** Input is given to fflate in slices of this many bytes (as ./gzip-reader gives zlib). */
const INPUT_SLICE = 1 << 16;

const TRUNCATED = 'the data ends early (truncated)';

/**
 * Decompresses the gzip stream `bytes` (every member, in order, then optional zero
 * padding to the end); `where` names it in errors. Throws once more than `limit` bytes
 * came out.
 */
export async function* gunzipBytes(bytes: Uint8Array, where: string, limit: number, onProgress?: (read: number) => void): AsyncGenerator<Uint8Array> {
  const damaged = (range: DamageRange, reason: string) =>
    new EventFileError(`${where}: damaged gzip data ${describeRange(range, 'compressed')}: ${reason}`);
  // zlib is written 64 KiB at a time and places a failure within the write: the same
  // slice of the file is named here, so both readers give the same line.
  const sliceOf = (offset: number): DamageRange => {
    const from = offset - (offset % INPUT_SLICE);
    return { from, to: Math.min(bytes.length, from + INPUT_SLICE) };
  };
  const end = bytes.length;
  const output: Output = { pending: [], total: 0 };
  let at = 0;
  do {
    let dataStart: number;
    try {
      dataStart = gzipDataStart(bytes, at);
    } catch (error) {
      if (!(error instanceof GzipHeaderError)) throw error;
      if (!error.truncated) throw damaged(sliceOf(error.offset), error.message);
      yield* output.pending.splice(0);
      throw damaged({ from: end, to: end }, error.message);
    }
    let crc = 0;
    let length = 0;
    const deflateEnd = yield* inflateMember(bytes, dataStart, where, limit, output, onProgress, (chunk) => {
      crc = crc32(chunk, crc);
      length += chunk.length;
    }, (range, reason) => damaged(range.from === end ? range : sliceOf(range.from), reason));
    at = deflateEnd + 8;
    if (at > end) {
      yield* output.pending.splice(0);
      throw damaged({ from: end, to: end }, TRUNCATED);
    }
    const trailer = new DataView(bytes.buffer, bytes.byteOffset + deflateEnd, 8);
    if (trailer.getUint32(0, true) !== crc) throw damaged(sliceOf(at - 1), 'incorrect data check');
    if (trailer.getUint32(4, true) !== length % 2 ** 32) throw damaged(sliceOf(at - 1), 'incorrect length check');
    if (bytes[at] === 0) {
      yield* output.pending.splice(0);
      const garbage = firstNonZero(bytes, at);
      if (garbage !== -1) throw damaged({ from: garbage, to: garbage }, paddingDamage(at));
      at = end;
    }
  } while (at < end);
  onProgress?.(end);
  yield* output.pending;
}

/** Raw deflate (a zip entry's data); `damaged` words the error from the slice that failed. */
export async function* inflateRawBytes(
  bytes: Uint8Array,
  where: string,
  limit: number,
  damaged: (range: DamageRange, reason: string) => EventFileError,
  onProgress?: (read: number) => void,
): AsyncGenerator<Uint8Array> {
  const output: Output = { pending: [], total: 0 };
  // Bytes after the end of the deflate data are not read, as zlib stops there too.
  yield* inflateMember(bytes, 0, where, limit, output, onProgress, undefined, damaged);
  yield* output.pending;
}

/**
 * What came out of one stream: `total` is counted against the limit over all its
 * members; `pending` is the output of the 64 KiB slice being read, handed on once the
 * slice is read without fault, since zlib hands on nothing of a write that fails.
 */
interface Output {
  pending: Uint8Array[];
  total: number;
}

/**
 * Inflates the deflate data starting at `from`, in slices of the file's 64 KiB grid,
 * and returns the offset where it ended (past its final block), its last output still
 * pending when the slice goes on past it.
 */
async function* inflateMember(
  bytes: Uint8Array,
  from: number,
  where: string,
  limit: number,
  output: Output,
  onProgress: ((read: number) => void) | undefined,
  onChunk: ((chunk: Uint8Array) => void) | undefined,
  damaged: (range: DamageRange, reason: string) => EventFileError,
): AsyncGenerator<Uint8Array, number> {
  const inflater = new Inflate((chunk) => {
    output.total += chunk.length;
    if (output.total > limit) throw new ExpansionStop();
    onChunk?.(chunk);
    output.pending.push(chunk);
  });
  const end = bytes.length;
  for (let start = from; ; ) {
    const to = Math.min(end, start - (start % INPUT_SLICE) + INPUT_SLICE);
    let ended: number | undefined;
    try {
      inflater.push(bytes.subarray(start, to), false);
      ended = deflateEnd(inflater, to);
    } catch (error) {
      if (error instanceof ExpansionStop) throw expansionError(where, limit);
      if (error instanceof EventFileError) throw error;
      throw damaged({ from: start, to }, fflateReason(error));
    }
    onProgress?.(ended ?? to);
    if (ended !== undefined) return ended;
    // The slice was read whole without fault: as zlib, its output is handed on, and
    // only then does the end of the input show the data is cut short.
    yield* output.pending.splice(0);
    if (to === end) throw damaged({ from: end, to: end }, TRUNCATED);
    start = to;
  }
}

/**
 * fflate's raw inflater keeps its unread input (`p`) and its bit position in it
 * (`s.p`), and marks the final block done (`s.f` set, no block under way in `s.l`):
 * its own gunzip finds a member's trailer from them, and no public API says where the
 * deflate data ended. `pushed` is the offset just past the bytes given to it so far.
 */
function deflateEnd(inflater: Inflate, pushed: number): number | undefined {
  const { s: state, p: unread } = inflater as unknown as { s: { f?: number; l?: unknown; p?: number }; p: Uint8Array };
  if (!state.f || state.l) return undefined;
  return pushed - unread.length + (((state.p ?? 0) + 7) >> 3);
}

/** Thrown from fflate's callback to stop at the expansion limit. */
class ExpansionStop extends Error {}

function fflateReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /unexpected EOF/i.test(message) ? TRUNCATED : message;
}
