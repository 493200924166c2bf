// Which of the metadata reader's own user, time and session keys
// (EventMetaReader.userKeys, timeKeys, sessionKeys) a run reads through nothing but
// that key's own reader. The JSON projection leaves such a key's text out of a
// record's shape (./record-shapes): a user id, a timestamp or a session id is new on
// many lines, and no other reader of the run could tell two lines that differ only
// there apart.
//
// A reader's paths are found by compiling it alone on a lookup of the same layout
// (./fields compiles the same paths for the same layout). A key read as a container
// (`time.zone`) does not count: a string there is no container, whatever its text.

import type { EventFields } from './event-source';
import { FieldLookup } from './fields';

export interface MetaOnlyKeys {
  /** Per place of EventMetaReader.userKeys: its key is read by that place's reader alone. */
  users: boolean[];
  /** The same per place of EventMetaReader.timeKeys. */
  times: boolean[];
  /** The same per place of EventMetaReader.sessionKeys. */
  sessions: boolean[];
}

/**
 * `otherFields`: every field the run reads other than through the metadata reader
 * (its rules' fields, `against`), each read as a field.
 */
export function metaOnlyKeys(fields: EventFields, otherFields: readonly string[]): MetaOnlyKeys {
  const layout = fields.lookup.layout;
  const pathsOf = (name: string, asField: boolean): ReadonlySet<string> => {
    const probe = new FieldLookup(layout);
    if (asField) probe.accessor(name);
    else probe.path(name);
    return new Set(probe.readPaths());
  };
  const viaFields = fields.system.metaThroughContainers === true;
  const { user, time, eventType, session } = fields.metaSpec;
  const others = [...otherFields.map((field) => pathsOf(field, true)), ...eventType.map((path) => pathsOf(path, viaFields))];
  const users = user.map((path) => pathsOf(path, viaFields));
  const times = time.map((path) => pathsOf(path, viaFields));
  const sessions = session.map((path) => pathsOf(path, viaFields));
  const readers = [...others, ...users, ...times, ...sessions];
  // Only its own reader: no other reader (another place's included) has the key among its paths.
  const alone = (key: string | undefined, own: ReadonlySet<string>): boolean => key !== undefined && readers.every((paths) => paths === own || !paths.has(key));
  return {
    users: fields.meta.userKeys.map((key, place) => alone(key, users[place]!)),
    times: fields.meta.timeKeys.map((key, place) => alone(key, times[place]!)),
    sessions: fields.meta.sessionKeys.map((key, place) => alone(key, sessions[place]!)),
  };
}
