// Reading an events file whose bytes are held in memory (the web build: a web
// worker has no file system, so the editor reads the sample through
// vscode.workspace.fs and hands its bytes over; desktop VS Code likewise for a sample
// on a virtual file system, which no Node process opens by path). The same records, batches, entry
// names, skipped entries, expansion limit and error wording as ./read-events'
// readEventFile on the same file (tested side by side on random files):
//   `.gz` (every member) and zip entries are inflated by ./inflate-bytes (fflate),
//   a `.zip` is read by ./zip-bytes-reader, `.parquet` by the reader the caller
//   gives (./read-event-bytes gives ./parquet-rows), refused without one: hyparquet
//   (about 190 KB) does not fit in the browser's analysis worker, which reads the
//   sample of Compare with… (engine/report/report-bytes.web).
// No Node module.

import type { EventBatch } from './event';
import { eventFileKindOf, eventFileKindOrThrow, parquetUnavailable, type EventFormat } from './event-format';
import { DEFAULT_MAX_ENTRY_SIZE, limitExpansion } from './expansion-limit';
import { gunzipBytes } from './inflate-bytes';
import { CHUNK_SIZE, readEventStream, type ReadEventsOptions } from './read-event-text';
import { entryBytes, zipBytesEntries } from './zip-bytes-reader';

/** Records from the bytes of a Parquet file (or entry) named `where`. */
export type ParquetBytesReader = (bytes: Uint8Array, where: string, options: ReadEventsOptions, onProgress?: (read: number) => void) => AsyncGenerator<EventBatch>;

/** Reads the events file `name` (its format comes from the name) from its `bytes`; Parquet with `parquet`, refused without. */
export async function* readEventBytes(
  bytes: Uint8Array,
  name: string,
  options: ReadEventsOptions = {},
  parquet: ParquetBytesReader = noParquetReader,
): AsyncGenerator<EventBatch> {
  const kind = eventFileKindOrThrow(name);
  const limit = options.maxEntrySize ?? DEFAULT_MAX_ENTRY_SIZE;
  const progress = (read: number) => options.onProgress?.({ read, total: bytes.length });
  if (kind.kind === 'zip') {
    yield* readZipBytes(bytes, name, limit, options, parquet);
  } else if (kind.gzip) {
    yield* readExpanded(gunzipBytes(bytes, name, limit, progress), kind.format, name, limit, options, parquet);
  } else if (kind.format === 'parquet') {
    yield* parquet(bytes, name, options, progress);
  } else {
    yield* readEventStream(slices(bytes, progress), kind.format, name);
  }
}

async function* readZipBytes(bytes: Uint8Array, name: string, limit: number, options: ReadEventsOptions, parquet: ParquetBytesReader): AsyncGenerator<EventBatch> {
  const entries = zipBytesEntries(bytes, name, {
    limit,
    onSkipped: options.onSkippedEntry,
    onProgress: (read, total) => options.onProgress?.({ read, total }),
  });
  for (const entry of entries) {
    const kind = eventFileKindOf(entry.name);
    if (kind === undefined || kind.kind === 'zip') {
      options.onSkippedEntry?.({ name: entry.name, reason: kind === undefined ? 'not an events file' : 'a zip inside the zip' });
      continue;
    }
    const batches = kind.gzip
      ? readExpanded(gunzipBytes(await entryBytes(entry), entry.where, limit, undefined, entry.size), kind.format, entry.where, limit, options, parquet)
      : kind.format === 'parquet'
        ? parquet(await entryBytes(entry), entry.where, options)
        : readEventStream(entry.chunks(), kind.format, entry.where);
    for await (const batch of batches) {
      batch.entry = entry.name;
      for (const skipped of batch.skipped) skipped.entry = entry.name;
      yield batch;
    }
  }
}

/** Records from decompressed chunks: Parquet is gathered first (it is read by random access). */
async function* readExpanded(
  chunks: AsyncIterable<Uint8Array>,
  format: EventFormat,
  where: string,
  limit: number,
  options: ReadEventsOptions,
  parquet: ParquetBytesReader,
): AsyncGenerator<EventBatch> {
  if (format !== 'parquet') {
    yield* readEventStream(chunks, format, where);
    return;
  }
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of limitExpansion(chunks, limit, where)) {
    parts.push(chunk);
    length += chunk.length;
  }
  const whole = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  yield* parquet(whole, where, options);
}

async function* noParquetReader(_bytes: Uint8Array, where: string): AsyncGenerator<EventBatch> {
  throw parquetUnavailable(where);
}

async function* slices(bytes: Uint8Array, onProgress: (read: number) => void): AsyncGenerator<Uint8Array> {
  for (let from = 0; from < bytes.length; from += CHUNK_SIZE) {
    const to = Math.min(bytes.length, from + CHUNK_SIZE);
    onProgress(to);
    yield bytes.subarray(from, to);
  }
}
