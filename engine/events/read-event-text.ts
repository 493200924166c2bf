// Reading events from text and from streams of bytes (./read-events has the whole
// story): no Node module, so the web extension's preview reads its samples with it.

import type { EventBatch, EventProps } from './event';
import { EventFileError, type EventFormat } from './event-format';
import { readCsvBatches } from './csv-reader';
import { JsonArraySplitter } from './json-array-splitter';
import { NdjsonSplitter } from './ndjson-splitter';
import type { SkippedEntry } from './zip-reader';
import type { ParquetReadOptions } from './parquet-rows';
import { Utf8StreamDecoder, type AsciiText, type InvalidUtf8Mark } from '../text/utf8-stream';
import { refuseWideUnicode, WIDE_MARK_BYTES } from './wide-unicode';

/**
 * The longest NDJSON line kept (an event is a few hundred bytes): longer lines are
 * skipped as they stream, so a decompression bomb of one endless line costs time
 * linear in its size and bounded memory.
 */
export const MAX_EVENT_LINE = 16 * 1024 * 1024;

function eventLineSplitter(): NdjsonSplitter {
  return new NdjsonSplitter(MAX_EVENT_LINE, 'the limit for one event line');
}

/** Bytes (or characters, for in-memory text) per chunk. */
export const CHUNK_SIZE = 1 << 20;

export interface ReadProgress {
  /** Bytes (characters for in-memory text) consumed so far: compressed bytes for containers. */
  read: number;
  /** The file's size (the text's length; for standard input, what was read so far). */
  total: number;
}

export interface ReadEventsOptions {
  /** Called after each chunk is read, before its batch is delivered. */
  onProgress?: (progress: ReadProgress) => void;
  /** Most bytes one `.gz` file, zip entry or spooled input may expand to (default 4 GiB). */
  maxEntrySize?: number;
  /** Zip entries that are not read (folders, other file types), each once, in archive order. */
  onSkippedEntry?: (entry: SkippedEntry) => void;
  /**
   * A `.parquet` file: asked before each row group, the columns to read (the others'
   * keys are absent from its records); all when undefined or when it gives undefined.
   */
  parquetColumns?: () => ((columnPath: string) => boolean) | undefined;
  /**
   * A `.parquet` file (a zip entry, standard input too): asked with its first event,
   * whether its timestamps and dates are read as their ISO text (./parquet-rows
   * typedTimesAsText; event-source readsTypedTimesAsText); epoch milliseconds without it.
   */
  parquetTypedTimesAsText?: (first: EventProps) => boolean;
}

/** How a Parquet file's typed times are read (ReadEventsOptions.parquetTypedTimesAsText), for the readers of files and of bytes. */
export function parquetTimes(options: Pick<ReadEventsOptions, 'parquetTypedTimesAsText'>): Pick<ParquetReadOptions, 'typedTimesAsText'> {
  return options.parquetTypedTimesAsText === undefined ? {} : { typedTimesAsText: options.parquetTypedTimesAsText };
}

/**
 * What splits decoded text into records: `invalid` lists the chunk's invalid UTF-8
 * sequences (by their U+FFFD in `chunk`); a record holding one is skipped, naming the
 * first one's byte offset.
 */
export interface RecordSplitter {
  push(chunk: string, batch: EventBatch, invalid?: readonly InvalidUtf8Mark[]): void;
  end(batch: EventBatch): void;
}

export interface ReadStreamOptions {
  /**
   * The stream offset of the first byte (default 0): skipped-line reasons name byte
   * offsets from it (a reader that starts in the middle of a file names offsets in the
   * whole file).
   */
  startOffset?: number;
  /** The platform's fast decoding of ASCII chunks (../text/utf8-stream), if any. */
  asciiText?: AsciiText;
}

/** Reads events from text held in memory (tests, expectations, the preview's samples). */
export async function* readEventText(
  text: string,
  format: EventFormat,
  options: ReadEventsOptions = {},
): AsyncGenerator<EventBatch> {
  yield* readEventStream(textChunks(text, options), format, `(${format} text)`);
}

/** Every event and skipped line of in-memory text, in one batch. */
export async function readAllEventText(text: string, format: EventFormat): Promise<EventBatch> {
  const all: EventBatch = { events: [], skipped: [] };
  for await (const batch of readEventText(text, format)) {
    for (const event of batch.events) all.events.push(event);
    for (const skipped of batch.skipped) all.skipped.push(skipped);
  }
  return all;
}

/**
 * Reads events from chunks of bytes (UTF-8, split anywhere) or text, e.g. a stream.
 * `name` names the input in errors. A line or record holding bytes that are not UTF-8
 * is skipped with the byte offset of the first invalid sequence (from
 * `options.startOffset`: in a `.gz` or a zip entry, the offset in its decompressed
 * bytes).
 */
export async function* readEventStream(
  chunks: AsyncIterable<Uint8Array | string>,
  format: EventFormat,
  name: string,
  options: ReadStreamOptions = {},
): AsyncGenerator<EventBatch> {
  if (format === 'csv') {
    yield* readCsvBatches(chunks, name, options.startOffset ?? 0);
    return;
  }
  if (format === 'parquet') throw new EventFileError(`${name}: Parquet is not text`);
  const splitter: RecordSplitter = format === 'ndjson' ? eventLineSplitter() : new JsonOrNdjsonSplitter(name);
  const decoder = new Utf8StreamDecoder(options.startOffset ?? 0, false, options.asciiText);
  let first = true;
  // The first bytes, held until they show whether a UTF-16 or UTF-32 byte order mark starts the input.
  let head: Uint8Array | undefined = new Uint8Array(0);
  const push = (chunk: Uint8Array | string): EventBatch => {
    let { text, invalid } = typeof chunk === 'string' ? { text: chunk, invalid: NO_MARKS } : decoder.decode(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
        invalid = invalid.map((mark) => ({ ...mark, offset: mark.offset - 1 }));
      }
      first = false;
    }
    const batch: EventBatch = { events: [], skipped: [] };
    splitter.push(text, batch, invalid);
    return batch;
  };
  for await (const chunk of chunks) {
    let next: Uint8Array | string = chunk;
    if (head !== undefined && typeof chunk !== 'string') {
      const held: Uint8Array = new Uint8Array(head.length + chunk.length);
      held.set(head);
      held.set(chunk, head.length);
      if (held.length < WIDE_MARK_BYTES) {
        head = held;
        continue;
      }
      refuseWideUnicode(held, name, format);
      next = held;
    }
    head = undefined;
    const batch = push(next);
    if (batch.events.length > 0 || batch.skipped.length > 0) yield batch;
  }
  if (head !== undefined && head.length > 0) {
    refuseWideUnicode(head, name, format);
    const batch = push(head);
    if (batch.events.length > 0 || batch.skipped.length > 0) yield batch;
  }
  const batch: EventBatch = { events: [], skipped: [] };
  const rest = decoder.end();
  if (rest.text !== '') splitter.push(rest.text, batch, rest.invalid);
  splitter.end(batch);
  if (batch.events.length > 0 || batch.skipped.length > 0) yield batch;
}

const NO_MARKS: InvalidUtf8Mark[] = [];

/**
 * A `.json` file (SPEC §3.1): NDJSON when its first non-blank character is `{` (as
 * Amplitude's and Mixpanel's exports are), else a JSON array.
 */
class JsonOrNdjsonSplitter implements RecordSplitter {
  private inner: RecordSplitter | undefined;
  /**
   * Until the first non-blank character, the blank text goes to an NDJSON splitter as it
   * comes: if the file is NDJSON, those are its first lines (counted, and one longer than
   * the limit skipped), exactly as the `.ndjson` reader and the ranges read them; if it
   * is an array, they are dropped. Neither keeps more than one line's worth of the blank
   * text nor searches it twice (it was kept whole and searched again for every chunk:
   * 128 MB of spaces took 17 to 23 s, and the line they made was never measured).
   */
  private readonly blankLines = eventLineSplitter();
  /** What the blank text gave `blankLines`: at most a line too long to keep. */
  private readonly blankBatch: EventBatch = { events: [], skipped: [] };

  constructor(private readonly name: string) {}

  push(chunk: string, batch: EventBatch, invalid: readonly InvalidUtf8Mark[] = NO_MARKS): void {
    if (this.inner !== undefined) {
      this.inner.push(chunk, batch, invalid);
      return;
    }
    const first = chunk.search(/[^ \t\r\n]/);
    if (first === -1) {
      // Blank text holds no invalid UTF-8 (the decoder's marks stand for U+FFFD).
      this.blankLines.push(chunk, this.blankBatch);
      return;
    }
    if (chunk.charCodeAt(first) === 123 /* { */) {
      this.inner = this.blankLines;
      batch.skipped.push(...this.blankBatch.skipped);
    } else {
      this.inner = new JsonArraySplitter(this.name);
    }
    this.inner.push(chunk, batch, invalid);
  }

  end(batch: EventBatch): void {
    this.inner?.end(batch);
  }
}

async function* textChunks(text: string, options: ReadEventsOptions): AsyncGenerator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK_SIZE);
    // Never split a surrogate pair: the CSV reader encodes each chunk to UTF-8 on its own.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    options.onProgress?.({ read: end, total: text.length });
    yield text.slice(start, end);
    start = end;
  }
}
