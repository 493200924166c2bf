// Events ordered per user by time, ties kept in file order (SPEC §4): the order that
// sessions, entries/exits and attribution all walk. A counting sort groups the events
// by user (stable, so each user's events stay in file order); a user's events are
// then sorted by time only when they are not already in time order. A timeline of one
// part of the users (./report-columns' UserPart) holds only their events: each thread
// of a threaded report walks its own users (./report-part).
//
// The columns the stages read (time, channel, event type, session id) are copied into
// timeline order as the counting sort places each event: a user's events lie far apart
// in the file, so the stages reading them by event index waited on memory for most of
// their reads (five passes over scattered events); in timeline order every stage reads
// its columns in sequence, and the scattered accesses are one pass of writes.

import { ALL_USERS, type ReportColumns, type UserPart } from './report-columns';

export interface UserTimeline {
  /** Event indices: user 0's events in time order, then user 1's, … (only the part's users: the others have none). */
  order: Int32Array;
  /** User u's events are order[userStart[u] … userStart[u + 1]). */
  userStart: Int32Array;
  /** Per timeline position k: the time of event order[k]. */
  times: Float64Array;
  /** Per timeline position: its event's channel index, -1 for none. */
  channels: Int32Array;
  /** Per timeline position: its event's type number, -1 for none. */
  types: Int32Array;
  /** Per timeline position: its event's session id number, -1 for none; undefined when no event has a session id. */
  sessionIds: Int32Array | undefined;
}

export function userTimeline(columns: ReportColumns, channelOf: Int32Array, part: UserPart = ALL_USERS): UserTimeline {
  const { count, userOf, userCount } = columns;
  const { index, of } = part;
  const userStart = new Int32Array(userCount + 1);
  if (of === 1) {
    for (let i = 0; i < count; i++) userStart[userOf[i]! + 1]!++;
  } else {
    for (let i = 0; i < count; i++) {
      const user = userOf[i]!;
      if (user % of === index) userStart[user + 1]!++;
    }
  }
  for (let u = 0; u < userCount; u++) userStart[u + 1]! += userStart[u]!;
  const length = userStart[userCount]!;
  const timeline: UserTimeline = {
    order: new Int32Array(length),
    userStart,
    times: new Float64Array(length),
    channels: new Int32Array(length),
    types: new Int32Array(length),
    sessionIds: columns.anySessionId ? new Int32Array(length) : undefined,
  };
  place(columns, channelOf, part, timeline);
  for (let u = 0; u < userCount; u++) {
    const start = userStart[u]!;
    const end = userStart[u + 1]!;
    for (let k = start + 1; k < end; k++) {
      if (timeline.times[k]! < timeline.times[k - 1]!) {
        sortByTime(columns, channelOf, timeline, start, end);
        break;
      }
    }
  }
  return timeline;
}

/** The counting sort's second pass: each event of the part to its user's next position, with its columns. */
function place(columns: ReportColumns, channelOf: Int32Array, part: UserPart, timeline: UserTimeline): void {
  const { count, userOf, times, typeOf, sessionIdOf } = columns;
  const { index, of } = part;
  const { order, userStart, sessionIds } = timeline;
  const placedTimes = timeline.times;
  const channels = timeline.channels;
  const types = timeline.types;
  const next = userStart.slice(0, userStart.length - 1);
  for (let i = 0; i < count; i++) {
    const user = userOf[i]!;
    if (of !== 1 && user % of !== index) continue;
    const k = next[user]!++;
    order[k] = i;
    placedTimes[k] = times[i]!;
    channels[k] = channelOf[i]!;
    types[k] = typeOf[i]!;
    if (sessionIds !== undefined) sessionIds[k] = sessionIdOf[i]!;
  }
}

/** One user's positions [start, end) sorted by time, ties in file order, and their columns gathered again. */
function sortByTime(columns: ReportColumns, channelOf: Int32Array, timeline: UserTimeline, start: number, end: number): void {
  const { times, typeOf, sessionIdOf } = columns;
  const { order, sessionIds } = timeline;
  order.subarray(start, end).sort((a, b) => times[a]! - times[b]! || a - b);
  for (let k = start; k < end; k++) {
    const i = order[k]!;
    timeline.times[k] = times[i]!;
    timeline.channels[k] = channelOf[i]!;
    timeline.types[k] = typeOf[i]!;
    if (sessionIds !== undefined) sessionIds[k] = sessionIdOf[i]!;
  }
}
