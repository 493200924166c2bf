// Events ordered per user by time, ties kept in file order (SPEC §4): the order that
// sessions, entries/exits and attribution all walk. A counting sort groups the events
// by user (stable, so each user's events stay in file order); a user's events are
// then sorted by time only when they are not already in time order. A timeline of one
// part of the users (./report-columns' UserPart) holds only their events: each thread
// of a threaded report walks its own users (./report-part).

import { ALL_USERS, type ReportColumns, type UserPart } from './report-columns';

export interface UserTimeline {
  /** Event indices: user 0's events in time order, then user 1's, … (only the part's users: the others have none). */
  order: Int32Array;
  /** User u's events are order[userStart[u] … userStart[u + 1]). */
  userStart: Int32Array;
}

export function userTimeline(columns: ReportColumns, part: UserPart = ALL_USERS): UserTimeline {
  const { count, userOf, times, userCount } = columns;
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
  const next = userStart.slice(0, userCount);
  const order = new Int32Array(userStart[userCount]!);
  if (of === 1) {
    for (let i = 0; i < count; i++) order[next[userOf[i]!]!++] = i;
  } else {
    for (let i = 0; i < count; i++) {
      const user = userOf[i]!;
      if (user % of === index) order[next[user]!++] = i;
    }
  }
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
