// The web build's ./read-events: a web worker has no file system and no standard
// input; the web extension reads sample files through the editor and hands their
// bytes to readEventFileBytes (./read-event-bytes: every format, gz and zip too),
// which the preview worker imports itself (hyparquet stays out of other bundles).

import type { EventBatch } from './event';
import { EventFileError, type EventFormat } from './event-format';
import type { ReadEventsOptions } from './read-event-text';

export type { SkippedEntry } from './zip-reader';
export * from './read-event-text';

export async function* readEventFile(path: string, _options: ReadEventsOptions = {}): AsyncGenerator<EventBatch> {
  throw new EventFileError(`${path}: reading files by path is not available in the browser`);
}

export async function* readEventInput(
  _input: AsyncIterable<Uint8Array | string>,
  _format: EventFormat,
  name: string,
  _options: ReadEventsOptions = {},
): AsyncGenerator<EventBatch> {
  throw new EventFileError(`${name}: standard input is not available in the browser`);
}
