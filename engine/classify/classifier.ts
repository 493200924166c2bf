// The compiled classifier's interface: what the CLI, the preview, the tests and the
// analysis (to confirm example events) call. compileClassifier (./compile-classifier)
// builds one from CheckedRules once; per event it only runs the comparisons.

import type { CheckedRules } from '../check/checked-rules';
import type { EventProps } from '../events/event';
import type { FieldLookup } from '../events/fields';

/** `classify` result when no rule matched and the `otherwise` channel applies. */
export const OTHERWISE = -1;
/** `classify` result when no rule matched and there is no `otherwise`. */
export const UNCLASSIFIED = -2;

export interface Classifier {
  readonly rules: CheckedRules;
  /** How it reads events' fields (./compile-classifier's classifierFor gives it for other files). */
  readonly fields: FieldLookup;
  /** The index of the first rule that holds, else OTHERWISE or UNCLASSIFIED. */
  classify(props: EventProps): number;
  /** The channel of a classify result (null when unclassified). */
  channelOf(result: number): string | null;
}
