// Sample events under both versions: each event read (engine/report/run-report, the
// same reading and skipping as `report` and `classify`) is classified by the base's
// classifier and by the head's, and counted in a from × to matrix (./move-counter). The
// first event of each off-diagonal cell is kept as an example: a real event the engine
// moved. With `threads` (and both versions' text), the reading threads of
// engine/report/threaded-report count their ranges and the counts are appended in
// input order: the same comparison, byte for byte.

import type { CancellationToken } from '../cancellation';
import type { Classifier } from '../classify/classifier';
import type { EventFields, EventSourceOptions } from '../events/event-source';
import { runReport, type EventSource, type RunProgress, type RunReportResult } from '../report/run-report';
import type { readsInRanges, runReportThreaded } from '../report/threaded-report';
import type { SampleComparison } from './rules-diff';
import { MoveCounter, moveCounterSetup, type MoveCounts, type SampleMoveExample } from './move-counter';
import { resolveAgainstField } from '../report/against-field';

export type { SampleMoveExample } from './move-counter';

export interface SampleRun {
  comparison: SampleComparison;
  /** The first sample event of each move, in order of first occurrence. */
  examples: SampleMoveExample[];
}

/** Reading threads (`--threads`) and how to run them. */
export interface SampleThreads {
  /**
   * engine/report/threaded-report's functions, given by a caller on Node (the CLI): this
   * module is also in the web build, which has no worker threads.
   */
  reader: { canRead: typeof readsInRanges; run: typeof runReportThreaded };
  threads: number;
  /** Tests: the worker's script (default dist/range-worker.js). */
  workerScript?: string;
  /** Tests: bytes per range. */
  rangeSize?: number;
}

export async function compareOnSample(
  source: EventSource,
  base: Classifier,
  head: Classifier,
  options: {
    token?: CancellationToken;
    onProgress?: (progress: RunProgress) => void;
    eventFields?: EventSourceOptions;
    onEventFields?: (fields: EventFields) => void;
    maxEntrySize?: number;
    /** SPEC §9: a field, or `auto` (the source system's own channel field; AgainstFieldError when it has none). */
    against?: string;
    threads?: SampleThreads;
  } = {},
): Promise<SampleRun> {
  const common = {
    source,
    classifier: base,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.eventFields === undefined ? {} : { eventFields: options.eventFields }),
    ...(options.maxEntrySize === undefined ? {} : { maxEntrySize: options.maxEntrySize }),
  };
  let result: RunReportResult;
  let counts: MoveCounts;
  const threads = options.threads;
  if (threads !== undefined && threads.reader.canRead(source, threads.threads)) {
    const merged = new MoveCounter();
    result = await threads.reader.run({
      ...common,
      ...(options.onEventFields === undefined ? {} : { onEventFields: options.onEventFields }),
      threads: threads.threads,
      ...(threads.workerScript === undefined ? {} : { workerScript: threads.workerScript }),
      ...(threads.rangeSize === undefined ? {} : { rangeSize: threads.rangeSize }),
      compare: { head, ...(options.against === undefined ? {} : { against: options.against }) },
      onCompared: (range, lineShift, entry) => merged.append(range, lineShift, entry),
    });
    counts = merged.counts();
  } else {
    let counter: MoveCounter | undefined;
    result = await runReport({
      ...common,
      onEventFields: (eventFields) => {
        const against = options.against === undefined ? undefined : resolveAgainstField(options.against, eventFields.system.id);
        counter = new MoveCounter(moveCounterSetup(base, head, eventFields, against));
        options.onEventFields?.(eventFields);
      },
      onClassified: (events) => {
        for (const event of events) counter!.count(event.props, event.result, event.line, event.entry);
      },
    });
    counts = counter?.counts() ?? new MoveCounter().counts();
  }
  const fromOrder = channelOrder(base);
  const toOrder = channelOrder(head);
  const cells = [...counts.cells].sort((x, y) => fromOrder(x.from) - fromOrder(y.from) || toOrder(x.to) - toOrder(y.to));
  const fromChannels = unique(cells.map((cell) => cell.from)).sort((x, y) => fromOrder(x) - fromOrder(y));
  const toChannels = unique(cells.map((cell) => cell.to)).sort((x, y) => toOrder(x) - toOrder(y));
  return {
    comparison: {
      events: result.events,
      moved: counts.moved,
      skippedCount: result.skippedCount,
      skipped: result.skipped,
      skippedEntries: result.skippedEntries,
      cells,
      fromChannels,
      toChannels,
      ...(options.against === undefined ? {} : { against: { field: resolveAgainstField(options.against, result.eventFields.system.id), ...counts.agreement } }),
    },
    examples: counts.examples,
  };
}

/** Position of a channel in a version's order; null (unclassified) last. */
export function channelOrder(classifier: Classifier): (channel: string | null) => number {
  const channels = classifier.rules.channels;
  return (channel) => (channel === null ? channels.length + 1 : channels.includes(channel) ? channels.indexOf(channel) : channels.length);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
