// Classification: the engine's NDJSON reader alone, then reader + classifier, with the
// classifier's own share timed batch by batch (so it is classification alone, without
// reading or JSON.parse). The same batches are also classified without the classifier's
// memo (engine/classify/classify-memo), the two taking turns at going first on a batch,
// and then by the rules with one more rule that tests a value unique per event (the
// memo's worst case: it must pause, and cost no more than noise). Last, the records the
// CLI classifies now: read in ranges through the JSON projection
// (engine/events/json-projection), one shape per object path, classified alone the same
// way in a worker thread of their own, as a report's reading thread classifies them.

import { readFileSync, statSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Classifier } from '../../engine/classify/classifier';
import { readEventFile } from '../../engine/events/read-events';
import { classifierFor } from '../../engine/classify/compile-classifier';
import { eventFieldsFor } from '../../engine/events/event-source';
import { JsonProjection } from '../../engine/events/json-projection';
import { nominalRanges, openForRanges, RangeBuffer, readLinesStartingIn } from '../../engine/events/file-line-ranges';
import type { EventBatch } from '../../engine/events/event';
import { runInBenchWorker } from '../bench-worker';
import { loadBenchRules, loadBenchRulesText } from '../load-bench-rules';
import { percentiles, timed, type Figure } from '../measure';
import type { BenchSection } from '../section';

/** Each event of the benchmark has its own `time` (flat events) or `event_time` (Amplitude-like ones). */
const PER_EVENT_RULE = [
  'channel "Per-event value"',
  '  # Tests a value unique per event, as a click id would be: nothing repeats for the memo.',
  '  when time ends with ".000Z"',
  '  when event_time ends with ".000000"',
  '',
].join('\n');

/** The rules with PER_EVENT_RULE as their last rule (before `otherwise`). */
function withPerEventRule(text: string): string {
  const otherwise = /^otherwise\b/m.exec(text);
  return otherwise === null ? `${text}\n${PER_EVENT_RULE}` : `${text.slice(0, otherwise.index)}${PER_EVENT_RULE}\n${text.slice(otherwise.index)}`;
}

/** Milliseconds to classify a batch's events (the count per result kept, so nothing is optimised away). */
function classifyBatch(classifier: Classifier, batch: EventBatch, perResult: Float64Array): number {
  const start = performance.now();
  for (const event of batch.events) perResult[classifier.classify(event.props) + 2]!++;
  return performance.now() - start;
}

export const classifySection: BenchSection = {
  name: 'classify',
  title: 'the engine reader, and classification alone, with the rules file (with and without its memo)',
  async run(context) {
    const rules = await timed(() => loadBenchRules(context.rulesFile));
    const { classifier } = rules.value;
    const withoutMemo = loadBenchRules(context.rulesFile, { memo: false }).classifier;

    const reader = await timed(async () => {
      let events = 0;
      for await (const batch of readEventFile(context.eventsFile)) events += batch.events.length;
      return events;
    });

    let classifySeconds = 0;
    let withoutMemoSeconds = 0;
    const nanosecondsPerEvent: number[] = [];
    // Per batch: time with the memo / time without. Its median is the comparison to read on a
    // loaded machine, where a batch that lost the CPU inflates a sum.
    const ratios: number[] = [];
    // Counted per result in a typed array (index result + 2: UNCLASSIFIED is -2, OTHERWISE -1), so the
    // bookkeeping costs next to nothing beside the classifier.
    const perResult = new Float64Array(rules.value.checked.rules.length + 2);
    const perResultWithoutMemo = new Float64Array(perResult.length);
    const total = await timed(async () => {
      let events = 0;
      let batches = 0;
      for await (const batch of readEventFile(context.eventsFile)) {
        let elapsed: number;
        let without: number;
        if (batches++ % 2 === 0) {
          elapsed = classifyBatch(classifier, batch, perResult);
          without = classifyBatch(withoutMemo, batch, perResultWithoutMemo);
        } else {
          without = classifyBatch(withoutMemo, batch, perResultWithoutMemo);
          elapsed = classifyBatch(classifier, batch, perResult);
        }
        classifySeconds += elapsed / 1000;
        withoutMemoSeconds += without / 1000;
        if (batch.events.length > 0) ratios.push(elapsed / without);
        if (batch.events.length > 0) nanosecondsPerEvent.push((elapsed * 1e6) / batch.events.length);
        events += batch.events.length;
      }
      return events;
    });
    if (perResult.some((count, index) => count !== perResultWithoutMemo[index])) throw new Error('the classifier with and without its memo disagree');

    // The worst case for the memo, measured the same way.
    const perEventText = withPerEventRule(readFileSync(context.rulesFile, 'utf8'));
    const perEvent = loadBenchRulesText(perEventText, context.rulesFile).classifier;
    const perEventWithoutMemo = loadBenchRulesText(perEventText, context.rulesFile, { memo: false }).classifier;
    const perEventCounts = [new Float64Array(perEvent.rules.rules.length + 2), new Float64Array(perEvent.rules.rules.length + 2)] as const;
    let perEventSeconds = 0;
    let perEventWithoutMemoSeconds = 0;
    const perEventRatios: number[] = [];
    let batches = 0;
    for await (const batch of readEventFile(context.eventsFile)) {
      let elapsed: number;
      let without: number;
      if (batches++ % 2 === 0) {
        elapsed = classifyBatch(perEvent, batch, perEventCounts[0]);
        without = classifyBatch(perEventWithoutMemo, batch, perEventCounts[1]);
      } else {
        without = classifyBatch(perEventWithoutMemo, batch, perEventCounts[1]);
        elapsed = classifyBatch(perEvent, batch, perEventCounts[0]);
      }
      perEventSeconds += elapsed / 1000;
      perEventWithoutMemoSeconds += without / 1000;
      if (batch.events.length > 0) perEventRatios.push(elapsed / without);
    }
    if (perEventCounts[0].some((count, index) => count !== perEventCounts[1][index])) throw new Error('the per-event rules with and without the memo disagree');

    // Records as the projection makes them, classified alone, in a worker thread of their own.
    const projected = await classifyProjectedInWorker(context.eventsFile, context.rulesFile);
    if (projected.counts.some((count, index) => count !== perResult[index])) throw new Error('projected records classify differently');
    const projectedPercentiles = percentiles(projected.nanosecondsPerEvent);

    const channels = new Map<string, number>();
    for (const [index, count] of perResult.entries()) {
      if (count === 0) continue;
      const result = index - 2;
      const channel = classifier.channelOf(result) ?? '(unclassified)';
      channels.set(channel, (channels.get(channel) ?? 0) + count);
    }
    const p = percentiles(nanosecondsPerEvent);
    const ratio = (a: number, b: number, perBatch: number[]) =>
      `${(a / b).toFixed(2)}× the time without the memo (per-batch median ${percentiles(perBatch).get(50)!.toFixed(2)}×)`;
    const figures: Figure[] = [
      { label: 'parse + check + compile rules', seconds: rules.seconds, detail: `${rules.value.checked.rules.length} rules` },
      { label: 'engine reader (read + JSON.parse)', seconds: reader.seconds, events: reader.value },
      // The pass also classified every batch without the memo; that time is not the reader's.
      { label: 'engine reader + classify', seconds: total.seconds - withoutMemoSeconds, events: total.value },
      {
        label: 'classify alone',
        seconds: classifySeconds,
        events: total.value,
        detail: `ns/event per batch p50 ${p.get(50)!.toFixed(0)} p99 ${p.get(99)!.toFixed(0)}; ${channels.size} channels; ${ratio(classifySeconds, withoutMemoSeconds, ratios)}`,
      },
      { label: 'classify alone, without the memo', seconds: withoutMemoSeconds, events: total.value },
      {
        label: 'classify alone, + a rule on a per-event value',
        seconds: perEventSeconds,
        events: total.value,
        detail: ratio(perEventSeconds, perEventWithoutMemoSeconds, perEventRatios),
      },
      { label: 'classify alone, + that rule, without the memo', seconds: perEventWithoutMemoSeconds, events: total.value },
      {
        label: PROJECTED_FIGURE,
        seconds: projected.seconds,
        events: projected.events,
        detail: `ns/event per batch p50 ${projectedPercentiles.get(50)!.toFixed(0)} p99 ${projectedPercentiles.get(99)!.toFixed(0)}; ${(projected.seconds / classifySeconds).toFixed(2)}× the time on JSON.parse's records above (goal: 10 M/s)`,
      },
    ];
    return figures;
  },
};

const PROJECTED_FIGURE = 'classify alone, records of the JSON projection, in a reading thread';

interface ProjectedClassifyData {
  projectedClassify: true;
  eventsFile: string;
  rulesFile: string;
}

interface ProjectedClassifyResult {
  seconds: number;
  events: number;
  nanosecondsPerEvent: number[];
  /** Per result + 2, as the section counts them. */
  counts: number[];
}

/**
 * The records the CLI classifies, classified as the CLI classifies them: in a worker
 * thread of its own (this bundle, dist/bench.js, started as one, which ../bench.ts
 * hands to runProjectedClassifyWorker), where the rules' accessors and the classifier
 * see only the projection's records, one shape per object path, as a report's reading
 * thread does (engine/report/range-worker). In the section's own thread they have
 * already seen JSON.parse's records of every shape and the other classifiers of the
 * section, which makes their property loads and the call megamorphic: a state no
 * reading thread is in.
 */
function classifyProjectedInWorker(eventsFile: string, rulesFile: string): Promise<ProjectedClassifyResult> {
  const data: ProjectedClassifyData = { projectedClassify: true, eventsFile, rulesFile };
  return runInBenchWorker<ProjectedClassifyResult>(data);
}

/** Whether this thread is the projected-classification worker (see classifyProjectedInWorker). */
export function isProjectedClassifyWorker(): boolean {
  return !isMainThread && (workerData as Partial<ProjectedClassifyData> | undefined)?.projectedClassify === true;
}

/**
 * The worker's work: the file's lines in ranges of about 4 MiB, as the threaded reader
 * cuts them (engine/events/file-line-ranges), read through the projection, each batch's
 * classification timed alone (the rules' lookups compiled first, as a run does).
 */
export function runProjectedClassifyWorker(): void {
  const { eventsFile, rulesFile } = workerData as ProjectedClassifyData;
  const { classifier } = loadBenchRules(rulesFile);
  const fields = eventFieldsFor(undefined, { from: 'plain' });
  const projectedClassifier = classifierFor(classifier, fields.lookup);
  const projection = new JsonProjection(fields.lookup.readPaths(), fields.lookup.layout.keyValueArrays ?? []);
  const counts = new Float64Array(classifier.rules.rules.length + 2);
  const result: ProjectedClassifyResult = { seconds: 0, events: 0, nanosecondsPerEvent: [], counts: [] };
  const size = statSync(eventsFile).size;
  const opened = openForRanges(eventsFile, size);
  const buffer = new RangeBuffer();
  try {
    for (const range of nominalRanges(size, 4 << 20)) {
      const read = projection.read(readLinesStartingIn(opened.readAt, size, range.start, range.end, 64 << 20, buffer).bytes, (batch) => {
        const elapsed = classifyBatch(projectedClassifier, batch, counts);
        result.seconds += elapsed / 1000;
        result.events += batch.events.length;
        if (batch.events.length > 0) result.nanosecondsPerEvent.push((elapsed * 1e6) / batch.events.length);
        batch.events = [];
      });
      if (read === undefined) throw new Error('the JSON projection left a range of the bench file to JSON.parse');
    }
  } finally {
    opened.close();
  }
  result.counts = [...counts];
  parentPort!.postMessage(result);
}
