// Ranges of an uncompressed NDJSON file read by byte offset, so that each worker thread
// of engine/report/threaded-report reads its own bytes and no thread reads them all
// first. The file is cut at nominal offsets (k × rangeSize); range k owns the lines that
// START in [k × rangeSize, (k + 1) × rangeSize). Its reader finds its first line start by
// looking for a LF in its own bytes only, and reads on past its end to finish its last
// line: every byte is looked at by at most two ranges, however long the lines, and the
// ranges together hold every line exactly once, in order. A LF byte never occurs inside
// a UTF-8 sequence, so each range decodes to the text the one-thread reader sees.
//
// A line that runs past its range's end and is longer than `maxLineBytes`, or surely
// longer than `maxLineUnits` UTF-16 units (./utf8-units), is not held (the rest of it
// is never read): it is given as one `too-long` line, as ./line-ranges drops it while
// streaming.

import { closeSync, openSync, readSync } from 'node:fs';
import { unitsAtLeast } from './utf8-units';
import { fileShrankError } from './file-shrank';

/** The lines starting in one nominal range. */
export interface FileLinesRange {
  /** Whole lines: each ends with a LF, but the file's last line may not. */
  bytes: Uint8Array;
  /** Where `bytes` starts in the file. */
  byteOffset: number;
  /** The file's first line (a byte order mark may start it). */
  first: boolean;
  /** One more line after `bytes`, too long to hold: the reader skips it as such. */
  tooLongAfter: boolean;
}

/**
 * The nominal ranges of a file of `size` bytes: [start, end) pairs, `rangeSize` long
 * but for the last `tail.bytes` (or so), which are cut `tail.rangeSize` long.
 */
export function nominalRanges(size: number, rangeSize: number, tail?: { bytes: number; rangeSize: number }): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (let start = 0; start < size; ) {
    const length = tail !== undefined && size - start <= tail.bytes ? tail.rangeSize : rangeSize;
    ranges.push({ start, end: Math.min(size, start + length) });
    start += length;
  }
  return ranges;
}

const LF = 0x0a;
/** Bytes read first when looking past a range's end for its last line's LF (a line is usually shorter); doubled up to TAIL_READ_MAX. */
const TAIL_READ = 4 * 1024;
const TAIL_READ_MAX = 1024 * 1024;

/** Reads positioned bytes of an open file (a file descriptor, or a test's bytes). */
export type ReadAt = (into: Uint8Array, position: number) => number;

/**
 * Reads of the file `path`, `size` bytes long when the run began: a read that ends before
 * `size` throws (./file-shrank), since every read of ./readLinesStartingIn is within it.
 */
export function fileReadAt(fd: number, path: string, size: number): ReadAt {
  return (into, position) => {
    let done = 0;
    while (done < into.length) {
      const read = readSync(fd, into, done, into.length - done, position + done);
      if (read === 0) break;
      done += read;
    }
    if (done < into.length && position + done < size) throw fileShrankError(path, size, position + done);
    return done;
  };
}

/**
 * The lines that start in [start, end) of a file of `size` bytes. `start` and `end` are
 * a nominal range's (./nominalRanges); `maxLineBytes` and `maxLineUnits` bound the last
 * line, the only one that can be longer than the range.
 */
export function readLinesStartingIn(
  readAt: ReadAt,
  size: number,
  start: number,
  end: number,
  maxLineBytes: number,
  buffer: RangeStorage = new RangeBuffer(),
  maxLineUnits = Infinity,
): FileLinesRange {
  const none: FileLinesRange = { bytes: new Uint8Array(0), byteOffset: start, first: start === 0, tooLongAfter: false };
  if (start >= end || start >= size) return none;
  // The range's bytes and the one before: a line starts at `start` when that byte is a LF.
  const from = start === 0 ? 0 : start - 1;
  const ownLength = Math.min(end, size) - from;
  let bytes = buffer.reserve(ownLength + TAIL_READ, 0);
  const got = readAt(bytes.subarray(0, ownLength), from);
  let lineStart = 0;
  if (start > 0) {
    const newline = bytes.subarray(0, got).indexOf(LF);
    // No LF before the range's last byte: every byte here belongs to a line that began earlier.
    if (newline === -1 || newline === got - 1) return none;
    lineStart = newline + 1;
  }
  const whole = (length: number, tooLongAfter = false): FileLinesRange => ({ bytes: bytes.subarray(lineStart, length), byteOffset: from + lineStart, first: start === 0, tooLongAfter });
  if (from + got >= size) return whole(got);
  const lastNewline = bytes.lastIndexOf(LF, got - 1);
  // The last line: from after the last LF of the range (or its first line start) to the next LF.
  const tailStart = lastNewline >= lineStart ? lastNewline + 1 : lineStart;
  if (tailStart === got) return whole(got);
  // The tail is read on into the same buffer, right after the range's bytes.
  let length = got;
  let position = from + got;
  // The tail's UTF-16 units are at least `units` (counted up to `countedTo`), counted
  // only once its bytes could hold more than maxLineUnits, so a line of ordinary
  // length costs nothing more.
  let units = 0;
  let countedTo = tailStart;
  const surelyTooLong = (): boolean => {
    if (length - tailStart > maxLineBytes) return true;
    if (length - tailStart <= maxLineUnits) return false;
    units += unitsAtLeast(bytes, countedTo, length);
    countedTo = length;
    return units > maxLineUnits;
  };
  for (let step = TAIL_READ; position < size; step = Math.min(2 * step, TAIL_READ_MAX)) {
    if (surelyTooLong()) return whole(tailStart, true);
    bytes = buffer.reserve(length + step, length);
    const read = readAt(bytes.subarray(length, length + Math.min(step, size - position)), position);
    if (read === 0) break;
    position += read;
    const newline = bytes.subarray(length, length + read).indexOf(LF);
    if (newline !== -1) {
      length += newline + 1;
      // The LF ends the line and is not part of it.
      if (length - 1 - tailStart > maxLineBytes) return whole(tailStart, true);
      return whole(length);
    }
    length += read;
  }
  if (surelyTooLong()) return whole(tailStart, true);
  return whole(length);
}

/** Where ./readLinesStartingIn reads a range's bytes: a RangeBuffer, or a reader's own memory (engine/events/json-projection inputArea). */
export interface RangeStorage {
  /** At least `length` bytes, the first `keep` of the last ones given kept. */
  reserve(length: number, keep: number): Uint8Array;
}

/**
 * The bytes ./readLinesStartingIn reads into, kept from one range to the next by a
 * reader that reads many (a worker thread): a new array per range costs more than the
 * reading itself (zero-filling and first touching 4 MB twice a range). A range's bytes
 * are a view of it, valid until the next range is read into it.
 */
export class RangeBuffer implements RangeStorage {
  private bytes = new Uint8Array(0);

  /** The buffer, at least `length` long, its first `keep` bytes kept. */
  reserve(length: number, keep: number): Uint8Array {
    if (length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(length, Math.ceil(this.bytes.length * 1.5)));
      grown.set(this.bytes.subarray(0, keep));
      this.bytes = grown;
    }
    return this.bytes;
  }
}

/** Opens a file of `size` bytes (its size when the run began) for ./readLinesStartingIn; `close` when done. */
export function openForRanges(path: string, size: number): { readAt: ReadAt; close: () => void } {
  const fd = openSync(path, 'r');
  return { readAt: fileReadAt(fd, path, size), close: () => closeSync(fd) };
}
