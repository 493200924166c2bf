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
  /** Per timeline position k: the time of event order[k]. */
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
  const { times } = columns;
  const byTimeThenFileOrder = (a: number, b: number): number => times[a]! - times[b]! || a - b;
  const gather = new TimelineGather(columns, channelOf, timeline);
  place(columns, timeline, gather);
  for (let u = 0; u < userCount; u++) {
    const start = userStart[u]!;
    const end = userStart[u + 1]!;
    for (let k = start + 1; k < end; k++) {
      if (timeline.times[k]! < timeline.times[k - 1]!) {
        sortUser(timeline, gather, byTimeThenFileOrder, start, end);
        break;
      }
    }
  }
  return timeline;
}

/**
 * A user's events, placed in file order, sorted by time, ties in file order, and their
 * columns gathered again in that order: through `order` when the timeline has it, else
 * by their positions, which are in file order too.
 */
function sortUser(timeline: UserTimeline, gather: TimelineGather, byTimeThenFileOrder: (a: number, b: number) => number, start: number, end: number): void {
  const { order } = timeline;
  if (order !== undefined) {
    order.subarray(start, end).sort(byTimeThenFileOrder);
    for (let j = start; j < end; j++) gather.at(j, order[j]!);
    return;
  }
  const { times, channels, types, sessionIds } = timeline;
  const positions = new Int32Array(end - start);
  for (let j = 0; j < positions.length; j++) positions[j] = start + j;
  positions.sort((a, b) => times[a]! - times[b]! || a - b);
  const was = { times: times.slice(start, end), channels: channels.slice(start, end), types: types.slice(start, end), sessionIds: sessionIds?.slice(start, end) };
  for (let j = 0; j < positions.length; j++) {
    const from = positions[j]! - start;
    times[start + j] = was.times[from]!;
    channels[start + j] = was.channels[from]!;
    types[start + j] = was.types[from]!;
    if (sessionIds !== undefined) sessionIds[start + j] = was.sessionIds![from]!;
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
