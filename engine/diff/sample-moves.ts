// Sample events under both versions: each event read (engine/report/run-report, the
// same reading and skipping as `report` and `classify`) is classified by the base's
// classifier and by the head's, and counted in a from × to matrix. The first event of
// each off-diagonal cell is kept as an example: a real event the engine moved.

import type { CancellationToken } from '../cancellation';
import type { Classifier } from '../classify/classifier';
import { classifierFor } from '../classify/compile-classifier';
import type { EventFields, EventSourceOptions } from '../events/event-source';
import type { EventProps } from '../events/event';
import { channelsAgree } from '../report/agreement';
import { runReport, type EventSource, type RunProgress } from '../report/run-report';
import type { ExampleValues } from '../analysis/regions';
import type { SampleCell, SampleComparison } from './rules-diff';
import { setOwn } from '../collections/own-property';

export interface SampleMoveExample {
  from: string | null;
  to: string | null;
  /** The event's values of every field either version tests (missing ones left out). */
  event: ExampleValues;
  line: number;
  entry?: string;
  baseResult: number;
  headResult: number;
}

export interface SampleRun {
  comparison: SampleComparison;
  /** The first sample event of each move, in order of first occurrence. */
  examples: SampleMoveExample[];
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
    against?: string;
  } = {},
): Promise<SampleRun> {
  // SPEC §9 across the edit: how often each version agrees with the channel the data carries.
  let theirsOf: ((props: EventProps) => string | null | undefined) | undefined;
  const agreement = { events: 0, base: 0, head: 0 };
  const fields = [...new Set([...base.rules.fields, ...head.rules.fields])];
  // Both versions read the sample's records the same way (its source system, SPEC §3.2).
  let headClassifier = head;
  let accessors: ReadonlyArray<readonly [string, (props: EventProps) => string | null | undefined]> = [];
  const counts = new Map<string, SampleCell>();
  const examples = new Map<string, SampleMoveExample>();
  let moved = 0;
  const result = await runReport({
    source,
    classifier: base,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.eventFields === undefined ? {} : { eventFields: options.eventFields }),
    onEventFields: (eventFields) => {
      headClassifier = classifierFor(head, eventFields.lookup);
      accessors = fields.map((field) => [field, eventFields.lookup.accessor(field)] as const);
      if (options.against !== undefined) theirsOf = eventFields.lookup.accessor(options.against);
      options.onEventFields?.(eventFields);
    },
    ...(options.maxEntrySize === undefined ? {} : { maxEntrySize: options.maxEntrySize }),
    onClassified: (events) => {
      for (const event of events) {
        const headResult = headClassifier.classify(event.props);
        const to = head.channelOf(headResult);
        if (theirsOf !== undefined) {
          const theirs = theirsOf(event.props);
          if (typeof theirs === 'string') {
            agreement.events++;
            if (channelsAgree(event.channel, theirs)) agreement.base++;
            if (channelsAgree(to, theirs)) agreement.head++;
          }
        }
        const key = JSON.stringify([event.channel, to]);
        const cell = counts.get(key);
        if (cell === undefined) counts.set(key, { from: event.channel, to, events: 1 });
        else cell.events++;
        if (event.channel === to) continue;
        moved++;
        if (!examples.has(key)) {
          examples.set(key, { from: event.channel, to, event: project(event.props, accessors), line: event.line, ...(event.entry === undefined ? {} : { entry: event.entry }), baseResult: event.result, headResult });
        }
      }
    },
  });
  const fromOrder = channelOrder(base);
  const toOrder = channelOrder(head);
  const cells = [...counts.values()].sort(
    (x, y) => fromOrder(x.from) - fromOrder(y.from) || toOrder(x.to) - toOrder(y.to),
  );
  const fromChannels = unique(cells.map((cell) => cell.from)).sort((x, y) => fromOrder(x) - fromOrder(y));
  const toChannels = unique(cells.map((cell) => cell.to)).sort((x, y) => toOrder(x) - toOrder(y));
  return {
    comparison: {
      events: result.events,
      moved,
      skippedCount: result.skippedCount,
      skipped: result.skipped,
      skippedEntries: result.skippedEntries,
      cells,
      fromChannels,
      toChannels,
      ...(options.against === undefined ? {} : { against: { field: options.against, ...agreement } }),
    },
    examples: [...examples.values()],
  };
}

function project(props: EventProps, accessors: ReadonlyArray<readonly [string, (props: EventProps) => string | null | undefined]>): ExampleValues {
  const event: ExampleValues = {};
  for (const [field, read] of accessors) {
    const value = read(props);
    if (value !== undefined) setOwn(event, field, value);
  }
  return event;
}

/** Position of a channel in a version's order; null (unclassified) last. */
export function channelOrder(classifier: Classifier): (channel: string | null) => number {
  const channels = classifier.rules.channels;
  return (channel) => (channel === null ? channels.length + 1 : channels.includes(channel) ? channels.indexOf(channel) : channels.length);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
