// Attribution of some of a timeline's users, as the other threads of a threaded report
// count it (./build-report): the timeline is in shared memory, each thread attributes a
// range of its users, and the credits come back as plain data. Credits are summed
// exactly (./credit-totals), so the ranges' totals merged are one thread's, byte for
// byte.

import { attribute, type AttributionSettings, type UserRange } from './attribution';
import type { CreditTotalsState } from './credit-totals';
import { assignSessions, type Sessions } from './sessions';
import type { UserTimeline } from './user-timeline';

/** The report settings that attribution needs, as plain data (sent between threads). */
export interface PartSettings extends AttributionSettings {
  /** For the `session` lookback, which reads each touch's session. */
  sessionTimeoutMs: number;
}

/** One range's credits per model, as plain data (sent between threads). */
export interface AttributionPart {
  credits: Array<{ model: AttributionSettings['models'][number]; totals: CreditTotalsState }>;
}

/** Read only with the `session` lookback: the other lookbacks need no sessions. */
const NO_SESSIONS: Sessions = { sessionAt: new Int32Array(0), count: 0, contiguous: true };

export function attributeUsers(timeline: UserTimeline, channelCount: number, settings: PartSettings, users: UserRange): AttributionPart {
  // Numbered here as the counting thread numbers them: attribution only groups a user's touches by session.
  const sessions = settings.lookback.kind === 'session' ? assignSessions(timeline, settings.sessionTimeoutMs) : NO_SESSIONS;
  const { models } = attribute(timeline, sessions, channelCount, settings, users);
  return { credits: models.map(({ model, totals }) => ({ model, totals: totals.state() })) };
}

/** The users cut into `parts` consecutive ranges of about as many events each (some may be empty). */
export function userRanges(userStart: Int32Array, parts: number): UserRange[] {
  const userCount = userStart.length - 1;
  const events = userStart[userCount]!;
  const ranges: UserRange[] = [];
  let from = 0;
  for (let part = 1; part <= parts; part++) {
    let to = from;
    if (part === parts) to = userCount;
    else {
      // The first user whose events start at or past this part's share of the events.
      const share = (events * part) / parts;
      while (to < userCount && userStart[to]! < share) to++;
    }
    ranges.push({ from, to });
    from = to;
  }
  return ranges;
}
