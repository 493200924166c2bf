// Reading a sample for the language server, whatever gives its bytes: ./sample-store
// (Node: the file by its path) and ./sample-store.web (the browser: the bytes the
// client read through the editor).

import { createYielder, NEVER_CANCELLED, type CancellationToken } from '../engine/cancellation';
import type { EventBatch, EventProps } from '../engine/events/event';
import { eventFieldsFor, type EventFields, type EventSourceOptions } from '../engine/events/event-source';
import { SampleProfiler } from '../engine/language/sample-profile';
import { MAX_SAMPLE_EVENTS, type LoadedSample } from './sample-store-types';

/**
 * A sample from its batches of events: profiled (fields and values, for completion
 * and hover) and kept up to MAX_SAMPLE_EVENTS (for code lens counts). `file` names it.
 * Stops with CancelledError at its next slice once `token` is cancelled (a newer read
 * replaced it, or no document needs it: ./sample-reads); leaving the loop closes the
 * reader, and with it the file.
 */
export async function collectSample(
  batches: AsyncIterable<EventBatch>,
  file: string,
  mtimeMs: number,
  options: EventSourceOptions,
  token: CancellationToken = NEVER_CANCELLED,
): Promise<LoadedSample> {
  let profiler: SampleProfiler | undefined;
  let fields: EventFields | undefined;
  const events: EventProps[] = [];
  let eventCount = 0;
  let skipped = 0;
  // This runs on the server's thread: it yields between batches and within a large
  // batch's profiling, so requests are answered while a large file is read.
  const pause = createYielder(token);
  for await (const batch of batches) {
    await pause();
    skipped += batch.skipped.length;
    for (const event of batch.events) {
      eventCount++;
      if (fields === undefined) {
        // SPEC §3.2: the first record that parses as an object decides `auto`.
        fields = eventFieldsFor(event.props, options);
        profiler = new SampleProfiler({ lookup: fields.lookup });
      }
      profiler!.add(event.props);
      if (events.length < MAX_SAMPLE_EVENTS) events.push(event.props);
      if ((eventCount & 255) === 0) await pause();
    }
  }
  fields ??= eventFieldsFor(undefined, options);
  return { file, mtimeMs, events, eventCount, skipped, profile: (profiler ?? new SampleProfiler()).finish(), fields };
}

