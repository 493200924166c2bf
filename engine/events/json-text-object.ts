// A property container written as JSON text (SPEC §3.2; docs/events-and-reports.md,
// "How a system's record is read"): PostHog's batch export keeps `properties` and
// `person_properties` as "a JSON object … stored as a JSON-encoded string" in
// Parquet, and a CSV of any export holds a container as the text of its cell. The
// source system declares which containers may come so (SourceSystem.jsonTextContainers),
// and ./fields reads such a string as the object it holds, on every path that reads a
// record, so that a field is the same whether the file nests the object or encodes it.
//
// Exactly as the JSON record reader (./json-record) reads a line: JSON.parse (its
// whitespace, escapes, nesting, and a duplicate key keeping its last value), with the
// integers a number cannot give back kept as their digits (./exact-integers). A string
// that is not one JSON object (an array, a number, bad JSON, empty) is not read as
// one: it stays the string it is.

import { hasLongInteger, quoteUnsafeIntegers } from './exact-integers';

/** The object `text` holds as JSON, or undefined when it holds no JSON object. */
export function jsonTextObject(text: string): Record<string, unknown> | undefined {
  // JSON.parse's whitespace, then `{`: most strings that hold no object are turned away
  // without an exception.
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  if (text.charCodeAt(i) !== 123 /* { */) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (hasLongInteger(text)) {
    const quoted = quoteUnsafeIntegers(text);
    if (quoted !== undefined) value = JSON.parse(quoted);
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * jsonTextObject with a memory of the last text: the lookups of one record (each rule's
 * field, then every container in turn, the session, `against`) read one container's
 * text many times, and parsing it once per record keeps a record's cost linear in its
 * size. One per container and field lookup; the object is shared by every reader of
 * that text, and nothing writes to it.
 */
export function memoJsonTextObject(): (text: string) => Record<string, unknown> | undefined {
  let lastText: string | undefined;
  let lastObject: Record<string, unknown> | undefined;
  return (text) => {
    if (text !== lastText) {
      lastObject = jsonTextObject(text);
      lastText = text;
    }
    return lastObject;
  };
}
