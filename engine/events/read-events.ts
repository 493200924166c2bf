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
// EventFileError. Files, containers and standard input are this module's (Node);
// text and streams of bytes are ./read-event-text's, which the web build uses alone
// (./read-events.web).

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { asciiText } from './ascii-text';
import type { EventBatch } from './event';
import { EventFileError, eventFileKindOf, eventFileKindOrThrow, type EventFormat } from './event-format';
import { DEFAULT_MAX_ENTRY_SIZE, limitExpansion } from './expansion-limit';
import { gunzipChunks, isGzip } from './gzip-reader';
import { isParquet, readParquetFile } from './parquet-reader';
import { zipEntries, type SkippedEntry } from './zip-reader';
import { noSuchFileReason } from '../working-directory';
import { removeAtExit } from '../temporary-folders';
import { fileShrankError } from './file-shrank';

import { CHUNK_SIZE, parquetTimes, readEventStream, type ReadEventsOptions } from './read-event-text';

export type { SkippedEntry } from './zip-reader';
// Reading text and byte streams (no Node module: the web build uses it as it is; files
// held in memory are ./read-event-bytes').
export * from './read-event-text';

/** Reads an events file; its format comes from its name (SPEC §3, §3.1). */
export async function* readEventFile(path: string, options: ReadEventsOptions = {}): AsyncGenerator<EventBatch> {
  // What the path is before what its name says: a folder named `export.d` is not a file.
  const size = await fileSize(path);
  const kind = eventFileKindOrThrow(path);
  const limit = options.maxEntrySize ?? DEFAULT_MAX_ENTRY_SIZE;
  if (kind.kind === 'zip') {
    yield* readZip(path, path, options);
  } else if (kind.format === 'parquet' && !kind.gzip) {
    yield* readParquetFile(path, path, {
      onProgress: (read, total) => options.onProgress?.({ read, total }),
      ...(options.parquetColumns === undefined ? {} : { columns: options.parquetColumns }),
      ...parquetTimes(options),
    });
  } else {
    const chunks = fileChunks(path, size, options);
    yield* readEventBytes(kind.gzip ? gunzipChunks(chunks, path, limit) : chunks, kind.format, path, limit, options);
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
    yield* readEventBytes(chunks, isParquet(head) ? 'parquet' : format, name, limit, options);
  }
}

/** Records from a stream of bytes: Parquet is copied to a temporary file (it needs random access). */
export async function* readEventBytes(
  chunks: AsyncIterable<Buffer>,
  format: EventFormat,
  where: string,
  limit: number,
  options: Pick<ReadEventsOptions, 'parquetTypedTimesAsText'> = {},
): AsyncGenerator<EventBatch> {
  if (format === 'parquet') yield* withSpooledFile(chunks, where, limit, (file) => readParquetFile(file, where, parquetTimes(options)));
  else yield* readEventStream(chunks, format, where, { asciiText });
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
    const chunks = kind.gzip ? gunzipChunks(entry.chunks, entry.where, limit, entry.size) : entry.chunks;
    for await (const batch of readEventBytes(chunks, kind.format, entry.where, limit, options)) {
      batch.entry = entry.name;
      for (const skipped of batch.skipped) skipped.entry = entry.name;
      yield batch;
    }
  }
}

/** The first `count` bytes (fewer at the end of input) and all the chunks again. */
export async function peek(chunks: AsyncIterable<Buffer>, count: number): Promise<{ head: Buffer; chunks: AsyncIterable<Buffer> }> {
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
 * Copies the chunks to a temporary file (removed afterwards, also on error and however the
 * process ends: ../temporary-folders), at most `limit` bytes, and reads it with `read`.
 */
async function* withSpooledFile(
  chunks: AsyncIterable<Buffer>,
  where: string,
  limit: number,
  read: (path: string) => AsyncGenerator<EventBatch>,
): AsyncGenerator<EventBatch> {
  const cannotCopy = (error: unknown): EventFileError => new EventFileError(`${where}: cannot copy to a temporary file in ${tmpdir()}: ${describeFsError(error)}`);
  // A TMPDIR that is missing, not a folder or not writable fails here, as a write would.
  const folder = await mkdtemp(join(tmpdir(), 'channel-rules-')).catch((error: unknown) => {
    throw cannotCopy(error);
  });
  // Also when the run ends before this `finally` can (process.exit, a signal).
  const release = removeAtExit(folder);
  try {
    const file = join(folder, 'input');
    const out = createWriteStream(file);
    const failed = once(out, 'error').then(([error]: unknown[]) => {
      throw cannotCopy(error);
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
    release();
  }
}

export async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new EventFileError(`${path}: not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof EventFileError) throw error;
    throw new EventFileError(`${path}: cannot read the events file (${describeFsError(error)})`);
  }
}

export async function* fileChunks(path: string, size: number, options: ReadEventsOptions): AsyncGenerator<Buffer> {
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
  // Its end came before the size it had when the run began: it shrank meanwhile (one that grew is read to its new end).
  if (read < size) throw fileShrankError(path, size, read);
}

/** A file system error as the one-line reason ("no such file", "permission denied", …). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return noSuchFileReason((error as NodeJS.ErrnoException).path);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'not a directory';
  return error instanceof Error ? error.message : String(error);
}
