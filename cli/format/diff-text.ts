// `diff --format text` (the default): the summary line, every move with its example
// event and what gave it its channel in each version, the rule changes, rules that
// became unreachable, and with --events the from × to matrix of the sample.

import { agreementChangeSummary } from '../../engine/diff/diff-summary';
import type { RuleRef, RulesDiff } from '../../engine/diff/rules-diff';
import { channelLabel, exampleText, movesVerdict, openQuestions, outcomeText, sampleLineText, summaryLine, type DiffLabels } from './diff-words';
import { formatInteger, plural, renderTextTable } from './table';

export function renderDiffText(diff: RulesDiff, labels: DiffLabels): string {
  const out: string[] = [];
  const place = (ref: RuleRef): string => `${ref.version === 'base' ? labels.base : labels.head}:${ref.line}`;
  out.push(`${labels.base} → ${labels.head}`, summaryLine(diff), '');

  out.push(movesVerdict(diff));
  if (diff.moves.length > 0) {
    out.push('');
    out.push(
      renderTextTable({
        headers: ['Old channel', 'New channel', 'Example event', ...(diff.sample === undefined ? [] : ['Sample events'])],
        rows: diff.moves.map((move) => [
          channelLabel(move.from),
          channelLabel(move.to),
          exampleText(move),
          ...(move.sampleEvents === undefined ? [] : [formatInteger(move.sampleEvents)]),
        ]),
        align: ['left', 'left', 'left', 'right'],
      }),
    );
    out.push('', 'Why:');
    for (const move of diff.moves) {
      const source = move.example.source === 'sample' ? ` (event of line ${sampleLineText(move.example)} of the sample)` : '';
      out.push(`  ${channelLabel(move.from)} → ${channelLabel(move.to)}${source}`);
      out.push(`    before: ${outcomeText(move.example.base)}`);
      out.push(`    after:  ${outcomeText(move.example.head)}`);
    }
  }
  for (const open of openQuestions(diff)) out.push(`  not decided: ${open}`);

  if (diff.unreachable.length > 0) {
    out.push('', 'Newly unreachable:');
    for (const entry of diff.unreachable) {
      const why =
        entry.status === 'unsatisfiable'
          ? 'no event can match it'
          : `every event it matches is taken first by ${entry.coveredBy.map((other) => `line ${other.line} (${other.channel})`).join(', ')}`;
      out.push(`  ${place(entry.rule)} "${entry.rule.channel}": ${why}`);
    }
  }

  const rules = diff.rules;
  const changeRows: string[][] = [
    ...rules.added.map((ref) => ['added', ref.channel, '', String(ref.line), ref.text]),
    ...rules.removed.map((ref) => ['removed', ref.channel, String(ref.line), '', ref.text]),
    ...rules.changed.map((pair) => [
      'changed',
      channelChange(pair.base.channel, pair.head.channel),
      String(pair.base.line),
      String(pair.head.line),
      `${pair.base.text}  ⇒  ${pair.head.text}`,
    ]),
    ...rules.moved.map((pair) => ['moved', pair.head.channel, String(pair.base.line), String(pair.head.line), pair.head.text]),
  ];
  if (changeRows.length > 0 || rules.otherwise !== undefined) {
    out.push('', changeRows.length > 0 ? `Rule changes (lines of ${labels.base} → ${labels.head}):` : 'Rule changes:');
    if (changeRows.length > 0) {
      out.push(
        indent(
          renderTextTable({
            headers: ['Change', 'Channel', 'Before', 'After', 'Rule'],
            rows: changeRows,
            align: ['left', 'left', 'right', 'right', 'left'],
          }),
        ),
      );
    }
    if (rules.otherwise !== undefined) {
      out.push(`  otherwise: ${channelLabel(rules.otherwise.base)} → ${channelLabel(rules.otherwise.head)}`);
    }
  }

  if (diff.sample !== undefined) {
    const sample = diff.sample;
    out.push('', `Sample events (${labels.events ?? 'events'}): ${formatInteger(sample.moved)} of ${plural(sample.events, 'event')} change channel`);
    if (sample.skippedCount > 0) out.push(`  ${plural(sample.skippedCount, 'unreadable line')} skipped`);
    if (sample.against !== undefined) out.push(`  ${agreementChangeSummary(sample.against)}`);
    if (sample.events > 0) out.push(indent(renderTextTable(sampleMatrix(diff))));
  }
  return `${out.join('\n')}\n`;
}

/** The from × to matrix: rows are old channels, columns new channels. */
export function sampleMatrix(diff: RulesDiff): { headers: string[]; rows: string[][] } {
  const sample = diff.sample!;
  const count = new Map(sample.cells.map((cell) => [JSON.stringify([cell.from, cell.to]), cell.events]));
  return {
    headers: ['old ↓ / new →', ...sample.toChannels.map(channelLabel)],
    rows: sample.fromChannels.map((from) => [
      channelLabel(from),
      ...sample.toChannels.map((to) => {
        const events = count.get(JSON.stringify([from, to]));
        return events === undefined ? '·' : formatInteger(events);
      }),
    ]),
  };
}

function channelChange(base: string, head: string): string {
  return base === head ? head : `${base} → ${head}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
