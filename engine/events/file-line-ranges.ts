// Ranges of an uncompressed NDJSON file read by byte offset, so that each worker thread
// of engine/report/threaded-report reads its own bytes and no thread reads them all
// first. The file is cut at nominal offsets (k × rangeSize); range k owns the lines that
// START in [k × rangeSize, (k + 1) × rangeSize). Its reader finds its first line start by
// looking for a LF in its own bytes only, and reads on past its end to finish its last
// line: every byte is looked at by at most two ranges, however long the lines, and the
// ranges together hold every line exactly once, in order. A LF byte never occurs inside
// a UTF-8 sequence, so each range decodes to the text the one-thread reader sees.
//
// A line that runs past its range's end and is longer than `maxLineBytes` is not held
// (the rest of it is never read): it is given as one `too-long` line, as ./line-ranges
// drops it while streaming.

import { closeSync, openSync, readSync } from 'node:fs';

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

/** The nominal ranges of a file of `size` bytes: [start, end) pairs. */
export function nominalRanges(size: number, rangeSize: number): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (let start = 0; start < size; start += rangeSize) ranges.push({ start, end: Math.min(size, start + rangeSize) });
  return ranges;
}

const LF = 0x0a;
/** Bytes read first when looking past a range's end for its last line's LF (a line is usually shorter); doubled up to TAIL_READ_MAX. */
const TAIL_READ = 4 * 1024;
const TAIL_READ_MAX = 1024 * 1024;

/** Reads positioned bytes of an open file (a file descriptor, or a test's bytes). */
export type ReadAt = (into: Uint8Array, position: number) => number;

export function fileReadAt(fd: number): ReadAt {
  return (into, position) => {
    let done = 0;
    while (done < into.length) {
      const read = readSync(fd, into, done, into.length - done, position + done);
      if (read === 0) break;
      done += read;
    }
    return done;
  };
}

/**
 * The lines that start in [start, end) of a file of `size` bytes. `start` and `end` are
 * a nominal range's (./nominalRanges); `maxLineBytes` bounds the last line, the only one
 * that can be longer than the range.
 */
export function readLinesStartingIn(readAt: ReadAt, size: number, start: number, end: number, maxLineBytes: number): FileLinesRange {
  const none: FileLinesRange = { bytes: new Uint8Array(0), byteOffset: start, first: start === 0, tooLongAfter: false };
  if (start >= end || start >= size) return none;
  // The range's bytes and the one before: a line starts at `start` when that byte is a LF.
  const from = start === 0 ? 0 : start - 1;
  const own = new Uint8Array(Math.min(end, size) - from);
  const got = readAt(own, from);
  let lineStart = 0;
  if (start > 0) {
    const newline = own.subarray(0, got).indexOf(LF);
    // No LF before the range's last byte: every byte here belongs to a line that began earlier.
    if (newline === -1 || newline === got - 1) return none;
    lineStart = newline + 1;
  }
  if (from + got >= size) return { ...none, bytes: own.subarray(lineStart, got), byteOffset: from + lineStart };
  const lastNewline = own.lastIndexOf(LF, got - 1);
  // The last line: from after the last LF of the range (or its first line start) to the next LF.
  const tailStart = lastNewline >= lineStart ? lastNewline + 1 : lineStart;
  if (tailStart === got) return { ...none, bytes: own.subarray(lineStart, got), byteOffset: from + lineStart };
  const tail: Uint8Array[] = [];
  let tailLength = got - tailStart;
  let position = from + got;
  const tooLong = (): FileLinesRange => ({ bytes: own.subarray(lineStart, tailStart), byteOffset: from + lineStart, first: start === 0, tooLongAfter: true });
  for (let step = TAIL_READ; position < size; step = Math.min(2 * step, TAIL_READ_MAX)) {
    if (tailLength > maxLineBytes) return tooLong();
    const piece = new Uint8Array(Math.min(step, size - position));
    const read = readAt(piece, position);
    if (read === 0) break;
    position += read;
    const newline = piece.subarray(0, read).indexOf(LF);
    if (newline !== -1) {
      tail.push(piece.subarray(0, newline + 1));
      tailLength += newline;
      break;
    }
    tail.push(piece.subarray(0, read));
    tailLength += read;
  }
  if (tailLength > maxLineBytes) return tooLong();
  const bytes = new Uint8Array(got - lineStart + tail.reduce((sum, piece) => sum + piece.length, 0));
  bytes.set(own.subarray(lineStart, got), 0);
  let at = got - lineStart;
  for (const piece of tail) {
    bytes.set(piece, at);
    at += piece.length;
  }
  return { bytes, byteOffset: from + lineStart, first: start === 0, tooLongAfter: false };
}

/** Opens a file for ./readLinesStartingIn; `close` when done. */
export function openForRanges(path: string): { readAt: ReadAt; close: () => void } {
  const fd = openSync(path, 'r');
  return { readAt: fileReadAt(fd), close: () => closeSync(fd) };
}
