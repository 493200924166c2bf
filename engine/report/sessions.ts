// Sessions (SPEC §4). When any event of the input has a non-null session_id, a session
// is (user, session_id) and events whose session_id is -1, null or absent belong to no
// session. Otherwise a user's events, in time order, start a new session at the first
// event and after every gap longer than the timeout (a gap of exactly the timeout stays
// in the session).
//
// Per channel: totals = sessions with an event of the channel; entries / exits =
// sessions whose first / last event with a channel has it. `(unclassified)` counts the
// sessions with an event that has no channel (SPEC §7.1).

import type { UserTimeline } from './user-timeline';

export interface Sessions {
  /**
   * Session number per timeline position (./user-timeline); -1 when the event belongs
   * to no session. Sessions are numbered 0, 1, … user by user as the timeline walks
   * them; renumberSessions numbers them in input order.
   */
  sessionAt: Int32Array;
  count: number;
  /** Each user's sessions follow one another in time (timeout sessions); session ids may interleave. */
  contiguous: boolean;
}

/**
 * `timeoutMs`: whole milliseconds (see durations.ts); unused when the input has session
 * ids. `sessionOf`: when given, each event's session is also written there by event
 * index (all -1 before), for renumberSessions.
 */
export function assignSessions(timeline: UserTimeline, timeoutMs: number, sessionOf?: Int32Array): Sessions {
  const { order, userStart, times, sessionIds } = timeline;
  const sessionAt = new Int32Array(times.length);
  let count = 0;
  const userCount = userStart.length - 1;
  if (sessionIds !== undefined) {
    const userSessions = new Map<number, number>();
    for (let u = 0; u < userCount; u++) {
      if (userStart[u] === userStart[u + 1]) continue;
      userSessions.clear();
      for (let k = userStart[u]!; k < userStart[u + 1]!; k++) {
        const id = sessionIds[k]!;
        if (id < 0) {
          sessionAt[k] = -1;
          continue;
        }
        let session = userSessions.get(id);
        if (session === undefined) {
          session = count++;
          userSessions.set(id, session);
        }
        sessionAt[k] = session;
      }
    }
  } else {
    for (let u = 0; u < userCount; u++) {
      let previous = Number.NaN;
      for (let k = userStart[u]!; k < userStart[u + 1]!; k++) {
        const time = times[k]!;
        // NaN on the user's first event: the comparison is false, so test for it first.
        if (k === userStart[u] || time - previous > timeoutMs) count++;
        sessionAt[k] = count - 1;
        previous = time;
      }
    }
  }
  if (sessionOf !== undefined) {
    if (order === undefined) throw new Error('assignSessions: per-event session numbers need the timeline made with its order (userTimeline withOrder)');
    for (let k = 0; k < order.length; k++) sessionOf[order[k]!] = sessionAt[k]!;
  }
  return { sessionAt, count, contiguous: sessionIds === undefined };
}

/**
 * Numbers the sessions 0, 1, … in the order their first event appears in the input,
 * in place (`count`: the sessions assignSessions numbered user by user).
 */
export function renumberSessions(sessionOf: Int32Array, count: number): void {
  const numbers = new Int32Array(count).fill(-1);
  let next = 0;
  for (let i = 0; i < sessionOf.length; i++) {
    const session = sessionOf[i]!;
    if (session < 0) continue;
    let number = numbers[session]!;
    if (number < 0) {
      number = next++;
      numbers[session] = number;
    }
    sessionOf[i] = number;
  }
}

export interface SessionCounts {
  /** Per channel index. */
  totals: Int32Array;
  entries: Int32Array;
  exits: Int32Array;
  /** Sessions with at least one event without a channel. */
  unclassified: number;
}

/** `channelCount`: how many channel indices there are (the timeline's channels are below it, or -1 for none). */
export function countSessions(timeline: UserTimeline, sessions: Sessions, channelCount: number): SessionCounts {
  const { userStart, channels } = timeline;
  const { sessionAt } = sessions;
  const totals = new Int32Array(channelCount);
  const entries = new Int32Array(channelCount);
  const exits = new Int32Array(channelCount);
  let unclassified = 0;
  const entryOf = new Int32Array(sessions.count).fill(-1);
  const exitOf = new Int32Array(sessions.count).fill(-1);
  // "This session already counted this channel": when sessions are contiguous, the
  // last session that counted each channel says it; when a user's sessions interleave
  // (session ids), a set of (session, channel) per user does.
  const slots = channelCount + 1; // the last slot: no channel
  const lastCounted = new Int32Array(slots).fill(-1);
  const counted = new Set<number>();
  const contiguous = sessions.contiguous;
  for (let u = 0; u + 1 < userStart.length; u++) {
    if (!contiguous) counted.clear();
    for (let k = userStart[u]!; k < userStart[u + 1]!; k++) {
      const session = sessionAt[k]!;
      if (session < 0) continue;
      const channel = channels[k]!;
      const slot = channel < 0 ? channelCount : channel;
      let first: boolean;
      if (contiguous) {
        first = lastCounted[slot] !== session;
        lastCounted[slot] = session;
      } else {
        const key = session * slots + slot;
        first = !counted.has(key);
        if (first) counted.add(key);
      }
      if (first) {
        if (channel < 0) unclassified++;
        else totals[channel]!++;
      }
      if (channel >= 0) {
        if (entryOf[session] === -1) entryOf[session] = channel;
        exitOf[session] = channel;
      }
    }
  }
  for (let s = 0; s < sessions.count; s++) {
    if (entryOf[s]! >= 0) entries[entryOf[s]!]!++;
    if (exitOf[s]! >= 0) exits[exitOf[s]!]!++;
  }
  return { totals, entries, exits, unclassified };
}
