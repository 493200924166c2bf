// What sessions and attribution need of an event (SPEC §3 table, §3.2 per system):
// its user, time, event type and session. An EventMetaReader is compiled once per
// file from the paths of the file's source system (plus `--map`), as accessors of
// ./fields, so numbers are their canonical text (12345 and "12345" are one user).

import type { FieldValue } from '../semantics/value-test';
import type { EventMeta, EventProps, FieldAccessor } from './event';
import { parseEventNumber, parseEventTimeIn, type NumericTime } from './event-time';
import { fieldAccessor, PLAIN_FIELDS } from './fields';

export const USER_FIELDS = ['user_id', 'device_id'] as const;
export const TIME_FIELDS = ['time', 'timestamp', 'event_time', 'client_event_time'] as const;
export const EVENT_TYPE_FIELDS = ['event_type', 'event'] as const;
export const SESSION_FIELD = 'session_id';
/** The `session_id` that means "outside any session" (number or string). */
export const NO_SESSION = '-1';

/** Where one kind of file keeps the metadata: paths in order, first non-null wins. */
export interface EventMetaSpec {
  user: readonly string[];
  time: readonly string[];
  eventType: readonly string[];
  session: readonly string[];
  /** How a time given as a number (or a string of digits) is read. */
  numericTime: NumericTime;
}

export interface EventMetaReader {
  /**
   * The event's metadata, or the reason it cannot be used (SPEC §3: no user, no
   * parsable time). The first non-null field of each list is the value; a time that
   * does not parse is not replaced by a later field. `parsedTime`, with `parsedIndex`
   * ≥ 0: what the string of `props[timeKeys[parsedIndex]]` parses to, when the caller
   * has parsed it already (the JSON projection's scanner); `parsedIndex` -1 or absent
   * when it has not (`parsedTime` is then not read).
   */
  read(props: EventProps, parsedTime?: number, parsedIndex?: number): EventMeta | string;
  /**
   * Per time path, in order, its top-level key when the path is read first as that key
   * of the record (./fields readsOwnKeyFirst), else undefined. When no path before it
   * gives a value, such a key's string is the event's time text, read as
   * parseEventTimeIn reads it in the reader's unit (EventMetaSpec.numericTime).
   */
  readonly timeKeys: readonly (string | undefined)[];
  /** Per user path, in order, its top-level key when the path is read first as that key of the record, else undefined (as timeKeys). */
  readonly userKeys: readonly (string | undefined)[];
  /** The place of the first user path that gives a value (not null) for `props`; -1 when none does. */
  userPlace(props: EventProps): number;
  /** The place of the first time path that gives a value (not null) for `props`; -1 when none does. */
  timePlace(props: EventProps): number;
  /** Per session path, its top-level key when the path is read first as that key of the record, else undefined (as timeKeys). */
  readonly sessionKeys: readonly (string | undefined)[];
  /** The place of the first session path that gives a value (not null) for `props`; -1 when none does. */
  sessionPlace(props: EventProps): number;
  /**
   * Records skipped so far because none of the user paths or none of the time paths
   * is there at all (not this system's records, rather than a null or a bad value).
   */
  readonly foreignRecords: number;
}

function firstNonNull(accessors: readonly FieldAccessor[], props: EventProps): FieldValue {
  for (const accessor of accessors) {
    const value = accessor(props);
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

/** Whether one of the first `count` accessors gives a value that is not null. */
function nonNullBefore(accessors: readonly FieldAccessor[], count: number, props: EventProps): boolean {
  for (let k = 0; k < count; k++) {
    const value = accessors[k]!(props);
    if (value !== undefined && value !== null) return true;
  }
  return false;
}

/** The index of the first accessor that gives a value that is not null; -1 when none does. */
function firstNonNullPlace(accessors: readonly FieldAccessor[], props: EventProps): number {
  for (let k = 0; k < accessors.length; k++) {
    const value = accessors[k]!(props);
    if (value !== undefined && value !== null) return k;
  }
  return -1;
}

function nonePresent(accessors: readonly FieldAccessor[], props: EventProps): boolean {
  return accessors.every((accessor) => accessor(props) === undefined);
}

const NUMERIC_TIME_WORDS: Record<NumericTime, string> = {
  ms: 'epoch milliseconds',
  s: 'epoch seconds',
  us: 'epoch microseconds',
  's-or-ms': 'epoch seconds (below 10^11) or milliseconds',
};

function listed(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : names.join(', ');
}

/**
 * Compiles the reader; `accessor` gives the lookup of each path (a field or a plain
 * path); `ownKeyFirst(path)` says that the lookup of `path` gives `props[path]` (a
 * number's text) whenever that is present and not null (FieldLookup.readsOwnKeyFirst).
 */
export function compileEventMetaReader(
  spec: EventMetaSpec,
  accessor: (path: string) => FieldAccessor,
  ownKeyFirst: (path: string) => boolean = () => false,
): EventMetaReader {
  const users = spec.user.map(accessor);
  const times = spec.time.map(accessor);
  // The first time path, when a number there is read as the number it is (a Parquet
  // timestamp, an epoch in JSON): the same time as its text gives (parseEventNumber),
  // without making the text.
  // A string at one of these keys, when no time path before it gives a value, is what
  // firstNonNull(times) gives: the time a caller parsed from it as parseEventTimeIn
  // does in this unit (the JSON projection's scanner: date-time text, read alike in
  // every unit, and digits in milliseconds or microseconds) is the time.
  const ownKeys = (paths: readonly string[]): (string | undefined)[] => paths.map((path) => (ownKeyFirst(path) ? path : undefined));
  const timeKeys = ownKeys(spec.time);
  const numberKey = timeKeys[0];
  const userKeys = ownKeys(spec.user);
  const sessionKeys = ownKeys(spec.session);
  const eventTypes = spec.eventType.map(accessor);
  const sessions = spec.session.map(accessor);
  const noUser = `no user: ${listed(spec.user)} ${spec.user.length === 1 ? 'is' : 'are'} missing or null`;
  const noTime = `no time: ${listed(spec.time)} ${spec.time.length === 1 ? 'is' : 'are'} missing or null`;
  const expected = `expected ${NUMERIC_TIME_WORDS[spec.numericTime]} or YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]`;
  const numericTime = spec.numericTime;
  let foreignRecords = 0;
  return {
    get foreignRecords() {
      return foreignRecords;
    },
    timeKeys,
    userKeys,
    userPlace: (props) => firstNonNullPlace(users, props),
    timePlace: (props) => firstNonNullPlace(times, props),
    sessionKeys,
    sessionPlace: (props) => firstNonNullPlace(sessions, props),
    read(props, parsedTime, parsedIndex = -1) {
      const user = firstNonNull(users, props);
      if (user === undefined || user === null) {
        if (nonePresent(users, props)) foreignRecords++;
        return noUser;
      }
      const number = numberKey === undefined ? undefined : (props as Record<string, unknown>)[numberKey];
      let time: number | undefined;
      if (parsedIndex >= 0 && !nonNullBefore(times, parsedIndex, props)) {
        time = parsedTime!;
      } else if (typeof number === 'number') {
        time = parseEventNumber(number, numericTime);
        if (time === undefined) return `unparsable time ${JSON.stringify(String(number))}: ${expected}`;
      } else {
        const timeText = firstNonNull(times, props);
        if (timeText === undefined || timeText === null) {
          if (nonePresent(times, props)) foreignRecords++;
          return noTime;
        }
        time = parseEventTimeIn(timeText, numericTime);
        if (time === undefined) return `unparsable time ${JSON.stringify(timeText)}: ${expected}`;
      }
      const eventType = firstNonNull(eventTypes, props) ?? undefined;
      const session = sessions.length === 0 ? undefined : sessions.length === 1 ? sessions[0]!(props) : firstNonNull(sessions, props);
      const hasSessionId = session !== undefined && session !== null;
      const sessionId = hasSessionId && session !== NO_SESSION ? session : undefined;
      return { user, time, eventType, sessionId, hasSessionId };
    },
  };
}

/** SPEC §3's plain events: each name looked up as a field (so through event_properties / user_properties). */
export const PLAIN_META_SPEC: EventMetaSpec = {
  user: USER_FIELDS,
  time: TIME_FIELDS,
  eventType: EVENT_TYPE_FIELDS,
  session: [SESSION_FIELD],
  numericTime: 'ms',
};

const plainReader = compileEventMetaReader(PLAIN_META_SPEC, fieldAccessor, (path) => PLAIN_FIELDS.readsOwnKeyFirst(path, true));

/** The metadata of a plain event (SPEC §3). */
export function readEventMeta(props: EventProps): EventMeta | string {
  return plainReader.read(props);
}
