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
  const byRule = classifier.rules.rules.map((_, rule) => indexOfName(classifier.channelOf(rule)));
  const otherwise = indexOfName(classifier.channelOf(OTHERWISE));
  return {
    names,
    byResult: Int32Array.from([-1, otherwise, ...byRule]),
    indexOf(result: number): number {
      if (result >= 0) return byRule[result] ?? indexOfName(classifier.channelOf(result));
      if (result === OTHERWISE) return otherwise;
      if (result === UNCLASSIFIED) return -1;
      return indexOfName(classifier.channelOf(result));
    },
  };
}
