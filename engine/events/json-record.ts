// One JSON record (an NDJSON line or a JSON array element) into an event, or a skipped
// line with the reason (SPEC §3: bad JSON, not an object).

import type { EventBatch, EventProps } from './event';
import { quoteUnsafeIntegers } from './exact-integers';

/**
 * Adds the record to the batch as an event or a skipped line. `text` is not blank.
 * `longIntegers`: the text may hold an integer beyond ±2^53 (./exact-integers), whose
 * digits are then kept as text.
 */
export function addJsonRecord(text: string, line: number, batch: EventBatch, longIntegers = false): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
    if (longIntegers) {
      const quoted = quoteUnsafeIntegers(text);
      if (quoted !== undefined) value = JSON.parse(quoted);
    }
  } catch (error) {
    batch.skipped.push({ line, reason: `invalid JSON: ${(error as Error).message}` });
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    batch.skipped.push({ line, reason: `not a JSON object: ${describeJsonValue(value)}` });
    return;
  }
  batch.events.push({ line, props: value as EventProps });
}

function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** True when text[start, end) holds only JSON whitespace (a blank line). */
export function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}
