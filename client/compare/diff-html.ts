// The "Compare with…" view as HTML: the same look as the preview (its stylesheet,
// dist/webview.css, and its classes: report-section, report-table, alert), under the
// preview's Content-Security-Policy. Built in the extension host from the engine's
// RulesDiff; every value from the rules or the events goes in escaped. The one script
// is a constant (no data inside) carrying the CSP nonce: it reports what was rendered
// (for end-to-end tests) and turns clicks on rule lines into "reveal" messages.
//
// No `vscode` import: the extension passes in the webview's CSP source and URIs, so
// this renders (and is tested) anywhere.

import { describeEvent } from '../../engine/analysis/describe-event';
import { agreementChangeSummary, movesVerdict, sampleLineText, summaryLine } from '../../engine/diff/diff-summary';
import type { ChannelMove, Outcome, RuleRef, RulesDiff } from '../../engine/diff/rules-diff';
import { webviewCsp } from '../webview-csp';

export interface CompareLabels {
  /** The rules file as shown (workspace-relative path). */
  file: string;
  /** The git ref compared with ("HEAD", "main", "v1.2"). */
  ref: string;
  /** The sample events file, when the diff counted one. */
  events?: string;
}

export interface CompareHtmlOptions {
  cspSource: string;
  nonce: string;
  styleUri: string;
}

/** What the view shows, as the webview reports it back (read by compareTestHooks). */
export interface RenderedDiffState {
  summary: string;
  /** The moves table, row by row, cells as text. */
  moves: string[][];
  /** Every table by id, row by row. */
  tables: Record<string, string[][]>;
  alerts: string[];
}

/** Messages from the compare webview. */
export type FromCompareWebview =
  | { type: 'rendered'; state: RenderedDiffState }
  | { type: 'reveal'; version: 'base' | 'head'; line: number }
  | { type: 'textDiff' };

export function compareHtml(body: string, options: CompareHtmlOptions): string {
  const csp = webviewCsp(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeAttribute(options.styleUri)}">
<title>Channel Rules: Compare</title>
</head>
<body>
<main id="compare">
${body}
</main>
<script nonce="${escapeAttribute(options.nonce)}">${WEBVIEW_SCRIPT}</script>
</body>
</html>`;
}

/** The body while the diff is computed, or when it cannot be. */
export function messageBody(title: string, message: string, kind: 'info' | 'error' = 'info'): string {
  return `<h1>${escapeHtml(title)}</h1>
<div class="alert ${kind}" role="${kind === 'error' ? 'alert' : 'status'}" id="summary">${escapeHtml(message)}</div>`;
}

export function diffBody(diff: RulesDiff, labels: CompareLabels): string {
  const out: string[] = [];
  out.push(`<h1>${escapeHtml(labels.file)} <span class="muted">compared with ${escapeHtml(labels.ref)}</span></h1>`);
  out.push(`<p id="summary"><strong>${escapeHtml(summaryLine(diff))}</strong></p>`);
  out.push(`<p class="muted">${escapeHtml(movesVerdict(diff))}${diff.moves.length > 0 ? ' Each example event is classified so by both versions.' : ''} <button class="link" data-command="textDiff" type="button">Show the text diff</button></p>`);

  for (const entry of diff.unreachable) {
    const why =
      entry.status === 'unsatisfiable'
        ? 'no event can match it.'
        : `every event it matches is taken first by ${entry.coveredBy.map((other) => `${ruleLink(other)} (${escapeHtml(other.channel)})`).join(', ')}.`;
    out.push(`<div class="alert warning" role="alert">Newly unreachable: ${ruleLink(entry.rule)} (${escapeHtml(entry.rule.channel)}): ${why}</div>`);
  }
  if (diff.incomplete.length > 0) {
    out.push(
      `<div class="alert info" role="status"><details><summary>The exact analysis stopped at its budget, so moves other than these may exist.</summary><ul>${diff.incomplete
        .map((open) => `<li>${escapeHtml(open)}</li>`)
        .join('')}</ul></details></div>`,
    );
  }

  out.push('<section class="report-section" aria-labelledby="moves-heading">');
  out.push(`<h2 id="moves-heading">Moves (old channel → new channel)</h2>`);
  if (diff.moves.length === 0) {
    out.push(`<p class="muted">${diff.complete ? 'No event changes channel.' : 'No move found.'}</p>`);
  } else {
    const withSample = diff.sample !== undefined;
    out.push('<table class="report-table" id="moves-table"><thead><tr>');
    out.push(
      ['Old channel', 'New channel', 'Example event', 'Before', 'After', ...(withSample ? ['Sample events'] : [])]
        .map((header, index) => `<th scope="col"${index === 5 ? ' class="num"' : ''}>${header}</th>`)
        .join(''),
    );
    out.push('</tr></thead><tbody>');
    for (const move of diff.moves) out.push(moveRow(move, withSample));
    out.push('</tbody></table>');
  }
  out.push('</section>');

  const rows = ruleChangeRows(diff);
  if (rows.length > 0 || diff.rules.otherwise !== undefined) {
    out.push('<section class="report-section" aria-labelledby="rules-heading">');
    out.push(`<h2 id="rules-heading">Rule changes</h2>`);
    if (rows.length > 0) {
      out.push('<table class="report-table" id="rules-table"><thead><tr><th scope="col">Change</th><th scope="col">Channel</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Rule</th></tr></thead><tbody>');
      out.push(...rows);
      out.push('</tbody></table>');
    }
    if (diff.rules.otherwise !== undefined) {
      out.push(`<p><code>otherwise</code>: ${escapeHtml(channelName(diff.rules.otherwise.base))} → ${escapeHtml(channelName(diff.rules.otherwise.head))}</p>`);
    }
    out.push('</section>');
  }

  if (diff.sample !== undefined) {
    const sample = diff.sample;
    out.push('<section class="report-section" aria-labelledby="sample-heading">');
    out.push(`<h2 id="sample-heading">Sample events</h2>`);
    out.push(
      `<p>${number(sample.moved)} of ${number(sample.events)} events${labels.events === undefined ? '' : ` in ${escapeHtml(labels.events)}`} change channel.${
        sample.skippedCount > 0 ? ` ${number(sample.skippedCount)} unreadable lines skipped.` : ''
      }${sample.against === undefined ? '' : `</p><p id="agreement-change">${escapeHtml(agreementChangeSummary(sample.against))}.`
      }</p>`,
    );
    if (sample.events > 0) {
      const count = new Map(sample.cells.map((cell) => [JSON.stringify([cell.from, cell.to]), cell.events]));
      out.push('<div class="table-scroll"><table class="report-table" id="matrix-table"><caption>Old channel (rows) × new channel (columns)</caption><thead><tr><th scope="col"></th>');
      out.push(sample.toChannels.map((to) => `<th scope="col" class="num">${escapeHtml(channelName(to))}</th>`).join(''));
      out.push('</tr></thead><tbody>');
      for (const from of sample.fromChannels) {
        out.push(`<tr><th scope="row" class="channel">${escapeHtml(channelName(from))}</th>`);
        for (const to of sample.toChannels) {
          const events = count.get(JSON.stringify([from, to]));
          out.push(`<td class="num">${events === undefined ? '·' : number(events)}</td>`);
        }
        out.push('</tr>');
      }
      out.push('</tbody></table></div>');
    }
    out.push('</section>');
  } else {
    out.push('<p class="muted">No sample events for these rules: the counts of moved events need a sample (see the preview).</p>');
  }
  return out.join('\n');
}

function moveRow(move: ChannelMove, withSample: boolean): string {
  const cells = [
    `<td>${escapeHtml(channelName(move.from))}</td>`,
    `<td>${escapeHtml(channelName(move.to))}</td>`,
    `<td class="value">${escapeHtml(describeEvent(move.example.event))}${move.example.source === 'sample' ? ` <span class="muted">(line ${escapeHtml(sampleLineText(move.example))} of the sample)</span>` : ''}</td>`,
    `<td>${outcome(move.example.base)}</td>`,
    `<td>${outcome(move.example.head)}</td>`,
  ];
  if (withSample) cells.push(`<td class="num">${number(move.sampleEvents ?? 0)}</td>`);
  return `<tr>${cells.join('')}</tr>`;
}

function outcome(value: Outcome): string {
  switch (value.kind) {
    case 'rule':
      return ruleLink(value.rule);
    case 'otherwise':
      return '<code>otherwise</code>';
    case 'unclassified':
      return '<span class="muted">no rule</span>';
  }
}

function ruleChangeRows(diff: RulesDiff): string[] {
  const rules = diff.rules;
  const row = (change: string, channel: string, before: RuleRef | undefined, after: RuleRef | undefined, text: string) =>
    `<tr><td>${change}</td><td>${escapeHtml(channel)}</td><td>${before === undefined ? '' : ruleLink(before)}</td><td>${after === undefined ? '' : ruleLink(after)}</td><td class="value">${text}</td></tr>`;
  return [
    ...rules.added.map((ref) => row('added', ref.channel, undefined, ref, escapeHtml(ref.text))),
    ...rules.removed.map((ref) => row('removed', ref.channel, ref, undefined, escapeHtml(ref.text))),
    ...rules.changed.map((pair) =>
      row(
        'changed',
        pair.base.channel === pair.head.channel ? pair.head.channel : `${pair.base.channel} → ${pair.head.channel}`,
        pair.base,
        pair.head,
        `${escapeHtml(pair.base.text)} <span class="muted">→</span> ${escapeHtml(pair.head.text)}`,
      ),
    ),
    ...rules.moved.map((pair) => row('moved', pair.head.channel, pair.base, pair.head, escapeHtml(pair.head.text))),
  ];
}

/** A rule's line, clickable: reveals it (the head in the editor, the base in the text diff). */
function ruleLink(ref: RuleRef): string {
  const label = `${ref.version === 'base' ? 'old' : 'new'} line ${ref.line}`;
  return `<button class="link" type="button" data-version="${ref.version}" data-line="${ref.line}" title="${escapeAttribute(ref.text)}">${label}</button>`;
}

function channelName(channel: string | null): string {
  return channel === null ? '(unclassified)' : channel;
}

function number(value: number): string {
  return new Intl.NumberFormat('en-US').format(value);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function escapeAttribute(text: string): string {
  return escapeHtml(text);
}

/** The webview's script: constant text, no data. */
const WEBVIEW_SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  const text = (node) => (node.textContent || '').replace(/\\s+/g, ' ').trim();
  const tables = {};
  for (const table of document.querySelectorAll('table[id]')) {
    tables[table.id] = [...table.querySelectorAll('tr')].map((row) => [...row.children].map(text));
  }
  const moves = (tables['moves-table'] || []).slice(1);
  const summary = document.getElementById('summary');
  const alerts = [...document.querySelectorAll('.alert')].map(text);
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button') : null;
    if (!target) return;
    if (target.dataset.command === 'textDiff') vscode.postMessage({ type: 'textDiff' });
    else if (target.dataset.line) vscode.postMessage({ type: 'reveal', version: target.dataset.version, line: Number(target.dataset.line) });
  });
  vscode.postMessage({ type: 'rendered', state: { summary: summary ? text(summary) : '', moves, tables, alerts } });
})();
`;
