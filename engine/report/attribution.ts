// Attribution (SPEC §6). For each conversion (an event of the conversion type), its
// touches are the same user's events that have a channel and are not conversions,
// timed at or before the conversion (an equal time counts whatever the file order)
// and no older than the lookback, both ends inclusive; with the `session` lookback,
// the touches in the conversion's session at or before it (none when it is in no
// session). Touches are in time order, ties in file order: the user timeline's order.
// A conversion without touches is credited in full to `(no touch)`.

import type { EventColumns } from './event-columns';
import { creditConversion, type AttributionModel, type Touches } from './attribution-models';
import { CreditTotals } from './credit-totals';
import type { Lookback } from './durations';
import type { Sessions } from './sessions';
import type { UserTimeline } from './user-timeline';

export interface AttributionSettings {
  conversion: string;
  lookback: Lookback;
  halfLifeMs: number;
  models: readonly AttributionModel[];
}

export interface AttributionTotals {
  /** One per model, in the order asked; channel slots are channel indices, then `(no touch)`. */
  models: Array<{ model: AttributionModel; totals: CreditTotals }>;
  conversions: number;
}

/** Grows as needed; holds one conversion's touches. */
class TouchBuffer implements Touches {
  n = 0;
  channels = new Int32Array(64);
  ages = new Float64Array(64);

  reset(): void {
    this.n = 0;
  }

  push(channel: number, age: number): void {
    if (this.n === this.channels.length) {
      const channels = new Int32Array(this.n * 2);
      channels.set(this.channels);
      this.channels = channels;
      const ages = new Float64Array(this.n * 2);
      ages.set(this.ages);
      this.ages = ages;
    }
    this.channels[this.n] = channel;
    this.ages[this.n] = age;
    this.n++;
  }
}

/** The first index in list[from, to) whose time is greater than `time` (list is in time order). */
function upperBound(list: ArrayLike<number>, from: number, to: number, times: Float64Array, time: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[list[mid]!]! <= time) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function attribute(
  columns: EventColumns,
  timeline: UserTimeline,
  sessions: Sessions,
  channelOf: Int32Array,
  channelCount: number,
  settings: AttributionSettings,
): AttributionTotals {
  const noTouch = channelCount;
  const models = settings.models.map((model) => ({ model, totals: new CreditTotals(channelCount + 1) }));
  const conversionType = columns.eventTypes.lookup(settings.conversion);
  const { order, userStart } = timeline;
  const { times, typeOf } = columns;
  const { sessionOf } = sessions;
  const windowMs = settings.lookback.kind === 'window' ? settings.lookback.duration.wholeMs : 0;
  const bySession = settings.lookback.kind === 'session';
  const touches = new TouchBuffer();
  const seen = new Int32Array(channelCount).fill(-1);
  let conversions = 0;
  // A user's candidate touches and conversions, as event indices in timeline order.
  let touchList = new Int32Array(1024);
  let conversionList = new Int32Array(1024);
  const sessionTouches = new Map<number, number[]>();

  for (let u = 0; u + 1 < userStart.length; u++) {
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
      const i = order[k]!;
      if (typeOf[i] === conversionType) conversionList[conversionCount++] = i;
      else if (channelOf[i]! >= 0) touchList[touchCount++] = i;
    }
    if (conversionCount === 0) continue;
    for (const { totals } of models) totals.setUser(u);
    if (bySession) {
      sessionTouches.clear();
      for (let t = 0; t < touchCount; t++) {
        const i = touchList[t]!;
        const session = sessionOf[i]!;
        if (session < 0) continue;
        let list = sessionTouches.get(session);
        if (list === undefined) sessionTouches.set(session, (list = []));
        list.push(i);
      }
    }
    // The window [conversion − lookback, conversion] only moves forward as conversions do.
    let low = 0;
    let high = 0;
    for (let c = 0; c < conversionCount; c++) {
      const conversion = conversionList[c]!;
      const time = times[conversion]!;
      touches.reset();
      if (bySession) {
        const session = sessionOf[conversion]!;
        const list = session < 0 ? undefined : sessionTouches.get(session);
        if (list !== undefined) {
          const until = upperBound(list, 0, list.length, times, time);
          for (let t = 0; t < until; t++) touches.push(channelOf[list[t]!]!, time - times[list[t]!]!);
        }
      } else {
        while (high < touchCount && times[touchList[high]!]! <= time) high++;
        while (low < high && time - times[touchList[low]!]! > windowMs) low++;
        for (let t = low; t < high; t++) touches.push(channelOf[touchList[t]!]!, time - times[touchList[t]!]!);
      }
      conversions++;
      for (const { model, totals } of models) {
        if (touches.n === 0) totals.exact(noTouch, 1, 1);
        else creditConversion(model, touches, settings.halfLifeMs, totals, seen, conversions);
      }
    }
  }
  return { models, conversions };
}
