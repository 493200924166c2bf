// Per-version derived values the features share: the compiled classifier of a
// document version (built once), and the sample counts per rule (computed in the
// background after each change, cancelled when the document changes again).

import { CancellationSource, CancelledError } from '../engine/cancellation';
import type { Classifier } from '../engine/classify/classifier';
import { classifierFor } from '../engine/classify/compile-classifier';
import { classifierOf, type RulesDocument } from '../engine/language/document';
import { countSampleEvents, type SampleCounts } from '../engine/language/sample-counts';
import type { LoadedSample } from './sample-store';

export class RuleServices {
  private readonly counts = new Map<string, { rules: RulesDocument; sample: LoadedSample; source: CancellationSource; result: Promise<SampleCounts | undefined>; value?: SampleCounts }>();

  classifier(rules: RulesDocument): Classifier {
    return classifierOf(rules);
  }

  /** The counts of this version over this sample, computed once (undefined if cancelled by a newer version). */
  sampleCounts(uri: string, rules: RulesDocument, sample: LoadedSample): Promise<SampleCounts | undefined> {
    const known = this.counts.get(uri);
    if (known !== undefined && known.rules === rules && known.sample === sample) return known.result;
    known?.source.cancel();
    const source = new CancellationSource();
    const entry = {
      rules,
      sample,
      source,
      // The sample's records are read through its source system (SPEC §3.2).
      result: countSampleEvents(classifierFor(this.classifier(rules), sample.fields.lookup), sample.events, source).then(
        (value) => {
          entry.value = value;
          return value;
        },
        (error: unknown) => {
          if (error instanceof CancelledError) return undefined;
          throw error;
        },
      ),
    } as { rules: RulesDocument; sample: LoadedSample; source: CancellationSource; result: Promise<SampleCounts | undefined>; value?: SampleCounts };
    this.counts.set(uri, entry);
    return entry.result;
  }

  /** The counts if they are already computed for this version and sample. */
  readyCounts(uri: string, rules: RulesDocument, sample: LoadedSample | undefined): SampleCounts | undefined {
    const known = this.counts.get(uri);
    return known !== undefined && known.rules === rules && known.sample === sample ? known.value : undefined;
  }

  forget(uri: string): void {
    this.counts.get(uri)?.source.cancel();
    this.counts.delete(uri);
  }
}
