// Cutting one stream of NDJSON bytes (a file, a gunzipped file, one zip entry) into
// ranges of whole lines, so that each range can be parsed on its own thread
// (engine/report/threaded-report.ts). A range ends just after a LF, or at the end of
// the stream; a LF byte never occurs inside a UTF-8 sequence, so each range decodes
// to exactly the text the one-thread reader sees for those lines, and its lines can be
// counted from 1 and shifted once the ranges before it are counted.
//
// A line longer than `maxLineBytes`, or whose bytes surely decode to more than
// `maxLineUnits` UTF-16 units (./utf8-units), is not kept (memory stays bounded however
// long the line): it becomes a `too-long` range, which the reader reports as one
// skipped line. Both are chosen so that such a line is also too long for the one-thread
// reader (./read-event-text's MAX_EVENT_LINE characters: a character takes at most 3
// bytes, or 4 for 2 UTF-16 units; ./read-ranges).

/** Whole lines: `bytes` ends with a LF, unless it is the stream's end. */
export interface LinesRange {
  kind: 'lines';
  /** A fresh array (its buffer is its own, so it can be transferred to a worker). */
  bytes: Uint8Array;
  /** Where `bytes` starts in the stream. */
  byteOffset: number;
  /** The stream's first range (its text may start with a byte order mark). */
  first: boolean;
}

/** One line longer than `maxLineBytes`, dropped as it streamed. */
export interface TooLongRange {
  kind: 'too-long';
  byteOffset: number;
}

export type LineRange = LinesRange | TooLongRange;

export interface LineRangeOptions {
  /** Ranges are at least this long (but for the last), cut at the first LF after it. */
  chunkSize: number;
  /** A line longer than this is a `too-long` range. */
  maxLineBytes: number;
  /** A line whose bytes surely decode to more UTF-16 units than this is a `too-long` range (default: no such bound). */
  maxLineUnits?: number;
}

import { unitsAtLeast } from './utf8-units';

const LF = 0x0a;

export async function* lineRanges(chunks: AsyncIterable<Uint8Array>, options: LineRangeOptions): AsyncGenerator<LineRange> {
  const { chunkSize, maxLineBytes, maxLineUnits = Infinity } = options;
  // Bytes not yet in a range: `whole` of them are whole lines (they end with a LF),
  // the rest is the start of an unfinished line.
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  let whole = 0;
  let offset = 0;
  let first = true;
  /** Dropping a too-long line until its LF; `skipStart` is its offset. */
  let skipping = false;
  let skipStart = 0;
  // At least `lineUnits` UTF-16 units in the unfinished line's first `lineCounted` bytes,
  // counted only once it is longer than maxLineUnits bytes.
  let lineUnits = 0;
  let lineCounted = 0;
  const unfinishedTooLong = (): boolean => {
    const unfinished = pendingLength - whole;
    if (unfinished > maxLineBytes) return true;
    if (unfinished <= maxLineUnits) return false;
    lineUnits += unitsInPending(pending, whole + lineCounted, pendingLength);
    lineCounted = unfinished;
    return lineUnits > maxLineUnits;
  };

  const take = (length: number): LinesRange => {
    const bytes = new Uint8Array(length);
    let at = 0;
    while (at < length) {
      const head = pending[0]!;
      const part = Math.min(head.length, length - at);
      bytes.set(part === head.length ? head : head.subarray(0, part), at);
      at += part;
      if (part === head.length) pending.shift();
      else pending[0] = head.subarray(part);
    }
    pendingLength -= length;
    whole -= length;
    const range: LinesRange = { kind: 'lines', bytes, byteOffset: offset, first };
    offset += length;
    first = false;
    return range;
  };

  for await (const chunk of chunks) {
    let start = 0;
    if (skipping) {
      const newline = chunk.indexOf(LF);
      if (newline === -1) {
        offset += chunk.length;
        continue;
      }
      offset += newline + 1;
      skipping = false;
      first = false;
      yield { kind: 'too-long', byteOffset: skipStart };
      start = newline + 1;
    }
    if (start === chunk.length) continue;
    const last = chunk.lastIndexOf(LF);
    pending.push(start === 0 ? chunk : chunk.subarray(start));
    if (last >= start) {
      whole = pendingLength + (last - start + 1);
      lineUnits = 0;
      lineCounted = 0;
    }
    pendingLength += chunk.length - start;
    // Ranges of at least chunkSize bytes, each cut at the first LF after that size.
    while (whole >= chunkSize) yield take(lineEndFrom(pending, chunkSize - 1));
    if (unfinishedTooLong()) {
      // The unfinished line is too long to keep: the whole lines before it go first.
      if (whole > 0) yield take(whole);
      skipping = true;
      skipStart = offset;
      offset += pendingLength;
      pending = [];
      pendingLength = 0;
      lineUnits = 0;
      lineCounted = 0;
    }
  }
  if (skipping) {
    yield { kind: 'too-long', byteOffset: skipStart };
  } else if (pendingLength > 0) {
    yield take(pendingLength);
  }
}

/** ./utf8-units' bound over bytes [from, to) of the pending pieces taken end to end. */
function unitsInPending(pending: readonly Uint8Array[], from: number, to: number): number {
  let units = 0;
  let before = 0;
  for (const piece of pending) {
    const start = Math.max(from - before, 0);
    const end = Math.min(to - before, piece.length);
    if (start < end) units += unitsAtLeast(piece, start, end);
    before += piece.length;
    if (before >= to) break;
  }
  return units;
}

/** The length up to and including the first LF at or after `from` in the pending bytes (there is one). */
function lineEndFrom(pending: readonly Uint8Array[], from: number): number {
  let before = 0;
  for (const piece of pending) {
    if (from < before + piece.length) {
      const newline = piece.indexOf(LF, Math.max(0, from - before));
      if (newline !== -1) return before + newline + 1;
    }
    before += piece.length;
  }
  throw new Error('lineEndFrom: no line end in the whole lines');
}
