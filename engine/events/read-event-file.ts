// Reading an events file by its path, in chunks of CHUNK_SIZE bytes (Node). The web
// build replaces this module by ./read-event-file.web: a browser reads the files the
// workspace has through the editor (vscode.workspace.fs) and hands over their text.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { EventFileError, eventFormatOf } from './event-format';
import type { EventBatch } from './event';
import { CHUNK_SIZE, readEventStream, type ReadEventsOptions } from './read-events';

/** Reads an events file; its format comes from the extension (SPEC §3). */
export async function* readEventFile(path: string, options: ReadEventsOptions = {}): AsyncGenerator<EventBatch> {
  const format = eventFormatOf(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new EventFileError(`${path}: not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof EventFileError) throw error;
    throw new EventFileError(`${path}: cannot read the events file (${describeFsError(error)})`);
  }
  yield* readEventStream(fileChunks(path, size, options), format, path);
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

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
