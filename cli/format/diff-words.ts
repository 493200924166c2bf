// Words shared by the diff's text and Markdown formats: the one-line summary
// ("3 rules changed · 2 moves · 137 of 10,000 sample events change channel"), channel
// names, example events and what gave an example its channel in each version.

import { describeEvent } from '../../engine/analysis/describe-event';
import type { ChannelMove, Outcome, RulesDiff } from '../../engine/diff/rules-diff';
import { formatInteger } from './table';

/** How the two versions are named in the output (as the user gave them). */
export interface DiffLabels {
  base: string;
  head: string;
  /** The events file, with --events. */
  events?: string;
}


export { movesVerdict, ruleChangeCount, sampleLineText, summaryLine } from '../../engine/diff/diff-summary';

export function channelLabel(channel: string | null): string {
  return channel === null ? '(unclassified)' : channel;
}

export function exampleText(move: ChannelMove): string {
  return describeEvent(move.example.event);
}

/** "line 12 (when …)", "otherwise", "no rule". */
export function outcomeText(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'rule':
      return `line ${outcome.rule.line}: ${outcome.rule.text}`;
    case 'otherwise':
      return 'otherwise';
    case 'unclassified':
      return 'no rule (unclassified)';
  }
}

export function sampleMoveCount(move: ChannelMove): string {
  return move.sampleEvents === undefined ? '' : formatInteger(move.sampleEvents);
}

const SHOWN_OPEN_QUESTIONS = 10;

/** The undecided questions, the first few and a count of the rest. */
export function openQuestions(diff: RulesDiff): string[] {
  const shown = diff.incomplete.slice(0, SHOWN_OPEN_QUESTIONS);
  const rest = diff.incomplete.length - shown.length;
  return rest > 0 ? [...shown, `… and ${formatInteger(rest)} more`] : shown;
}

