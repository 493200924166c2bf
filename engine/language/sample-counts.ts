// How many sample events each rule classifies (code lens, hover): the classifier run
// over the sample, in slices so that an editor stays responsive, and stopped when the
// rules change (cancellation).

import { createYielder, type CancellationToken } from '../cancellation';
import { OTHERWISE, type Classifier } from '../classify/classifier';
import type { EventProps } from '../events/event';

export interface SampleCounts {
  /** Events per checked rule index. */
  perRule: number[];
  otherwise: number;
  unclassified: number;
  total: number;
}

export async function countSampleEvents(classifier: Classifier, events: readonly EventProps[], token: CancellationToken): Promise<SampleCounts> {
  const pause = createYielder(token);
  const perRule = new Array<number>(classifier.rules.rules.length).fill(0);
  let otherwise = 0;
  let unclassified = 0;
  for (let i = 0; i < events.length; i++) {
    if ((i & 1023) === 0) await pause();
    const result = classifier.classify(events[i]!);
    if (result >= 0) perRule[result]!++;
    else if (result === OTHERWISE) otherwise++;
    else unclassified++;
  }
  return { perRule, otherwise, unclassified, total: events.length };
}
