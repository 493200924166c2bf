// Reading an events file whose bytes are held in memory, every format: ./event-bytes
// with ./parquet-rows for Parquet. What the web build's preview and language server
// read samples with (the web build's ./read-events reads no file by path).

import type { EventBatch } from './event';
import { readEventBytes } from './event-bytes';
import { readParquetRows } from './parquet-rows';
import { parquetTimes, type ReadEventsOptions } from './read-event-text';

/** Reads the events file `name` (its format comes from the name) from its `bytes`. */
export function readEventFileBytes(bytes: Uint8Array, name: string, options: ReadEventsOptions = {}): AsyncGenerator<EventBatch> {
  return readEventBytes(bytes, name, options, readParquetBytes);
}

function readParquetBytes(bytes: Uint8Array, where: string, options: ReadEventsOptions, onProgress?: (read: number) => void): AsyncGenerator<EventBatch> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return readParquetRows(buffer, bytes.length, where, { onProgress: onProgress && ((read) => onProgress(read)), ...parquetTimes(options) });
}
