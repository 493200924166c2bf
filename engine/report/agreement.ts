// Agreement with the channel the data already carries (SPEC §9): GA4's own default
// channel group in its BigQuery export, PostHog's `$channel_type`, or any field. The
// rules' channel ("ours") is compared with the field's text ("theirs") ignoring case
// (Unicode simple case folding, as `ignoring case` in the language), for every event
// whose field holds a string; events without one are not compared.
//
// Recording keeps one interned id per event (their value), so memory stays a few
// bytes an event however many events; the pairs are counted at the end.

import type { EventProps } from '../events/event';
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

interface PairCount {
  ours: number;
  theirs: number;
  events: number;
  line: number;
  entry: string | undefined;
  rule: string | null;
}

/**
 * Collects (ours, theirs) per event. `ours` is a channel index into the run's channel
 * names (-1 for none); `rule` names what gave it, for the first event of each pair.
 */
export class AgreementCollector {
  private readonly accessor;
  private readonly theirs = new Interner();
  private readonly pairs = new Map<number, PairCount>();
  private events = 0;

  /** `lookup`: how the events' fields are read (their source system). */
  constructor(
    readonly field: string,
    lookup: FieldLookup = PLAIN_FIELDS,
  ) {
    this.accessor = lookup.accessor(field);
  }

  record(props: EventProps, ours: number, line: number, rule: () => string | null, entry?: string): void {
    const value = this.accessor(props);
    if (typeof value === 'string') this.recordValue(value, ours, line, rule, entry);
  }

  /** The values of theirs seen so far, numbered as `recordValue` returns them. */
  get theirsNames(): readonly string[] {
    return this.theirs.names;
  }

  /** The same with the field's value already looked up; returns the value's number in `theirsNames`. */
  recordValue(theirs: string, ours: number, line: number, rule: () => string | null, entry?: string): number {
    this.events++;
    const theirsId = this.theirs.intern(theirs);
    // Channel indexes are small (≥ -1): one number keys the pair.
    const key = theirsId * 0x100000 + (ours + 1);
    const pair = this.pairs.get(key);
    if (pair === undefined) this.pairs.set(key, { ours, theirs: theirsId, events: 1, line, entry, rule: rule() });
    else pair.events++;
    return theirsId;
  }

  section(channelNames: readonly string[]): AgreementSection {
    let agree = 0;
    const pairs: (AgreementPair & { agrees: boolean })[] = [];
    for (const pair of this.pairs.values()) {
      const ours = pair.ours < 0 ? null : channelNames[pair.ours]!;
      const theirs = this.theirs.names[pair.theirs]!;
      const agrees = channelsAgree(ours, theirs);
      if (agrees) agree += pair.events;
      pairs.push({ ours, theirs, events: pair.events, example: pair.entry === undefined ? { line: pair.line, rule: pair.rule } : { line: pair.line, entry: pair.entry, rule: pair.rule }, agrees });
    }
    pairs.sort(comparePairs);
    return { field: this.field, events: this.events, agree, pairs: pairs.map(({ agrees: _, ...pair }) => pair) };
  }
}

function comparePairs(a: AgreementPair & { agrees: boolean }, b: AgreementPair & { agrees: boolean }): number {
  if (a.agrees !== b.agrees) return a.agrees ? 1 : -1;
  if (a.events !== b.events) return b.events - a.events;
  const ours = compareCodeUnitsNullLast(a.ours, b.ours);
  if (ours !== 0) return ours;
  return compareCodeUnits(a.theirs, b.theirs);
}
