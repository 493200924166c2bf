// Decompression with Node's zlib, streamed: `.gz` files and entries (SPEC §3.1;
// concatenated gzip members are read as one stream, as gunzip does) and the deflate
// data of zip entries (./zip-reader). zlib works on libuv's thread pool, so
// decompression overlaps the parsing of the previous chunk. Damaged data (bad header,
// bad deflate data, a CRC or length that does not match, a truncated stream) is an
// EventFileError with the compressed byte offset where zlib stopped.
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

/** Output chunks of about this size: one batch of events each, as for plain files. */
const OUTPUT_CHUNK = 1 << 20;
/** The smallest output buffer given to zlib for a small input. */
const MIN_OUTPUT_CHUNK = 1 << 14;

/**
 * zlib's output buffer for an input expected to expand to about `expected` bytes: no
 * larger than needed. Each stream allocates its buffer at once, and a zip of 20,000
 * entries of a few events each allocated 20 GB of 1 MiB buffers, most of a run's time
 * going to collecting them (27 s; 1 ms an entry). A larger output only comes in more chunks.
 */
function outputChunkFor(expected: number | undefined): number {
  if (expected === undefined || !(expected < OUTPUT_CHUNK)) return OUTPUT_CHUNK;
  let size = MIN_OUTPUT_CHUNK;
  while (size < expected) size *= 2;
  return size;
}
/**
 * Input is handed to zlib in slices of at most this many bytes: zlib counts the bytes
 * it consumed only when a write completes, so an error is placed within one slice.
 */
const INPUT_SLICE = 1 << 16;

export { describeRange, isGzip, type DamageRange } from './damage-range';

/**
 * Decompresses gzip `chunks`; `where` names the input in errors (`events.ndjson.gz`,
 * `export.zip: entry "a.json.gz"`). At most `limit` bytes come out. `compressedSize`,
 * when known (a zip entry's), sizes zlib's output buffer for a small input.
 */
export function gunzipChunks(chunks: AsyncIterable<Buffer>, where: string, limit: number, compressedSize?: number): AsyncGenerator<Buffer> {
  // Events compress about tenfold: a buffer of four times the input is one or a few chunks.
  const expected = compressedSize === undefined ? undefined : compressedSize * 4;
  return inflateWith(createGunzip({ chunkSize: outputChunkFor(expected) }), chunks, where, limit, (range, reason) =>
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
  // One byte more than recorded: an entry that keeps expanding past its size is found at once.
  return inflateWith(createInflateRaw({ chunkSize: outputChunkFor(expandedSize === undefined ? undefined : expandedSize + 1) }), chunks, where, limit, damaged);
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
      for await (const chunk of chunks) {
        for (let start = 0; start < chunk.length; start += INPUT_SLICE) {
          if (stop.stopped) return;
          const slice = chunk.subarray(start, start + INPUT_SLICE);
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
