// The benchmark's events as GA4's BigQuery export writes them: the same events as
// bench/bench-data's NDJSON (bench/generate-events, same seed), each rewritten by
// bench/source-shapes' GA4 writer (event_params key/value arrays, microsecond
// event_timestamp, collected_traffic_source). Written once to bench/.data/ and reused.

import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { eventFieldsFor } from '../engine/events/event-source';
import type { EventProps } from '../engine/events/event';
import { GENERATOR_VERSION, generateEvents } from './generate-events';
import { ga4Shape, type NeutralEvent } from './source-shapes';
import type { BenchData } from './bench-data';

/** Bump when the GA4 rewriting changes, so cached files are regenerated. */
const SHAPE_VERSION = 2;
const WRITE_CHUNK = 4 * 1024 * 1024;
const FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'referrer', 'gclid'] as const;
const PROPERTIES = ['page_path', 'product_id', 'order_id', 'revenue'] as const;

/** The generated event as the plain reading sees it (so the GA4 file reports the same). */
export function neutralOf(props: EventProps, index: number): NeutralEvent {
  const plain = eventFieldsFor(props, { from: 'plain' });
  const meta = plain.meta.read(props);
  if (typeof meta === 'string') throw new Error(`generated event ${index} is unreadable: ${meta}`);
  const fields: Record<string, string | null> = {};
  for (const name of FIELDS) {
    const value = plain.lookup.accessor(name)(props);
    if (value !== undefined) fields[name] = value;
  }
  const properties: Record<string, string> = {};
  for (const name of PROPERTIES) {
    const value = plain.lookup.accessor(name)(props);
    if (typeof value === 'string') properties[name] = value;
  }
  return { user: meta.user, time: meta.time, type: meta.eventType ?? '', fields, properties, index };
}

export function ensureGa4BenchEvents(root: string, events: number, seed: number): BenchData {
  const directory = path.join(root, 'bench', '.data');
  const file = path.join(directory, `events-${events}-seed${seed}-v${GENERATOR_VERSION}-ga4v${SHAPE_VERSION}.ndjson`);
  if (existsSync(file)) return { file, events, bytes: statSync(file).size };
  mkdirSync(directory, { recursive: true });
  const start = performance.now();
  const partial = `${file}.${process.pid}.partial`;
  const fd = openSync(partial, 'w');
  const write = ga4Shape();
  try {
    let chunk = '';
    let index = 0;
    for (const event of generateEvents({ seed, events })) {
      chunk += `${JSON.stringify(write(neutralOf(event, index++)))}\n`;
      if (chunk.length >= WRITE_CHUNK) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  return { file, events, bytes: statSync(file).size, generatedInSeconds: (performance.now() - start) / 1000 };
}
