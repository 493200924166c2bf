// Events ordered per user by time, ties kept in file order (SPEC §4): the order that
// sessions, entries/exits and attribution all walk. A counting sort groups the events
// by user (stable, so each user's events stay in file order); a user's events are
// then sorted by time only when they are not already in time order.

import type { EventColumns } from './event-columns';

export interface UserTimeline {
  /** Event indices: user 0's events in time order, then user 1's, … */
  order: Int32Array;
  /** User u's events are order[userStart[u] … userStart[u + 1]). */
  userStart: Int32Array;
}

export function userTimeline(columns: EventColumns): UserTimeline {
  const { count, userOf, times } = columns;
  const userCount = columns.users.names.length;
  const userStart = new Int32Array(userCount + 1);
  for (let i = 0; i < count; i++) userStart[userOf[i]! + 1]!++;
  for (let u = 0; u < userCount; u++) userStart[u + 1]! += userStart[u]!;
  const next = userStart.slice(0, userCount);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[next[userOf[i]!]!++] = i;
  const byTimeThenFileOrder = (a: number, b: number): number => times[a]! - times[b]! || a - b;
  for (let u = 0; u < userCount; u++) {
    const start = userStart[u]!;
    const end = userStart[u + 1]!;
    for (let k = start + 1; k < end; k++) {
      if (times[order[k]!]! < times[order[k - 1]!]!) {
        order.subarray(start, end).sort(byTimeThenFileOrder);
        break;
      }
    }
  }
  return { order, userStart };
}
