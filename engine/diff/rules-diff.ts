// The result of comparing two versions of a rules file (SPEC §7 `diff`, §7.4): which
// rules were added, removed, changed or moved, which (old channel → new channel)
// moves some possible event makes, each with an example event the engine classified
// that way on both versions, which rules became unreachable, and — with sample
// events — how many of them move. The CLI formats it (text, §7.4 JSON, Markdown) and
// the VS Code "Compare with…" view shows it; neither decides anything itself.

import type { ExampleValues } from '../analysis/regions';
import type { Span } from '../../grammar/syntax-tree';

/** One `when` clause of one version. */
export interface RuleRef {
  version: 'base' | 'head';
  /** Index among that version's checked rules. */
  index: number;
  channel: string;
  /** 1-based line of the `when`. */
  line: number;
  span: Span;
  /** The clause as written, on one line (whitespace collapsed, shortened when long). */
  text: string;
}

/** A rule of the base and the head version that are the same rule, edited or relocated. */
export interface RulePair {
  base: RuleRef;
  head: RuleRef;
}

export interface RuleChanges {
  /** Head rules with no counterpart in the base. */
  added: RuleRef[];
  /** Base rules with no counterpart in the head. */
  removed: RuleRef[];
  /** A base rule whose condition (or channel) was edited in place. */
  changed: RulePair[];
  /** A rule kept as it was but put elsewhere in the order. */
  moved: RulePair[];
  /** `otherwise` channels of both versions (null: none), when they differ. */
  otherwise?: { base: string | null; head: string | null };
}

/** How a version classified an example: a rule, `otherwise`, or nothing. */
export type Outcome = { kind: 'rule'; rule: RuleRef } | { kind: 'otherwise' } | { kind: 'unclassified' };

export interface MoveExample {
  /** Every field the rules test that is not missing; null for JSON null. */
  event: ExampleValues;
  /** What gave the event its channel in each version (the engine's own answer). */
  base: Outcome;
  head: Outcome;
  /** Where the example comes from: the region model, or an event of the sample. */
  source: 'analysis' | 'sample';
  /** For a sample example: its line in the events file. */
  sampleLine?: number;
  /** …and the zip entry that line is in (SPEC §3.1). */
  sampleEntry?: string;
}

export interface ChannelMove {
  /** The channel in the base version (null: unclassified). */
  from: string | null;
  to: string | null;
  example: MoveExample;
  /** Sample events that make this move (only with a sample). */
  sampleEvents?: number;
}

export interface NewlyUnreachable {
  rule: RuleRef;
  /** `unsatisfiable`: no event matches it at all; `unreachable`: earlier rules take all its events. */
  status: 'unreachable' | 'unsatisfiable';
  /** For unreachable: earlier head rules whose union covers it. */
  coveredBy: RuleRef[];
}

export interface SampleCell {
  from: string | null;
  to: string | null;
  events: number;
}

export interface SampleComparison {
  /** Events read (lines that could not be read are not events). */
  events: number;
  /** Events whose channel differs between the versions. */
  moved: number;
  skippedCount: number;
  skipped: Array<{ line: number; entry?: string; reason: string }>;
  /** Zip entries not read (folders, other file types). */
  skippedEntries?: Array<{ name: string; reason: string }>;
  /** Every non-empty cell of the from × to matrix, the diagonal included, in channel order. */
  cells: SampleCell[];
  /** Channels of the rows (base) and columns (head) that occur, in the versions' channel order. */
  fromChannels: Array<string | null>;
  toChannels: Array<string | null>;
  /** SPEC §9 on both versions: events with a string in `field`, and how many of them each version's channel agrees with. */
  against?: { field: string; events: number; base: number; head: number };
}

export interface RulesDiff {
  rules: RuleChanges;
  /** Every (from → to) pair, from ≠ to, that some possible event makes (when `complete`). */
  moves: ChannelMove[];
  unreachable: NewlyUnreachable[];
  /**
   * True when every pair of channels was decided: then `moves` lists every move and
   * an empty `moves` means both versions classify every possible event alike.
   */
  complete: boolean;
  /** What was not decided, in words (empty when complete). */
  incomplete: string[];
  sample?: SampleComparison;
  /** Channel order of each version (first appearance; `otherwise` at its place). */
  baseChannels: string[];
  headChannels: string[];
}
