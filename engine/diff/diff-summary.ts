// The diff in one line and one sentence, worded once for every place that shows it
// (the CLI's text and Markdown, the VS Code compare view), and a sample example's line:
//   "3 rules changed · 2 moves · 137 of 10,000 sample events change channel"

import type { RulesDiff } from './rules-diff';
import { sharePercent } from '../text/share-percent';

/** A sample example's line: `12`, or `a.json.gz:12` for a line of a zip entry (SPEC §3.1). */
export function sampleLineText(example: { sampleLine?: number; sampleEntry?: string }): string {
  return example.sampleEntry === undefined ? String(example.sampleLine) : `${example.sampleEntry}:${example.sampleLine}`;
}

export function ruleChangeCount(diff: RulesDiff): number {
  const rules = diff.rules;
  return rules.added.length + rules.removed.length + rules.changed.length + rules.moved.length;
}

export function summaryLine(diff: RulesDiff): string {
  const parts: string[] = [];
  const changed = ruleChangeCount(diff);
  parts.push(changed === 0 ? 'no rule changed' : `${counted(changed, 'rule')} changed`);
  if (diff.rules.otherwise !== undefined) parts.push('otherwise changed');
  if (diff.moves.length === 0) parts.push(diff.complete ? 'no moves' : 'no moves found (analysis incomplete)');
  else parts.push(`${counted(diff.moves.length, 'move')}${diff.complete ? '' : ' found (analysis incomplete)'}`);
  if (diff.sample !== undefined) parts.push(`${integer(diff.sample.moved)} of ${counted(diff.sample.events, 'sample event')} change channel`);
  if (diff.unreachable.length > 0) parts.push(`${counted(diff.unreachable.length, 'rule')} newly unreachable`);
  return parts.join(' · ');
}

/** What the moves mean, in one sentence. */
export function movesVerdict(diff: RulesDiff): string {
  if (diff.moves.length === 0) {
    return diff.complete
      ? 'Both versions give every possible event the same channel.'
      : 'No event was found that changes channel, but the analysis did not finish, so some may.';
  }
  return diff.complete
    ? 'These are all the channel changes any event can make.'
    : 'The analysis did not finish: events may also make moves not listed here.';
}

function counted(count: number, one: string): string {
  return `${integer(count)} ${count === 1 ? one : `${one}s`}`;
}

function integer(value: number): string {
  return new Intl.NumberFormat('en-US').format(value);
}

/** SPEC §9 across an edit: "Agreement with FIELD: 81.2 % → 84.0 % of 1,234 sample events". */
export function agreementChangeSummary(against: { field: string; events: number; base: number; head: number }): string {
  if (against.events === 0) return `Agreement with ${against.field}: no sample event has a value in that field`;
  const rate = (agree: number) => sharePercent(agree, against.events);
  const delta = against.head - against.base;
  const moved = Math.abs(delta);
  const change = delta === 0 ? 'unchanged' : `${delta > 0 ? '+' : '−'}${moved.toLocaleString('en-US')} ${moved === 1 ? 'event agrees' : 'events agree'}`;
  return `Agreement with ${against.field}: ${rate(against.base)} → ${rate(against.head)} of ${against.events.toLocaleString('en-US')} sample event${against.events === 1 ? '' : 's'} (${change})`;
}
