// Reading events (SPEC §3, §3.1), streamed: the file is read in chunks of about 1 MB and
// each chunk's events are delivered as one batch, so memory holds one chunk at a
// time however long the file, and there is no per-line await or stream machinery
// (NDJSON costs about what reading the bytes and JSON.parse cost).
//
//   for await (const { events, skipped } of readEventFile('events.ndjson')) { … }
//
// Containers are layers over the same record readers: `.gz` is gunzipped as it
// streams (./gzip-reader), a `.zip` gives its entries in order, each read by its own
// name (./zip-reader; a batch then names its `entry`), `.parquet` is read by row
// group (./parquet-reader), and standard input is sniffed for gzip, zip and Parquet
// magic bytes (zip and Parquet need random access: copied to a temporary file first).
//
// Batches come in input order; within a batch, events and skipped lines are each in
// line order. Bad lines (bad JSON, not an object) are skipped and reported; blank
// lines are ignored. Whether an event has a user and a time is not decided here but
// by ./event-meta (the report pipeline merges both kinds of skipped lines).
// Whole-input problems (unknown extension, missing file, a .json file that is neither
// an array nor NDJSON, a damaged container, an entry past the expansion limit) throw
// EventFileError.

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import type { EventBatch } from './event';
import { EventFileError, eventFileKindOf, eventFileKindOrThrow, type EventFormat } from './event-format';
import { readCsvBatches } from './csv-reader';
import { DEFAULT_MAX_ENTRY_SIZE, limitExpansion } from './expansion-limit';
import { gunzipChunks, isGzip } from './gzip-reader';
import { JsonArraySplitter } from './json-array-splitter';
import { NdjsonSplitter } from './ndjson-splitter';
import { isParquet, readParquetFile } from './parquet-reader';
import { zipEntries, type SkippedEntry } from './zip-reader';

export type { SkippedEntry } from './zip-reader';

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
}

interface Splitter {
  push(chunk: string, batch: EventBatch): void;
  end(batch: EventBatch): void;
}

/** Reads an events file; its format comes from its name (SPEC §3, §3.1). */
export async function* readEventFile(path: string, options: ReadEventsOptions = {}): AsyncGenerator<EventBatch> {
  const kind = eventFileKindOrThrow(path);
  const size = await fileSize(path);
  const limit = options.maxEntrySize ?? DEFAULT_MAX_ENTRY_SIZE;
  if (kind.kind === 'zip') {
    yield* readZip(path, path, options);
  } else if (kind.format === 'parquet' && !kind.gzip) {
    yield* readParquetFile(path, path, { onProgress: (read, total) => options.onProgress?.({ read, total }) });
  } else {
    const chunks = fileChunks(path, size, options);
    yield* readEventBytes(kind.gzip ? gunzipChunks(chunks, path, limit) : chunks, kind.format, path, limit);
  }
}

/**
 * Reads events from standard input (`--events -`): gzip, zip and Parquet are
 * recognised by their first bytes; anything else is text in `format`.
 */
export async function* readEventInput(
  input: AsyncIterable<Buffer | string>,
  format: EventFormat,
  name: string,
  options: ReadEventsOptions = {},
): AsyncGenerator<EventBatch> {
  const limit = options.maxEntrySize ?? DEFAULT_MAX_ENTRY_SIZE;
  let read = 0;
  const counted = (async function* () {
    for await (const chunk of input) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      read += bytes.length;
      options.onProgress?.({ read, total: read });
      yield bytes;
    }
  })();
  let { head, chunks } = await peek(counted, 4);
  if (isGzip(head)) ({ head, chunks } = await peek(gunzipChunks(chunks, name, limit), 4));
  if (isZip(head)) {
    yield* withSpooledFile(chunks, name, limit, (file) => readZip(file, name, options));
  } else {
    yield* readEventBytes(chunks, isParquet(head) ? 'parquet' : format, name, limit);
  }
}

/** Records from a stream of bytes: Parquet is copied to a temporary file (it needs random access). */
async function* readEventBytes(chunks: AsyncIterable<Buffer>, format: EventFormat, where: string, limit: number): AsyncGenerator<EventBatch> {
  if (format === 'parquet') yield* withSpooledFile(chunks, where, limit, (file) => readParquetFile(file, where));
  else yield* readEventStream(chunks, format, where);
}

async function* readZip(path: string, name: string, options: ReadEventsOptions): AsyncGenerator<EventBatch> {
  const limit = options.maxEntrySize ?? DEFAULT_MAX_ENTRY_SIZE;
  const entries = zipEntries(path, name, {
    limit,
    onSkipped: options.onSkippedEntry,
    onProgress: (read, total) => options.onProgress?.({ read, total }),
  });
  for await (const entry of entries) {
    const kind = eventFileKindOf(entry.name);
    if (kind === undefined || kind.kind === 'zip') {
      options.onSkippedEntry?.({ name: entry.name, reason: kind === undefined ? 'not an events file' : 'a zip inside the zip' });
      continue;
    }
    const chunks = kind.gzip ? gunzipChunks(entry.chunks, entry.where, limit) : entry.chunks;
    for await (const batch of readEventBytes(chunks, kind.format, entry.where, limit)) {
      batch.entry = entry.name;
      for (const skipped of batch.skipped) skipped.entry = entry.name;
      yield batch;
    }
  }
}

/** The first `count` bytes (fewer at the end of input) and all the chunks again. */
async function peek(chunks: AsyncIterable<Buffer>, count: number): Promise<{ head: Buffer; chunks: AsyncIterable<Buffer> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < count) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    seen.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(seen).subarray(0, count);
  const replay = (async function* () {
    yield* seen;
    if (!done) {
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    }
  })();
  return { head, chunks: replay };
}

/** `PK\x03\x04` (a local file header) or `PK\x05\x06` (the end record of an empty zip). */
function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * Copies the chunks to a temporary file (removed afterwards, also on error), at most
 * `limit` bytes, and reads it with `read`.
 */
async function* withSpooledFile(
  chunks: AsyncIterable<Buffer>,
  where: string,
  limit: number,
  read: (path: string) => AsyncGenerator<EventBatch>,
): AsyncGenerator<EventBatch> {
  const folder = await mkdtemp(join(tmpdir(), 'channel-rules-'));
  try {
    const file = join(folder, 'input');
    const out = createWriteStream(file);
    const failed = once(out, 'error').then(([error]: unknown[]) => {
      throw new EventFileError(`${where}: cannot copy to a temporary file in ${tmpdir()}: ${(error as Error).message}`);
    });
    failed.catch(() => undefined);
    try {
      for await (const chunk of limitExpansion(chunks, limit, where)) {
        if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    yield* read(file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new EventFileError(`${path}: not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof EventFileError) throw error;
    throw new EventFileError(`${path}: cannot read the events file (${describeFsError(error)})`);
  }
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
 * `name` names the input in errors.
 */
export async function* readEventStream(
  chunks: AsyncIterable<Buffer | string>,
  format: EventFormat,
  name: string,
): AsyncGenerator<EventBatch> {
  if (format === 'csv') {
    yield* readCsvBatches(chunks);
    return;
  }
  if (format === 'parquet') throw new EventFileError(`${name}: Parquet is not text`);
  const splitter: Splitter = format === 'ndjson' ? eventLineSplitter() : new JsonOrNdjsonSplitter(name);
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const batch: EventBatch = { events: [], skipped: [] };
    splitter.push(text, batch);
    if (batch.events.length > 0 || batch.skipped.length > 0) yield batch;
  }
  const batch: EventBatch = { events: [], skipped: [] };
  const rest = decoder.end();
  if (rest !== '') splitter.push(rest, batch);
  splitter.end(batch);
  if (batch.events.length > 0 || batch.skipped.length > 0) yield batch;
}

/**
 * A `.json` file (SPEC §3.1): NDJSON when its first non-blank character is `{` (as
 * Amplitude's and Mixpanel's exports are), else a JSON array.
 */
class JsonOrNdjsonSplitter implements Splitter {
  private inner: Splitter | undefined;
  private head = '';

  constructor(private readonly name: string) {}

  push(chunk: string, batch: EventBatch): void {
    if (this.inner !== undefined) {
      this.inner.push(chunk, batch);
      return;
    }
    const text = this.head + chunk;
    const first = text.search(/[^ \t\r\n]/);
    if (first === -1) {
      this.head = text;
      return;
    }
    this.head = '';
    this.inner = text.charCodeAt(first) === 123 /* { */ ? eventLineSplitter() : new JsonArraySplitter(this.name);
    this.inner.push(text, batch);
  }

  end(batch: EventBatch): void {
    this.inner?.end(batch);
  }
}

async function* fileChunks(path: string, size: number, options: ReadEventsOptions): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_SIZE });
  let read = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      options.onProgress?.({ read, total: Math.max(size, read) });
      yield chunk;
    }
  } catch (error) {
    throw new EventFileError(`${path}: cannot read the events file (${describeFsError(error)})`);
  } finally {
    stream.destroy();
  }
}

async function* textChunks(text: string, options: ReadEventsOptions): AsyncGenerator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK_SIZE);
    // Never split a surrogate pair: csv-parse encodes each chunk to UTF-8 on its own.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    options.onProgress?.({ read: end, total: text.length });
    yield text.slice(start, end);
    start = end;
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
