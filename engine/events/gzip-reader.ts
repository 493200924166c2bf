// Decompression with Node's zlib, streamed: `.gz` files and entries (SPEC §3.1;
// concatenated gzip members are read as one stream, as gunzip does) and the deflate
// data of zip entries (./zip-reader). zlib works on libuv's thread pool, so
// decompression overlaps the parsing of the previous chunk. Damaged data (bad header,
// bad deflate data, a CRC or length that does not match, a truncated stream) is an
// EventFileError with the compressed byte offset where zlib stopped. zlib is given the
// input on a grid of 64 KiB slices from its start (./inflate-buffers), whatever sizes
// it comes in, so both the place and the output before it depend on the bytes alone.
//
// After a member, zlib's gunzip takes a zero byte for padding and silently drops
// everything after it, events too: each write is awaited here, so where zlib stopped
// is known, and the rest of the input must be zeros to the end (./gzip-member's rule,
// the web reader's too), else it is damage at the first byte that is not zero.

import { createGunzip, createInflateRaw, Gunzip, type InflateRaw } from 'node:zlib';
import { EventFileError } from './event-format';
import { limitExpansion } from './expansion-limit';
import { describeRange, type DamageRange } from './damage-range';
import { firstNonZero, paddingDamage } from './gzip-member';
import { entryOutputChunkFor, gzipOutputChunkFor, INPUT_SLICE } from './inflate-buffers';

export { describeRange, isGzip, type DamageRange } from './damage-range';

/**
 * Decompresses gzip `chunks`; `where` names the input in errors (`events.ndjson.gz`,
 * `export.zip: entry "a.json.gz"`). At most `limit` bytes come out. `compressedSize`,
 * when known (a zip entry's), sizes zlib's output buffer for a small input.
 */
export function gunzipChunks(chunks: AsyncIterable<Buffer>, where: string, limit: number, compressedSize?: number): AsyncGenerator<Buffer> {
  return inflateWith(createGunzip({ chunkSize: gzipOutputChunkFor(compressedSize) }), chunks, where, limit, (range, reason) =>
    new EventFileError(`${where}: damaged gzip data ${describeRange(range, 'compressed')}: ${reason}`),
  );
}

/** Raw deflate (a zip entry's data); `damaged` words the error from the bytes consumed; `expandedSize`: the size the entry records. */
export function inflateRawChunks(
  chunks: AsyncIterable<Buffer>,
  where: string,
  limit: number,
  damaged: (range: DamageRange, reason: string) => EventFileError,
  expandedSize?: number,
): AsyncGenerator<Buffer> {
  return inflateWith(createInflateRaw({ chunkSize: entryOutputChunkFor(expandedSize) }), chunks, where, limit, damaged);
}

async function* inflateWith(
  zlib: Gunzip | InflateRaw,
  chunks: AsyncIterable<Buffer>,
  where: string,
  limit: number,
  damaged: (range: DamageRange, reason: string) => EventFileError,
): AsyncGenerator<Buffer> {
  let written = 0;
  const stop = new Stop();
  let sourceError: unknown;
  // Where zlib stopped short of the input it was given: at a zero byte after a gzip
  // member (raw deflate stops at the end of its data, and the rest is not read).
  let paddingStart: number | undefined;
  let paddingError: EventFileError | undefined;
  const feed = (async () => {
    try {
      for await (const slice of gridSlices(chunks, INPUT_SLICE)) {
        if (stop.stopped) return;
        if (paddingStart !== undefined) {
          const garbage = firstNonZero(slice);
          if (garbage !== -1) {
            paddingError = damaged({ from: written + garbage, to: written + garbage }, paddingDamage(paddingStart));
            return;
          }
          written += slice.length;
          continue;
        }
        written += slice.length;
        // An error here is zlib's own: the reading side reports it.
        if (!(await writeFinished(zlib, slice, stop))) return;
        if (zlib.bytesWritten < written && zlib instanceof Gunzip) {
          paddingStart = zlib.bytesWritten;
          const garbage = firstNonZero(slice, slice.length - (written - paddingStart));
          if (garbage !== -1) {
            const at = written - slice.length + garbage;
            paddingError = damaged({ from: at, to: at }, paddingDamage(paddingStart));
            return;
          }
        }
      }
      if (paddingStart === undefined) zlib.end();
    } catch (error) {
      if (stop.stopped) return;
      sourceError = error;
      zlib.destroy(error as Error);
    }
  })();
  try {
    yield* limitExpansion(zlib as AsyncIterable<Buffer>, limit, where);
    // Zero padding is read to its end before the stream counts as whole.
    await feed;
    if (sourceError !== undefined) throw sourceError;
    if (paddingError !== undefined) throw paddingError;
  } catch (error) {
    if (sourceError !== undefined) throw sourceError;
    if (error instanceof EventFileError) throw error;
    const from = zlib.bytesWritten;
    throw damaged({ from, to: Math.max(from, Math.min(written, from + INPUT_SLICE)) }, zlibReason(error));
  } finally {
    stop.stop();
    zlib.destroy();
    await feed;
  }
}

/**
 * The input in slices of a grid of `size` bytes from its start, whatever sizes its
 * chunks come in (a zip entry's are yauzl's reads of 16 KiB, standard input's the
 * pipe's): where a failure is placed, and what zlib hands on before it, then depend on
 * the bytes alone, as in the web reader (./inflate-bytes). A slice within one chunk is
 * a view of it; one across chunks, a copy.
 */
async function* gridSlices(chunks: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let heldLength = 0;
  try {
    for await (const chunk of chunks) {
      let start = 0;
      if (heldLength > 0) {
        const piece = chunk.subarray(0, size - heldLength);
        held.push(piece);
        heldLength += piece.length;
        start = piece.length;
        if (heldLength < size) continue;
        yield Buffer.concat(held, heldLength);
        [held, heldLength] = [[], 0];
      }
      for (; start + size <= chunk.length; start += size) yield chunk.subarray(start, start + size);
      if (start < chunk.length) [held, heldLength] = [[chunk.subarray(start)], chunk.length - start];
    }
  } catch (error) {
    // The bytes read before the source failed (a file that shrank, an entry that cannot be read) are inflated first, as they came.
    if (heldLength > 0) yield Buffer.concat(held, heldLength);
    throw error;
  }
  if (heldLength > 0) yield Buffer.concat(held, heldLength);
}

/**
 * Writes `slice` and waits until zlib has finished with it (its output may wait for the
 * reader), so `bytesWritten` then says whether zlib stopped inside it; false when
 * reading stopped first or zlib failed.
 */
function writeFinished(zlib: Gunzip | InflateRaw, slice: Buffer, stop: Stop): Promise<boolean> {
  return new Promise((resolve) => {
    stop.onStop = () => resolve(false);
    zlib.write(slice, (error) => {
      stop.onStop = undefined;
      resolve(error == null);
    });
  });
}

/**
 * The reading side has stopped (the feeding side then stops at once, and a write it
 * waits for counts as refused). Not an AbortController: one per stream, each aborted
 * with a DOMException and its stack, showed in the profile of a zip of many small entries.
 */
class Stop {
  stopped = false;
  /** The feeding side's pending write, answered false when the reading stops. */
  onStop: (() => void) | undefined;

  stop(): void {
    this.stopped = true;
    const onStop = this.onStop;
    this.onStop = undefined;
    onStop?.();
  }
}

function zlibReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /unexpected end of file/i.test(message) ? 'the data ends early (truncated)' : message;
}
