// From a classifier's results (rule index, OTHERWISE, UNCLASSIFIED) to the report's
// channel indices, computed once per rule rather than by name per event.

import { OTHERWISE, UNCLASSIFIED, type Classifier } from '../classify/classifier';

export interface ClassifierChannels {
  /** Report channel order: CheckedRules.channels, then any channel the classifier gives that is not listed. */
  names: string[];
  /** Channel index of a classify result; -1 when unclassified. */
  indexOf(result: number): number;
  /**
   * indexOf of every result the classifier gives, at result + 2 (UNCLASSIFIED is -2,
   * OTHERWISE -1, then the rules): one load per event where columns of results are merged.
   */
  byResult: Int32Array;
}

export function classifierChannels(classifier: Classifier): ClassifierChannels {
  const names = [...classifier.rules.channels];
  const indexByName = new Map(names.map((name, index) => [name, index]));
  const indexOfName = (name: string | null): number => {
    if (name === null) return -1;
    let index = indexByName.get(name);
    if (index === undefined) {
      index = names.length;
      names.push(name);
      indexByName.set(name, index);
    }
    return index;
  };
  // Named in this order (rules, then otherwise), placed at result + 2: UNCLASSIFIED (-2), OTHERWISE (-1), the rules.
  const byRule = classifier.rules.rules.map((_, rule) => indexOfName(classifier.channelOf(rule)));
  const otherwise = indexOfName(classifier.channelOf(OTHERWISE));
  const byResult = Int32Array.from([indexOfName(classifier.channelOf(UNCLASSIFIED)), otherwise, ...byRule]);
  return {
    names,
    byResult,
    indexOf(result: number): number {
      return byResult[result + 2] ?? indexOfName(classifier.channelOf(result));
    },
  };
}
