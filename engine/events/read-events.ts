// Reading events (SPEC §3), streamed: the file is read in chunks of about 1 MB and
// each chunk's events are delivered as one batch, so memory holds one chunk at a
// time however long the file, and there is no per-line await or stream machinery
// (NDJSON costs about what reading the bytes and JSON.parse cost).
//
//   for await (const { events, skipped } of readEventFile('events.ndjson')) { … }
//
// Batches come in input order; within a batch, events and skipped lines are each in
// line order. Bad lines (bad JSON, not an object) are skipped and reported; blank
// lines are ignored. Whether an event has a user and a time is not decided here but
// by ./event-meta (the report pipeline merges both kinds of skipped lines).
// Whole-file problems (unknown extension, missing file, a .json file that is not an
// array) throw EventFileError. Reading a file by its path is ./read-event-file's (Node
// only: the web build has its own, ./read-event-file.web).

import type { EventBatch } from './event';
import type { EventFormat } from './event-format';
import { readCsvBatches } from './csv-reader';
import { JsonArraySplitter } from './json-array-splitter';
import { NdjsonSplitter } from './ndjson-splitter';

export { readEventFile } from './read-event-file';

/** Bytes (or characters, for in-memory text) per chunk. */
export const CHUNK_SIZE = 1 << 20;

export interface ReadProgress {
  /** Bytes (characters for in-memory text) consumed so far. */
  read: number;
  /** The file's size (the text's length). */
  total: number;
}

export interface ReadEventsOptions {
  /** Called after each chunk is read, before its batch is delivered. */
  onProgress?: (progress: ReadProgress) => void;
}

interface Splitter {
  push(chunk: string, batch: EventBatch): void;
  end(batch: EventBatch): void;
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
  const splitter: Splitter = format === 'ndjson' ? new NdjsonSplitter() : new JsonArraySplitter(name);
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const batch: EventBatch = { events: [], skipped: [] };
    splitter.push(text, batch);
    if (batch.events.length > 0 || batch.skipped.length > 0) yield batch;
  }
  const batch: EventBatch = { events: [], skipped: [] };
  const rest = decoder.decode();
  if (rest !== '') splitter.push(rest, batch);
  splitter.end(batch);
  if (batch.events.length > 0 || batch.skipped.length > 0) yield batch;
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
