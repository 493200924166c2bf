// The web build's ./read-event-file: a web worker has no file system. The web
// extension reads sample files through the editor and hands their text to
// readEventText; a path reaching this is a bug, reported as an unreadable file.

import type { EventBatch } from './event';
import { EventFileError } from './event-format';
import type { ReadEventsOptions } from './read-events';

// eslint-disable-next-line require-yield
export async function* readEventFile(path: string, _options: ReadEventsOptions = {}): AsyncGenerator<EventBatch> {
  throw new EventFileError(`${path}: reading files by path is not available in the browser`);
}
