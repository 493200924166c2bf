// Sample events under both versions of the rules, counted: the from × to matrix, the
// events that move, the first event of each move (a real event the engine moved), and
// SPEC §9's agreement of each version with the channel the data carries. One counter
// counts events one by one (./sample-moves on one thread, or a reading thread's range,
// engine/report/range-columns); the counts of ranges are appended in input order, so
// the first event of a move is the first in the input whatever thread read it.

import type { ExampleValues } from '../analysis/regions';
import type { Classifier } from '../classify/classifier';
import { classifierFor } from '../classify/compile-classifier';
import { setOwn } from '../collections/own-property';
import type { EventProps, FieldAccessor } from '../events/event';
import type { EventFields } from '../events/event-source';
import { channelsAgree } from '../report/channels-agree';
import type { SampleCell } from './rules-diff';

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

/** What a counter holds, as plain data (sent between threads). */
export interface MoveCounts {
  /** Cells in order of first occurrence. */
  cells: SampleCell[];
  moved: number;
  /** The first event of each move, in order of first occurrence. */
  examples: SampleMoveExample[];
  /** With a field to agree with: events holding a string in it, and how many each version agrees with. */
  agreement: { events: number; base: number; head: number };
}

/** How a counter reads events (once the source system is known). */
export interface MoveCounterSetup {
  /** The versions' classifiers, compiled for the records' fields (engine/classify/compile-classifier's classifierFor). */
  base: Classifier;
  head: Classifier;
  /** The fields either version tests, with their accessors: an example's values. */
  fields: ReadonlyArray<readonly [string, FieldAccessor]>;
  /** SPEC §9: the field holding the channel the data carries. */
  theirs?: FieldAccessor;
}

/** How both versions read the sample's records (its source system, SPEC §3.2). */
export function moveCounterSetup(base: Classifier, head: Classifier, eventFields: EventFields, against: string | undefined): MoveCounterSetup {
  const { lookup } = eventFields;
  const fields = [...new Set([...base.rules.fields, ...head.rules.fields])];
  return {
    base: classifierFor(base, lookup),
    head: classifierFor(head, lookup),
    fields: fields.map((field) => [field, lookup.accessor(field)] as const),
    ...(against === undefined ? {} : { theirs: lookup.accessor(against) }),
  };
}

/** A (from, to) channel pair: its cell, and its first event once it moves. */
interface Pair {
  cell: SampleCell;
  example: SampleMoveExample | undefined;
}

export class MoveCounter {
  /** from → to → pair (channel names, null for none): two lookups an event, no key built. */
  private readonly pairs = new Map<string | null, Map<string | null, Pair>>();
  /** In order of first occurrence. */
  private readonly cells: SampleCell[] = [];
  private readonly examples: SampleMoveExample[] = [];
  private moved = 0;
  private readonly agreement = { events: 0, base: 0, head: 0 };

  /** `setup`: how to read events; a counter that only appends other counts needs none. */
  constructor(private readonly setup?: MoveCounterSetup) {}

  /** One event: its record, the base's result (the head's is computed here) and where it is. */
  count(props: EventProps, baseResult: number, line: number, entry?: string): void {
    const { base, head, fields, theirs: theirsOf } = this.setup!;
    const headResult = head.classify(props);
    const from = base.channelOf(baseResult);
    const to = head.channelOf(headResult);
    if (theirsOf !== undefined) {
      const theirs = theirsOf(props);
      if (typeof theirs === 'string') {
        this.agreement.events++;
        if (channelsAgree(from, theirs)) this.agreement.base++;
        if (channelsAgree(to, theirs)) this.agreement.head++;
      }
    }
    const pair = this.pair(from, to);
    pair.cell.events++;
    if (from === to) return;
    this.moved++;
    if (pair.example === undefined) this.addExample(pair, { from, to, event: project(props, fields), line, ...(entry === undefined ? {} : { entry }), baseResult, headResult });
  }

  /** The counts of events after the ones counted so far (a later range): its lines shifted by `lineShift`, in zip entry `entry`. */
  append(counts: MoveCounts, lineShift: number, entry: string | undefined): void {
    for (const cell of counts.cells) this.pair(cell.from, cell.to).cell.events += cell.events;
    for (const example of counts.examples) {
      const { from, to, event, baseResult, headResult } = example;
      const pair = this.pair(from, to);
      if (pair.example !== undefined) continue;
      const at = example.entry ?? entry;
      this.addExample(pair, { from, to, event, line: example.line + lineShift, ...(at === undefined ? {} : { entry: at }), baseResult, headResult });
    }
    this.moved += counts.moved;
    this.agreement.events += counts.agreement.events;
    this.agreement.base += counts.agreement.base;
    this.agreement.head += counts.agreement.head;
  }

  counts(): MoveCounts {
    return { cells: this.cells.map((cell) => ({ ...cell })), moved: this.moved, examples: [...this.examples], agreement: { ...this.agreement } };
  }

  /** The pair's record, its cell added (with no events yet) the first time. */
  private pair(from: string | null, to: string | null): Pair {
    let byTo = this.pairs.get(from);
    if (byTo === undefined) this.pairs.set(from, (byTo = new Map()));
    let pair = byTo.get(to);
    if (pair === undefined) {
      pair = { cell: { from, to, events: 0 }, example: undefined };
      byTo.set(to, pair);
      this.cells.push(pair.cell);
    }
    return pair;
  }

  private addExample(pair: Pair, example: SampleMoveExample): void {
    pair.example = example;
    this.examples.push(example);
  }
}

function project(props: EventProps, fields: ReadonlyArray<readonly [string, FieldAccessor]>): ExampleValues {
  const event: ExampleValues = {};
  for (const [field, read] of fields) {
    const value = read(props);
    if (value !== undefined) setOwn(event, field, value);
  }
  return event;
}
