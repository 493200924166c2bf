// Events ordered per user by time, ties kept in file order (SPEC §4): the order that
// sessions, entries/exits and attribution all walk. A counting sort groups the events
// by user (stable, so each user's events stay in file order); a user's events are
// then sorted by time only when they are not already in time order. A threaded report
// builds it in shared memory, where its other threads attribute their users from it
// (./build-report, ./attribution-part).
//
// The columns the stages read (time, channel, event type, session id) are copied into
// timeline order as the counting sort places each event: a user's events lie far apart
// in the file, so the stages reading them by event index waited on memory for most of
// their reads (five passes over scattered events); in timeline order every stage reads
// its columns in sequence, and the scattered accesses are one pass of writes.

import { newColumn } from './event-columns';
import type { ReportColumns } from './report-columns';

export interface UserTimeline {
  /**
   * Event indices: user 0's events in time order, then user 1's, …; only when asked for
   * (each event's session number is written through it, ./sessions): undefined, the
   * placing writes one scattered array fewer.
   */
  order: Int32Array | undefined;
  /** User u's events are at timeline positions userStart[u] … userStart[u + 1] − 1. */
  userStart: Int32Array;
  /** Per timeline position: its event's time. */
  times: Float64Array;
  /** Per timeline position: its event's channel index, -1 for none. */
  channels: Int32Array;
  /** Per timeline position: its event's type number, -1 for none. */
  types: Int32Array;
  /** Per timeline position: its event's session id number, -1 for none; undefined when no event has a session id. */
  sessionIds: Int32Array | undefined;
}

/** `shared`: in memory that other threads can see (./attribution-part); `withOrder`: with `order`. */
export function userTimeline(columns: ReportColumns, channelOf: Int32Array, shared = false, withOrder = true): UserTimeline {
  const { count, userOf, userCount } = columns;
  const userStart = newColumn(Int32Array, userCount + 1, shared);
  for (let i = 0; i < count; i++) userStart[userOf[i]! + 1]!++;
  for (let u = 0; u < userCount; u++) userStart[u + 1]! += userStart[u]!;
  const length = userStart[userCount]!;
  const timeline: UserTimeline = {
    order: withOrder ? newColumn(Int32Array, length, shared) : undefined,
    userStart,
    times: newColumn(Float64Array, length, shared),
    channels: newColumn(Int32Array, length, shared),
    types: newColumn(Int32Array, length, shared),
    sessionIds: columns.anySessionId ? newColumn(Int32Array, length, shared) : undefined,
  };
  place(columns, timeline, new TimelineGather(columns, channelOf, timeline));
  for (let u = 0; u < userCount; u++) {
    const start = userStart[u]!;
    const end = userStart[u + 1]!;
    for (let k = start + 1; k < end; k++) {
      if (timeline.times[k]! < timeline.times[k - 1]!) {
        sortUser(timeline, start, end);
        break;
      }
    }
  }
  return timeline;
}

/**
 * Sorts a user's events by time, ties in file order, each of the timeline's columns
 * (`order` too, when it has one) in the same way: the user's positions are in file
 * order, as the counting sort placed them.
 */
function sortUser(timeline: UserTimeline, start: number, end: number): void {
  const { times } = timeline;
  const positions = new Int32Array(end - start);
  for (let j = 0; j < positions.length; j++) positions[j] = start + j;
  positions.sort((a, b) => times[a]! - times[b]! || a - b);
  for (const column of [timeline.order, times, timeline.channels, timeline.types, timeline.sessionIds]) {
    if (column === undefined) continue;
    const was = column.slice(start, end);
    for (let j = 0; j < positions.length; j++) column[start + j] = was[positions[j]! - start]!;
  }
}

/** The counting sort's second pass: each event to its user's next position, with its columns. */
function place(columns: ReportColumns, timeline: UserTimeline, gather: TimelineGather): void {
  const { count, userOf } = columns;
  const { order, userStart } = timeline;
  const next = userStart.slice(0, userStart.length - 1);
  if (order === undefined) {
    for (let i = 0; i < count; i++) gather.at(next[userOf[i]!]!++, i);
    return;
  }
  for (let i = 0; i < count; i++) {
    const user = userOf[i]!;
    const k = next[user]!++;
    order[k] = i;
    gather.at(k, i);
  }
}

/** Copies an event's columns to a timeline position. */
class TimelineGather {
  constructor(
    private readonly columns: ReportColumns,
    private readonly channelOf: Int32Array,
    private readonly timeline: UserTimeline,
  ) {}

  /** Event i's time, channel, type and session id to position k. */
  at(k: number, i: number): void {
    const { columns, timeline } = this;
    timeline.times[k] = columns.times[i]!;
    timeline.channels[k] = this.channelOf[i]!;
    timeline.types[k] = columns.typeOf[i]!;
    if (timeline.sessionIds !== undefined) timeline.sessionIds[k] = columns.sessionIdOf[i]!;
  }
}
