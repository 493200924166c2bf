// Feeding readers their input in pieces, and gathering what they read: the tests of
// chunk edges (a UTF-8 or UTF-16 sequence, a line break or a row cut anywhere) share these.

import type { EventBatch, EventProps } from '../../engine/events/event';

/** Every batch's events and skipped lines, in order, as one batch. */
export async function collect(batches: AsyncIterable<EventBatch>): Promise<EventBatch> {
  const all: EventBatch = { events: [], skipped: [] };
  for await (const batch of batches) {
    all.events.push(...batch.events);
    all.skipped.push(...batch.skipped);
  }
  return all;
}

/** Every event's properties, in order. */
export async function propsOf(batches: AsyncIterable<EventBatch>): Promise<EventProps[]> {
  return (await collect(batches)).events.map((event) => event.props);
}

/** The parts, one by one, as a stream gives its chunks. */
export async function* pieces<T>(parts: T[]): AsyncGenerator<T> {
  for (const part of parts) yield part;
}

/** `bytes` split at the given points (each modulo the length + 1; anywhere, inside a character too). */
export function cutAt(bytes: Uint8Array, points: readonly number[]): Buffer[] {
  const sorted = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const point of sorted) {
    parts.push(Buffer.from(bytes.subarray(from, point)));
    from = point;
  }
  parts.push(Buffer.from(bytes.subarray(from)));
  return parts;
}
