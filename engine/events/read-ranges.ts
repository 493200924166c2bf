// An events file as pieces for parallel reading (engine/report/threaded-report.ts):
// NDJSON (and a `.json` file holding NDJSON) as ranges of whole lines (./line-ranges),
// which any thread can parse; a `.parquet` file as its row groups, which any thread can
// read from the file by themselves; everything whose records cannot be found without
// reading from the start (a JSON array, CSV, whose quoted cells may hold newlines, a
// Parquet file inside a zip or gzipped) as the batches of its one-thread reader.
// Containers are the same layers as in ./read-events: `.gz` gunzipped as it streams, a
// `.zip`'s entries in archive order, each an input of its own (lines count from 1, a
// byte order mark may start it).

import type { EventBatch } from './event';
import { eventFileKindOf, eventFileKindOrThrow, type EventFormat } from './event-format';
import { DEFAULT_MAX_ENTRY_SIZE } from './expansion-limit';
import { gunzipChunks } from './gzip-reader';
import { lineRanges, type LineRange } from './line-ranges';
import { parquetFileRowGroupEnds } from './parquet-reader';
import { fileChunks, fileSize, peek, readEventBytes } from './read-events';
import { MAX_EVENT_LINE, type ReadEventsOptions } from './read-event-text';
import { refuseWideUnicode, WIDE_MARK_BYTES } from './wide-unicode';
import { zipEntries } from './zip-reader';

export type InputPiece =
  /** A new input starts (the file, or a zip entry): its lines count from 1. */
  | { kind: 'input'; entry?: string }
  | LineRange
  /** Records read on this thread; their lines are numbered within the input already. */
  | { kind: 'batch'; batch: EventBatch }
  /** Row group `group` (0-based) of the Parquet file, which ends at byte `end`; its rows are numbered in the whole file. */
  | { kind: 'parquet-group'; group: number; end: number };

export interface ReadRangesOptions extends ReadEventsOptions {
  /** Bytes per range (about). */
  rangeSize: number;
}

/**
 * A line this many bytes long is longer than MAX_EVENT_LINE characters (a character
 * is at most 3 bytes, or 4 for two UTF-16 units; a byte order mark aside): the line
 * reader would skip it too, so it is dropped as it streams.
 */
export const MAX_RANGE_LINE_BYTES = 4 * MAX_EVENT_LINE;

/**
 * A line whose bytes surely decode to more UTF-16 units than this (./utf8-units) is
 * longer than MAX_EVENT_LINE characters, after the byte order marks the readers drop
 * from a file's start (the decoder one, ./read-event-text and ../report/range-columns
 * a second): it is
 * skipped without reading the rest of it, at about 16 MiB of its bytes for ASCII text
 * instead of MAX_RANGE_LINE_BYTES.
 */
export const MAX_RANGE_LINE_UNITS = MAX_EVENT_LINE + 2;

export async function* readEventRanges(path: string, options: ReadRangesOptions): AsyncGenerator<InputPiece> {
  // What the path is before what its name says (./read-events).
  const size = await fileSize(path);
  const kind = eventFileKindOrThrow(path);
  const limit = options.maxEntrySize ?? DEFAULT_MAX_ENTRY_SIZE;
  if (kind.kind === 'zip') {
    const entries = zipEntries(path, path, { limit, onSkipped: options.onSkippedEntry, onProgress: (read, total) => options.onProgress?.({ read, total }) });
    for await (const entry of entries) {
      const entryKind = eventFileKindOf(entry.name);
      if (entryKind === undefined || entryKind.kind === 'zip') {
        options.onSkippedEntry?.({ name: entry.name, reason: entryKind === undefined ? 'not an events file' : 'a zip inside the zip' });
        continue;
      }
      const chunks = entryKind.gzip ? gunzipChunks(entry.chunks, entry.where, limit, entry.size) : entry.chunks;
      yield* inputPieces(chunks, entryKind.format, entry.where, entry.name, options);
    }
  } else if (kind.format === 'parquet' && !kind.gzip) {
    yield { kind: 'input' };
    const ends = await parquetFileRowGroupEnds(path, path);
    for (const [group, end] of ends.entries()) yield { kind: 'parquet-group', group, end };
  } else {
    const chunks = fileChunks(path, size, options);
    yield* inputPieces(kind.gzip ? gunzipChunks(chunks, path, limit) : chunks, kind.format, path, undefined, options);
  }
}

async function* inputPieces(
  chunks: AsyncIterable<Buffer>,
  format: EventFormat,
  where: string,
  entry: string | undefined,
  options: ReadRangesOptions,
): AsyncGenerator<InputPiece> {
  yield entry === undefined ? { kind: 'input' } : { kind: 'input', entry };
  if (format === 'ndjson' || format === 'json') {
    const start = await peek(chunks, WIDE_MARK_BYTES);
    chunks = start.chunks;
    refuseWideUnicode(start.head, where, format);
  }
  let lines = format === 'ndjson';
  if (format === 'json') {
    // ./read-event-text's rule: NDJSON when the first non-blank character is `{`. A blank
    // start longer than the peek's bound is read on this thread by ./read-event-text,
    // which decides the same way without holding it.
    const first = await firstNonBlankByte(chunks);
    chunks = first.chunks;
    lines = first.byte === 0x7b;
  }
  if (lines) {
    yield* lineRanges(chunks, { chunkSize: options.rangeSize, maxLineBytes: MAX_RANGE_LINE_BYTES, maxLineUnits: MAX_RANGE_LINE_UNITS });
    return;
  }
  for await (const batch of readEventBytes(chunks, format, where, options.maxEntrySize ?? DEFAULT_MAX_ENTRY_SIZE, options)) {
    if (entry !== undefined) batch.entry = entry;
    yield { kind: 'batch', batch };
  }
}

/**
 * Most bytes of a blank start held to find a stream's first non-blank byte: past them,
 * undefined, and ./inputPieces has ./read-event-text read the stream on this thread, so
 * that a `.json.gz` of endless whitespace is not held whole.
 */
const MAX_BLANK_PEEK = 1 << 20;

/** The first byte that is not a byte order mark or JSON whitespace (-1: none; undefined: none in MAX_BLANK_PEEK bytes), and all the chunks again. */
async function firstNonBlankByte(chunks: AsyncIterable<Buffer>): Promise<{ byte: number | undefined; chunks: AsyncIterable<Buffer> }> {
  // Blank prefixes are rare and short; peek further as long as all seen is blank.
  for (let count = 64; ; count = Math.min(4 * count, MAX_BLANK_PEEK)) {
    const peeked = await peek(chunks, count);
    chunks = peeked.chunks;
    const byte = firstNonBlankIn(peeked.head, peeked.head.length < count);
    if (byte !== undefined || count === MAX_BLANK_PEEK) return { byte, chunks };
  }
}

/**
 * The first byte of `head` (the start of an input, or with `atStart` false a later part
 * of its blank start) that is not a byte order mark or JSON whitespace; -1 when there is
 * none and `whole` (nothing follows head); undefined when all of head is blank and more
 * may follow.
 */
export function firstNonBlankIn(head: Uint8Array, whole: boolean, atStart = true): number | undefined {
  let at = atStart && head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (at < head.length && (head[at] === 0x20 || head[at] === 0x09 || head[at] === 0x0d || head[at] === 0x0a)) at++;
  if (at < head.length) return head[at]!;
  return whole ? -1 : undefined;
}
