// Attribution (SPEC §6). For each conversion (an event of the conversion type), its
// touches are the same user's events that have a channel and are not conversions,
// timed at or before the conversion (an equal time counts whatever the file order)
// and no older than the lookback, both ends inclusive; with the `session` lookback,
// the touches in the conversion's session at or before it (none when it is in no
// session). Touches are in time order, ties in file order: the user timeline's order.
// A conversion without touches is credited in full to `(no touch)`.

import type { AttributionModel } from './attribution-models';
import { CreditTotals } from './credit-totals';
import type { Lookback } from './durations';
import type { Sessions } from './sessions';
import { TouchWindow } from './touch-window';
import type { UserTimeline } from './user-timeline';

export interface AttributionSettings {
  /** The conversion event type's number; -1 when no event has it. */
  conversionType: number;
  lookback: Lookback;
  halfLifeMs: number;
  models: readonly AttributionModel[];
}

export interface AttributionTotals {
  /** One per model, in the order asked; channel slots are channel indices, then `(no touch)`. */
  models: Array<{ model: AttributionModel; totals: CreditTotals }>;
  conversions: number;
}

/** The timeline's users from `users.from` up to `users.to` (default: all), so that several threads can each attribute some. */
export interface UserRange {
  from: number;
  to: number;
}

/** `sessions`: read only with the `session` lookback. */
export function attribute(timeline: UserTimeline, sessions: Sessions, channelCount: number, settings: AttributionSettings, users?: UserRange): AttributionTotals {
  const noTouch = channelCount;
  const models = settings.models.map((model) => ({ model, totals: new CreditTotals(channelCount + 1) }));
  const { conversionType } = settings;
  const { userStart, times, channels, types } = timeline;
  const { sessionAt } = sessions;
  const windowMs = settings.lookback.kind === 'window' ? settings.lookback.duration.wholeMs : 0;
  const bySession = settings.lookback.kind === 'session';
  const window = new TouchWindow(channelCount, channels, times, settings.halfLifeMs, settings.models.includes('time_decay'));
  let conversions = 0;
  // A user's candidate touches and conversions, as timeline positions.
  let touchList = new Int32Array(1024);
  let conversionList = new Int32Array(1024);
  const sessionTouches = new Map<number, number[]>();
  const sessionConversions = new Map<number, number[]>();

  // Indexed, not iterated: this runs per conversion and model, mostly before it is optimised.
  const modelCount = models.length;
  const modelNames = models.map(({ model }) => model);
  const modelTotals = models.map(({ totals }) => totals);
  const credit = (): void => {
    conversions++;
    if (window.size === 0) for (let m = 0; m < modelCount; m++) modelTotals[m]!.exact(noTouch, 1, 1);
    else for (let m = 0; m < modelCount; m++) window.credit(modelNames[m]!, modelTotals[m]!);
  };

  const to = users?.to ?? userStart.length - 1;
  for (let u = users?.from ?? 0; u < to; u++) {
    const start = userStart[u]!;
    const end = userStart[u + 1]!;
    if (conversionType < 0) break;
    if (end - start > touchList.length) {
      touchList = new Int32Array(end - start);
      conversionList = new Int32Array(end - start);
    }
    let touchCount = 0;
    let conversionCount = 0;
    for (let k = start; k < end; k++) {
      if (types[k] === conversionType) conversionList[conversionCount++] = k;
      else if (channels[k]! >= 0) touchList[touchCount++] = k;
    }
    if (conversionCount === 0) continue;
    for (let m = 0; m < modelCount; m++) modelTotals[m]!.setUser(u);
    if (bySession) {
      // Each session's conversions in turn, over a window that grows through the
      // session's touches (a user's sessions may interleave when they come from ids).
      sessionTouches.clear();
      sessionConversions.clear();
      for (let t = 0; t < touchCount; t++) {
        const i = touchList[t]!;
        const session = sessionAt[i]!;
        if (session < 0) continue;
        let list = sessionTouches.get(session);
        if (list === undefined) sessionTouches.set(session, (list = []));
        list.push(i);
      }
      for (let c = 0; c < conversionCount; c++) {
        const i = conversionList[c]!;
        const session = sessionAt[i]!;
        let list = sessionConversions.get(session);
        if (list === undefined) sessionConversions.set(session, (list = []));
        list.push(i);
      }
      for (const [session, list] of sessionConversions) {
        const sessionList = session < 0 ? undefined : sessionTouches.get(session);
        if (sessionList === undefined) {
          window.reset(touchList, 0);
        } else {
          for (let t = 0; t < sessionList.length; t++) touchList[t] = sessionList[t]!;
          window.reset(touchList, sessionList.length);
        }
        for (const conversion of list) {
          window.growTo(times[conversion]!);
          credit();
        }
      }
    } else {
      window.reset(touchList, touchCount);
      for (let c = 0; c < conversionCount; c++) {
        window.slideTo(times[conversionList[c]!]!, windowMs);
        credit();
      }
    }
  }
  return { models, conversions };
}
