// Agreement with the channel the data already carries (SPEC §9): GA4's own default
// channel group in its BigQuery export, PostHog's `$channel_type`, or any field. The
// rules' channel ("ours") is compared with the field's text ("theirs") ignoring case
// (Unicode simple case folding, as `ignoring case` in the language), for every event
// whose field holds a string; events without one are not compared.
//
// Recording keeps one interned id per event (their value), so memory stays a few
// bytes an event however many events; the pairs are counted at the end.
//
// A pair is two numbers and four more in typed arrays (its events, its first event's
// line, zip entry and rule, the last two numbered among the few there are), and theirs
// are kept as bytes: two million distinct pairs held about 220 bytes each as a Map
// entry keyed by a heap number, an object, a rule name made for it and a Map of the
// values; now about 80. The section sorts the pairs' numbers and makes each pair's
// object once, in its place.

import type { EventProps } from '../events/event';
import { ByteInterner } from '../collections/byte-interner';
import { grownArray } from '../collections/grown-array';
import { PairInterner } from '../collections/pair-interner';
import { compareCodeUnits, compareCodeUnitsNullLast } from '../text/code-unit-order';
import { PLAIN_FIELDS, type FieldLookup } from '../events/fields';
import { channelsAgree } from './channels-agree';
import { Interner } from './event-columns';

export interface AgreementPair {
  /** The rules' channel; null when no rule and no `otherwise` gave one. */
  ours: string | null;
  theirs: string;
  events: number;
  /** The first such event; `rule` is the `when` (rules file:line), `otherwise`, or null. */
  example: { line: number; entry?: string; rule: string | null };
}

export interface AgreementSection {
  field: string;
  /** Events with a string in the field. */
  events: number;
  agree: number;
  /** Disagreeing pairs first; each group by events descending, then ours, then theirs (null last). */
  pairs: AgreementPair[];
}

/**
 * Collects (ours, theirs) per event. `ours` is a channel index into the run's channel
 * names (-1 for none); `rule` names what gave it, for the first event of each pair.
 */
export class AgreementCollector {
  private readonly accessor;
  private readonly theirs: ByteInterner;
  /** (theirs, ours + 1), numbered as they first occur. */
  private readonly pairs = new PairInterner();
  /** Per pair: its events, and its first event's line, zip entry (in `entries`) and rule (in `rules`); -1 for no entry and no rule. */
  private pairEvents = new Int32Array(256);
  private firstLine = new Int32Array(256);
  private firstEntry = new Int32Array(256);
  private firstRule = new Int32Array(256);
  private readonly entries = new Interner();
  private readonly rules = new Interner();
  private events = 0;

  /** `lookup`: how the events' fields are read (their source system). */
  constructor(
    readonly field: string,
    lookup: FieldLookup = PLAIN_FIELDS,
  ) {
    this.accessor = lookup.accessor(field);
    this.theirs = new ByteInterner({ names: `values of ${field}` });
  }

  record(props: EventProps, ours: number, line: number, rule: () => string | null, entry?: string): void {
    const value = this.accessor(props);
    if (typeof value === 'string') this.recordValue(value, ours, line, rule, entry);
  }

  /** The values of theirs seen so far, numbered as `recordValue` returns them. */
  theirsNames(): string[] {
    return this.theirs.decodedNames();
  }

  /** The same with the field's value already looked up; returns the value's number in `theirsNames`. */
  recordValue(theirs: string, ours: number, line: number, rule: () => string | null, entry?: string): number {
    this.events++;
    const theirsId = this.theirs.intern(theirs);
    const pairs = this.pairs.count;
    const pair = this.pairs.intern(theirsId, ours + 1);
    if (pair === pairs) {
      if (pair === this.pairEvents.length) {
        this.pairEvents = grownArray(this.pairEvents, pair * 2);
        this.firstLine = grownArray(this.firstLine, pair * 2);
        this.firstEntry = grownArray(this.firstEntry, pair * 2);
        this.firstRule = grownArray(this.firstRule, pair * 2);
      }
      const name = rule();
      this.firstLine[pair] = line;
      this.firstEntry[pair] = entry === undefined ? -1 : this.entries.intern(entry);
      this.firstRule[pair] = name === null ? -1 : this.rules.intern(name);
    }
    this.pairEvents[pair]!++;
    return theirsId;
  }

  section(channelNames: readonly string[]): AgreementSection {
    const count = this.pairs.count;
    const theirsNames = this.theirs.decodedNames();
    const oursOf = (pair: number): string | null => {
      const ours = this.pairs.second(pair) - 1;
      return ours < 0 ? null : channelNames[ours]!;
    };
    const theirsOf = (pair: number): string => theirsNames[this.pairs.first(pair)]!;
    const events = this.pairEvents;
    const agrees = new Uint8Array(count);
    let agree = 0;
    for (let pair = 0; pair < count; pair++) {
      if (!channelsAgree(oursOf(pair), theirsOf(pair))) continue;
      agrees[pair] = 1;
      agree += events[pair]!;
    }
    const oursRank = rankOfChannels(channelNames);
    const rankOf = (pair: number): number => oursRank[this.pairs.second(pair)]!;
    const order = new Int32Array(count);
    for (let pair = 0; pair < count; pair++) order[pair] = pair;
    order.sort((a, b) => agrees[a]! - agrees[b]! || events[b]! - events[a]! || rankOf(a) - rankOf(b) || compareCodeUnits(theirsOf(a), theirsOf(b)));
    const pairs = Array.from(order, (pair): AgreementPair => {
      const line = this.firstLine[pair]!;
      const entry = this.firstEntry[pair]!;
      const rule = this.firstRule[pair]! < 0 ? null : this.rules.names[this.firstRule[pair]!]!;
      return { ours: oursOf(pair), theirs: theirsOf(pair), events: events[pair]!, example: entry < 0 ? { line, rule } : { line, entry: this.entries.names[entry]!, rule } };
    });
    return { field: this.field, events: this.events, agree, pairs };
  }
}

/** Per channel index + 1 (0: none), its place in code-unit order with none last; equal names share one. */
function rankOfChannels(channelNames: readonly string[]): Int32Array {
  const nameOf = (code: number): string | null => (code === 0 ? null : channelNames[code - 1]!);
  const codes = Array.from({ length: channelNames.length + 1 }, (_, code) => code).sort((a, b) => compareCodeUnitsNullLast(nameOf(a), nameOf(b)));
  const ranks = new Int32Array(codes.length);
  codes.forEach((code, place) => (ranks[code] = place > 0 && nameOf(codes[place - 1]!) === nameOf(code) ? ranks[codes[place - 1]!]! : place));
  return ranks;
}
