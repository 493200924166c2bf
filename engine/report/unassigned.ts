// Where the rules give up (SPEC §9): the events that got the `otherwise` channel or no
// channel, grouped by the values of the traffic fields the rules test. What counts is
// the channel an event got, not what gave it: a rule whose channel is the otherwise
// channel's name counts too, so the section accounts for that channel's whole row of
// the channels table. An analytics
// engineer reads the largest patterns first: "utm_source=newsletter_q3, utm_medium
// missing: 12 % of traffic" is the rule they forgot to write.
//
// Recording is per event while reading (only the pattern's id is kept, in a column),
// so memory stays a few bytes an event; users are counted once at the end, the
// unassigned events grouped by user, instead of holding a set of users per pattern.
//
// A pattern is its key alone, the JSON text of its values, kept as bytes in one
// interner, with its count, first line and entry in typed arrays: only the listed
// patterns' values are read back from their keys. Two million distinct patterns (a
// campaign id in utm_source) held about 450 bytes each as a string, a Map entry, an
// array of values and their strings, and numbers in arrays; now about 70.

import { OTHERWISE, UNCLASSIFIED, type Classifier } from '../classify/classifier';
import { ByteInterner } from '../collections/byte-interner';
import { grownArray } from '../collections/grown-array';
import type { EventProps } from '../events/event';
import { PLAIN_FIELDS, type FieldLookup } from '../events/fields';
import { grow, Interner } from './event-columns';

/** The traffic fields SPEC §9 groups by, in this order, when the rules test them. */
export const TRAFFIC_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'referring_domain'] as const;

export const DEFAULT_PATTERN_LIMIT = 50;

export interface UnassignedPattern {
  /** Each grouped field's value: its text, or null for missing and null. */
  fields: Record<string, string | null>;
  events: number;
  users: number;
  /** The first such event's line, and its zip entry (SPEC §3.1). */
  example: { line: number; entry?: string };
}

export interface UnassignedSection {
  /** Events that got the `otherwise` channel (from `otherwise` or a rule) or none. */
  events: number;
  /** The fields the patterns group by (the traffic fields the rules test). */
  fields: string[];
  /** Largest first, at most the limit. */
  patterns: UnassignedPattern[];
  /** How many distinct patterns there are in all (more than `patterns.length` when cut). */
  patternCount: number;
}

/** The traffic fields among those the rules test, in SPEC §9's order. */
export function unassignedFields(testedFields: readonly string[]): string[] {
  const tested = new Set(testedFields);
  return TRAFFIC_FIELDS.filter((field) => tested.has(field));
}

/**
 * Per classify result, at result + 2 (UNCLASSIFIED, OTHERWISE, then the rules), 1 when
 * its events are unassigned: no channel, the `otherwise` channel, or a rule's channel of
 * the same name. One load per event where the columns are read.
 */
export function unassignedResults(classifier: Classifier): Uint8Array {
  const rules = classifier.rules.rules.length;
  const flags = new Uint8Array(rules + 2);
  flags[UNCLASSIFIED + 2] = 1;
  flags[OTHERWISE + 2] = 1;
  const otherwise = classifier.channelOf(OTHERWISE);
  if (otherwise !== null) for (let rule = 0; rule < rules; rule++) if (classifier.channelOf(rule) === otherwise) flags[rule + 2] = 1;
  return flags;
}

/**
 * Collects the unassigned events of one run. `add` is called with the index of every
 * event read (in input order, 0-based); `record` only for unassigned ones.
 */
export class UnassignedCollector {
  readonly fields: string[];
  private readonly accessors;
  /** The patterns' keys (their values' JSON text), numbered in order of first appearance. */
  private readonly keys = new ByteInterner({ names: 'unassigned traffic patterns' });
  /** Per pattern: its events, its first event's line and zip entry (an index into `entries`, -1 for none). */
  private counts = new Int32Array(1024);
  private firstLine = new Int32Array(1024);
  private firstEntry = new Int32Array(1024);
  private readonly entries = new Interner();
  /** (event index, pattern id) of every unassigned event, in input order. */
  private eventIndex = new Int32Array(1024);
  private patternOf = new Int32Array(1024);
  private recorded = 0;
  /** Per pattern id, its place in the last section's list (-1 when not listed). */
  private listedRank = new Int32Array(0);

  /** `lookup`: how the events' fields are read (their source system). */
  constructor(testedFields: readonly string[], lookup: FieldLookup = PLAIN_FIELDS) {
    this.fields = unassignedFields(testedFields);
    this.accessors = this.fields.map((field) => lookup.accessor(field));
  }

  /** An unassigned event: its index among the events read, its props and line. */
  record(index: number, props: EventProps, line: number, entry?: string): void {
    const values = this.accessors.map((accessor) => {
      const value = accessor(props);
      return typeof value === 'string' ? value : null;
    });
    this.recordValues(index, values, line, entry);
  }

  /** The same with the values already looked up (the preview resolves fields once per sample). */
  recordValues(index: number, values: (string | null)[], line: number, entry?: string): void {
    this.recordPattern(index, patternKey(values), line, entry);
  }

  /** The same with the values' key (patternKey) already made (a range read by a worker); returns the pattern's number. */
  recordPattern(index: number, key: string, line: number, entry?: string): number {
    const patterns = this.keys.count;
    const id = this.keys.intern(key);
    if (id === patterns) {
      if (id === this.counts.length) {
        this.counts = grownArray(this.counts, id * 2);
        this.firstLine = grownArray(this.firstLine, id * 2);
        this.firstEntry = grownArray(this.firstEntry, id * 2);
      }
      this.firstLine[id] = line;
      this.firstEntry[id] = entry === undefined ? -1 : this.entries.intern(entry);
    }
    this.recordPatternNumber(index, id);
    return id;
  }

  /** An unassigned event of a pattern recordPattern has numbered (a range's later events of one pattern: no lookup of its key). */
  recordPatternNumber(index: number, id: number): void {
    this.counts[id]!++;
    if (this.recorded === this.eventIndex.length) {
      this.eventIndex = grow(this.eventIndex, this.recorded * 2);
      this.patternOf = grow(this.patternOf, this.recorded * 2);
    }
    this.eventIndex[this.recorded] = index;
    this.patternOf[this.recorded] = id;
    this.recorded++;
  }

  /** The section, given each event's user id (by event index) and how many patterns to keep. */
  section(userOf: Int32Array, limit: number = DEFAULT_PATTERN_LIMIT): UnassignedSection {
    const patternCount = this.keys.count;
    const users = this.distinctUsers(userOf, patternCount);
    const counts = this.counts;
    const order = new Int32Array(patternCount);
    for (let id = 0; id < patternCount; id++) order[id] = id;
    // Largest first; ties in order of first appearance (pattern ids are numbered so).
    order.sort((a, b) => counts[b]! - counts[a]! || a - b);
    const listed = order.subarray(0, Math.max(0, Math.min(limit, patternCount)));
    this.listedRank = new Int32Array(patternCount).fill(-1);
    listed.forEach((id, rank) => (this.listedRank[id] = rank));
    const patterns = Array.from(listed, (id) => {
      const values = JSON.parse(this.keys.nameOf(id)) as (string | null)[];
      const line = this.firstLine[id]!;
      const entry = this.firstEntry[id]!;
      return {
        fields: Object.fromEntries(this.fields.map((field, i) => [field, values[i]!])),
        events: counts[id]!,
        users: users[id]!,
        example: entry < 0 ? { line } : { line, entry: this.entries.names[entry]! },
      };
    });
    return { events: this.recorded, fields: [...this.fields], patterns, patternCount };
  }

  /** Per event (of `count` read), its index in the last section's `patterns`; -1 when assigned or not listed. */
  listedPatternOfEvents(count: number): Int32Array {
    const of = new Int32Array(count).fill(-1);
    for (let i = 0; i < this.recorded; i++) of[this.eventIndex[i]!] = this.listedRank[this.patternOf[i]!]!;
    return of;
  }

  /**
   * Per pattern, its distinct users: the recorded events grouped by user (a counting
   * sort, linear in events and users), then each user's patterns counted once, the
   * last user that counted each pattern saying whether this one has.
   */
  private distinctUsers(userOf: Int32Array, patternCount: number): Int32Array {
    const users = new Int32Array(patternCount);
    const recorded = this.recorded;
    if (recorded === 0) return users;
    const { eventIndex, patternOf } = this;
    let maxUser = 0;
    for (let i = 0; i < recorded; i++) maxUser = Math.max(maxUser, userOf[eventIndex[i]!]!);
    const userStart = new Int32Array(maxUser + 2);
    for (let i = 0; i < recorded; i++) userStart[userOf[eventIndex[i]!]! + 1]!++;
    for (let u = 0; u <= maxUser; u++) userStart[u + 1]! += userStart[u]!;
    const next = userStart.slice(0, maxUser + 1);
    const byUser = new Int32Array(recorded);
    for (let i = 0; i < recorded; i++) byUser[next[userOf[eventIndex[i]!]!]!++] = patternOf[i]!;
    const lastUser = new Int32Array(patternCount).fill(-1);
    for (let u = 0; u <= maxUser; u++) {
      for (let k = userStart[u]!; k < userStart[u + 1]!; k++) {
        const pattern = byUser[k]!;
        if (lastUser[pattern] !== u) {
          lastUser[pattern] = u;
          users[pattern]!++;
        }
      }
    }
    return users;
  }
}

/** A pattern's key: the JSON text of its values, one string per distinct pattern (JSON.parse gives the values back). */
export function patternKey(values: readonly (string | null)[]): string {
  return JSON.stringify(values);
}
