// `diff --format markdown`: written for a pull-request comment. The one-line summary,
// a table of moves with example events (and sample counts), warnings for rules that
// became unreachable, and the details folded in <details>: why each example moves,
// the rule changes, the sample's from × to matrix.
//
// Every piece of text from the rules or the events is escaped: HTML-significant
// characters become entities outside code spans, code spans get a fence longer than
// any backtick run inside, and `|` is escaped in table cells, so no rule text can
// close the <details> or break the table.

import type { RuleRef, RulesDiff } from '../../engine/diff/rules-diff';
import { sampleMatrix } from './diff-text';
import { agreementChangeSummary } from '../../engine/diff/diff-summary';
import { channelLabel, exampleText, movesVerdict, openQuestions, outcomeText, ruleChangeCount, sampleLineText, summaryLine, type DiffLabels } from './diff-words';
import { formatInteger, plural } from './table';
import { code, tableCell, text } from './markdown-text';
import { appendAll } from '../../engine/collections/append-all';

export function renderDiffMarkdown(diff: RulesDiff, labels: DiffLabels): string {
  const out: string[] = [];
  const place = (ref: RuleRef): string => `${ref.version === 'base' ? labels.base : labels.head}:${ref.line}`;
  out.push(`### ${code(labels.head)}`, '', `**${text(summaryLine(diff))}**`, '');
  out.push(`Compared with ${code(labels.base)}. ${movesVerdict(diff)}`, '');

  if (diff.moves.length > 0) {
    const withSample = diff.sample !== undefined;
    out.push(
      table(
        ['Old channel', 'New channel', 'Example event', ...(withSample ? ['Sample events'] : [])],
        ['l', 'l', 'l', 'r'],
        diff.moves.map((move) => [
          text(channelLabel(move.from)),
          text(channelLabel(move.to)),
          code(exampleText(move)),
          ...(withSample ? [formatInteger(move.sampleEvents ?? 0)] : []),
        ]),
      ),
      '',
    );
  }

  if (diff.unreachable.length > 0) {
    out.push('> [!WARNING]');
    for (const entry of diff.unreachable) {
      const why =
        entry.status === 'unsatisfiable'
          ? 'no event can match it'
          : `every event it matches is taken first by ${entry.coveredBy.map((other) => `line ${other.line} (${text(other.channel)})`).join(', ')}`;
      out.push(`> **Newly unreachable:** ${code(place(entry.rule))} (${text(entry.rule.channel)}): ${why}.  `);
    }
    out.push('');
  }

  if (diff.incomplete.length > 0) {
    out.push('> [!NOTE]', '> The exact analysis stopped at its budget, so this is not the whole answer. Not decided:');
    for (const open of openQuestions(diff)) out.push(`> - ${text(open)}`);
    out.push('');
  }

  if (diff.moves.length > 0) {
    const lines = diff.moves.map((move) => {
      const source = move.example.source === 'sample' ? ` (the event on line ${sampleLineText(move.example)} of the sample)` : '';
      return `- ${text(channelLabel(move.from))} → ${text(channelLabel(move.to))}${source}: before ${code(outcomeText(move.example.base))}, after ${code(outcomeText(move.example.head))}`;
    });
    appendAll(out, folded('Why each example moves', lines));
  }

  const rules = diff.rules;
  const changeCount = ruleChangeCount(diff);
  if (changeCount > 0 || rules.otherwise !== undefined) {
    const rows: string[][] = [
      ...rules.added.map((ref) => ['added', text(ref.channel), '', String(ref.line), code(ref.text)]),
      ...rules.removed.map((ref) => ['removed', text(ref.channel), String(ref.line), '', code(ref.text)]),
      ...rules.changed.map((pair) => [
        'changed',
        text(pair.base.channel === pair.head.channel ? pair.head.channel : `${pair.base.channel} → ${pair.head.channel}`),
        String(pair.base.line),
        String(pair.head.line),
        `${code(pair.base.text)} → ${code(pair.head.text)}`,
      ]),
      ...rules.moved.map((pair) => ['moved', text(pair.head.channel), String(pair.base.line), String(pair.head.line), code(pair.head.text)]),
    ];
    const body: string[] = [];
    if (rows.length > 0) {
      body.push(`Lines of ${code(labels.base)} (before) and ${code(labels.head)} (after).`, '');
      body.push(table(['Change', 'Channel', 'Before', 'After', 'Rule'], ['l', 'l', 'r', 'r', 'l'], rows));
    }
    if (rules.otherwise !== undefined) {
      if (body.length > 0) body.push('');
      body.push(`\`otherwise\`: ${text(channelLabel(rules.otherwise.base))} → ${text(channelLabel(rules.otherwise.head))}`);
    }
    const title = changeCount > 0 ? `Rule changes (${formatInteger(changeCount)})` : 'Rule changes';
    appendAll(out, folded(title, body));
  }

  if (diff.sample !== undefined) {
    const sample = diff.sample;
    const body: string[] = [];
    const what = `${formatInteger(sample.moved)} of ${plural(sample.events, 'event')}${labels.events === undefined ? '' : ` in ${code(labels.events)}`} change channel.`;
    body.push(sample.skippedCount > 0 ? `${what} ${plural(sample.skippedCount, 'unreadable line')} skipped.` : what);
    if (sample.against !== undefined) body.push('', `${text(agreementChangeSummary(sample.against))}.`);
    if (sample.events > 0) {
      const matrix = sampleMatrix(diff);
      body.push('', table(matrix.headers.map(text), matrix.headers.map((_, i) => (i === 0 ? 'l' : 'r')), matrix.rows.map((row) => row.map(text))));
    }
    appendAll(out, folded('Sample events: old × new channel', body));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function folded(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${text(summary)}</summary>`, '', ...body, '', '</details>', ''];
}

function table(headers: string[], align: Array<'l' | 'r'>, rows: string[][]): string {
  const row = (cells: string[]) => `| ${cells.map(tableCell).join(' | ')} |`;
  return [row(headers), `|${align.slice(0, headers.length).map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`, ...rows.map(row)].join('\n');
}
