// Events as the engine sees them (SPEC §3).

import type { FieldValue } from '../semantics/value-test';

/**
 * One event's properties as read: a parsed JSON object (nested objects kept as they
 * are), or a CSV row (strings; empty cells absent). Field lookup (flattened dotted
 * paths, event_properties/user_properties aliases, derived referring_domain, number
 * and boolean text) is `fieldAccessor` in ./fields, the one definition of it.
 */
export type EventProps = Record<string, unknown>;

export interface InputEvent {
  /** 1-based physical line (first line of a CSV row; element number in a JSON array). */
  line: number;
  props: EventProps;
}

export interface SkippedLine {
  line: number;
  /** The zip entry the line is in (SPEC §3.1: named `<entry>:<line>`). */
  entry?: string;
  reason: string;
}

/** What the readers of ./read-events deliver: the events of one chunk of input, in order. */
export interface EventBatch {
  events: InputEvent[];
  /** Lines of this chunk that could not be read, in line order. */
  skipped: SkippedLine[];
  /** The zip entry all of this batch comes from; lines count from 1 in each entry. */
  entry?: string;
  /**
   * A CSV's header names, on the batch holding its first row: names every row has,
   * though an empty cell leaves its name out of that row's record (the field-case
   * hints, ./field-case, read them).
   */
  columns?: readonly string[];
  /**
   * Per event (by its index in `events`), what the string of one of its record's time
   * members parses to, when the reader parsed it (./json-projection), and the place of
   * that member's key in EventMetaReader.timeKeys; -1 where the reader did not. Taken
   * with the events: the reader gives the next events new arrays. (Numbers in typed
   * arrays: a time in each event object would be a boxed double.)
   */
  parsedTimes?: Float64Array;
  parsedTimePlaces?: Int32Array;
  /**
   * Per event, its record's shape (./record-shapes), -1 for none. An event whose
   * `props` is ./json-projection's NO_RECORD has no record (nor its own event object):
   * its shape is one the consumer marked known, its line is `shapedLines[k]`, its
   * user is the string of its metadata-only user member at the shape's place
   * (./record-shapes userPlaces), and its session id, when the shape takes it from the
   * line (sessionPlaces), `shapedSessions[k]` (the session reader's text).
   *
   * The user is the ASCII bytes shapedUserBytes[shapedUserStarts[k] … shapedUserEnds[k])
   * (a string without escapes, all below 0x80: its code units), or, where
   * shapedUserStarts[k] is -1, the string `shapedUsers[k]`; so that a consumer that
   * numbers users need not make a string per line. `shapedUserValues[k]` numbers the
   * user's text among the texts of the reader's current range (equal numbers, equal
   * texts), -1 for none. shapedUserBytes holds only while the batch is handed on.
   */
  shapes?: Int32Array;
  shapedLines?: Int32Array;
  shapedUsers?: string[];
  shapedUserStarts?: Int32Array;
  shapedUserEnds?: Int32Array;
  shapedUserValues?: Int32Array;
  shapedUserBytes?: Uint8Array;
  shapedSessions?: string[];
}

/** `12`, or `2024-01-01.json.gz:12` for a line of a zip entry. */
export function lineReference(line: { line: number; entry?: string }): string {
  return line.entry === undefined ? String(line.line) : `${line.entry}:${line.line}`;
}

/** The parts of an event that sessions and attribution need. */
export interface EventMeta {
  user: string;
  /** Epoch milliseconds, UTC. */
  time: number;
  eventType?: string;
  /** Undefined when the event belongs to no session (no session_id, null, or -1). */
  sessionId?: string;
  /**
   * The event has a non-null `session_id` (`-1` included). SPEC §4: when any event of
   * a file has one, sessions are (user, session_id) rather than timeout gaps.
   */
  hasSessionId?: boolean;
}

export type FieldAccessor = (props: EventProps) => FieldValue;
