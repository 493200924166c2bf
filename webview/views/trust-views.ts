// SPEC §9 in the panel: the Agreement view (rate and confusion matrix; a cell filters
// the explorer to its events) and the Unassigned view (patterns, largest first; a row
// filters the explorer, and in VS Code "Add a rule…" proposes a rule for it).

import type { ReportJson } from '../../engine/preview/protocol';
import { agreementMatrix } from '../../engine/report/agreement-matrix';
import { channelsAgree } from '../../engine/report/channels-agree';
import { MISSING_VALUE, patternValueText, valueText } from '../../engine/report/pattern-value-text';
import { sharePercent } from '../../engine/text/share-percent';
import { el } from '../dom';
import { formatNumber, lineReference, plural } from '../format';
import { UNCLASSIFIED, type Model, type TrafficFilter } from '../model';

type AgreementJson = NonNullable<ReportJson['against']>;
type UnassignedJson = NonNullable<ReportJson['unassigned']>;

export function agreementView(model: Model, against: AgreementJson, onCell: (filter: TrafficFilter | null) => void): HTMLElement {
  if (against.events === 0) {
    return el('p', { id: 'agreement-summary', class: 'muted' }, `No sample event has a value in ${against.field}.`);
  }
  const { theirs, hidden, summed, ours, cells } = agreementMatrix(against);
  const summedKinds = summedColumnKinds(against, summed);
  const more = hidden > 0 ? `(${hidden} more)` : undefined;
  const active = model.trafficFilter?.kind === 'cell' ? model.trafficFilter : undefined;
  const cell = (channel: string | null, events: number, column: { values: readonly string[]; summed: boolean; kind: string }): HTMLElement => {
    if (events === 0) return el('td', { class: 'num muted' }, '·');
    const selected =
      active !== undefined && active.ours === channel && active.summed === column.summed && (column.summed || active.theirs[0] === column.values[0]);
    return el(
      'td',
      { class: `num ${column.kind}${selected ? ' selected' : ''}`.trimEnd() },
      el(
        'button',
        {
          type: 'button',
          class: 'link',
          attrs: {
            'data-ours': channel ?? '',
            ...(column.summed ? { 'data-summed': 'true' } : { 'data-theirs': column.values[0] }),
            'aria-pressed': selected ? 'true' : 'false',
          },
          on: { click: () => onCell(selected ? null : { kind: 'cell', ours: channel, theirs: column.values, summed: column.summed }) },
        },
        formatNumber(events),
      ),
    );
  };
  const table = el(
    'table',
    { id: 'agreement-table', class: 'report-table matrix' },
    el('caption', {}, `Rows: the rules' channel. Columns: ${against.field}. Click a cell to see its events.`),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { attrs: { scope: 'col' } }, 'Ours \\ theirs'),
        theirs.map((value) => el('th', { attrs: { scope: 'col' }, class: 'num' }, valueText(value, more))),
        more !== undefined
          ? el('th', { attrs: { scope: 'col' }, class: 'num synthetic', title: `${plural(hidden, 'less frequent value')} of ${against.field}, summed` }, more)
          : null,
      ),
    ),
    el(
      'tbody',
      {},
      ours.map((channel, row) =>
        el(
          'tr',
          {},
          el('th', { attrs: { scope: 'row' }, class: channel === null ? 'channel synthetic' : 'channel' }, channel === null ? UNCLASSIFIED : valueText(channel, UNCLASSIFIED)),
          theirs.map((value, column) =>
            cell(channel, cells[row]![column]!, { values: [value], summed: false, kind: channelsAgree(channel, value) ? 'agree' : 'disagree' }),
          ),
          hidden > 0 ? cell(channel, cells[row]![theirs.length]!, { values: summed, summed: true, kind: summedKinds.get(channel) ?? '' }) : null,
        ),
      ),
    ),
  );
  return el(
    'div',
    {},
    el(
      'p',
      { id: 'agreement-summary' },
      `${sharePercent(against.agree, against.events)} of ${plural(against.events, 'event')} with ${against.field} agree (${formatNumber(against.events - against.agree)} disagree).`,
    ),
    el('div', { class: 'table-scroll' }, table),
    disagreementList(against),
  );
}

/**
 * At most this many disagreements are listed (the largest; text and Markdown list them
 * all): a field of many distinct values would make the page a row per pair.
 */
const LISTED_DISAGREEMENTS = 100;

/** The disagreeing pairs, largest first (the engine's order), with their first event and the rule that gave it. */
function disagreementList(against: AgreementJson): HTMLElement | null {
  const disagreeing: AgreementJson['pairs'] = [];
  let count = 0;
  for (const pair of against.pairs) {
    if (channelsAgree(pair.ours, pair.theirs)) continue;
    if (count++ < LISTED_DISAGREEMENTS) disagreeing.push(pair);
  }
  if (count === 0) return null;
  const cut = count > disagreeing.length ? ` The ${disagreeing.length} largest of ${formatNumber(count)} are listed.` : '';
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { id: 'disagreement-table', class: 'report-table' },
      el('caption', {}, `Disagreements, largest first, with the first event and the rule that gave it.${cut}`),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { attrs: { scope: 'col' } }, 'Ours'),
          el('th', { attrs: { scope: 'col' } }, 'Theirs'),
          el('th', { attrs: { scope: 'col' }, class: 'num' }, 'Events'),
          el('th', { attrs: { scope: 'col' }, class: 'num' }, 'First line'),
          el('th', { attrs: { scope: 'col' } }, 'Rule'),
        ),
      ),
      el(
        'tbody',
        {},
        disagreeing.map((pair) =>
          el(
            'tr',
            {},
            el('td', { class: pair.ours === null ? 'synthetic' : '' }, pair.ours === null ? UNCLASSIFIED : valueText(pair.ours, UNCLASSIFIED)),
            el('td', {}, valueText(pair.theirs)),
            el('td', { class: 'num' }, formatNumber(pair.events)),
            el('td', { class: 'num' }, lineReference(pair.example.line, pair.example.entry)),
            el('td', { class: pair.example.rule === null ? 'synthetic' : '' }, pair.example.rule ?? '(none)'),
          ),
        ),
      ),
    ),
  );
}

/**
 * Per row, how a cell of the summed "(N more)" column is coloured: `agree` or
 * `disagree` when all of its values do so with the row's channel, none when it mixes
 * both (one pass over the pairs).
 */
function summedColumnKinds(against: AgreementJson, summed: readonly string[]): Map<string | null, string> {
  const values = new Set(summed);
  const kinds = new Map<string | null, string>();
  for (const pair of against.pairs) {
    if (!values.has(pair.theirs)) continue;
    const kind = channelsAgree(pair.ours, pair.theirs) ? 'agree' : 'disagree';
    const before = kinds.get(pair.ours);
    kinds.set(pair.ours, before === undefined || before === kind ? kind : '');
  }
  return kinds;
}

export function unassignedView(
  model: Model,
  unassigned: UnassignedJson,
  onPattern: (filter: TrafficFilter | null) => void,
  onAddRule: ((pattern: number) => void) | undefined,
): HTMLElement {
  if (unassigned.events === 0) return el('p', { id: 'unassigned-summary', class: 'muted' }, 'Every sample event got a channel from a rule.');
  const active = model.trafficFilter?.kind === 'pattern' ? model.trafficFilter.index : undefined;
  const table = el(
    'table',
    { id: 'unassigned-table', class: 'report-table' },
    el('caption', {}, 'Events that got the otherwise channel or none, by the traffic fields the rules test. Click a row to see its events.'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...unassigned.fields.map((field) => el('th', { attrs: { scope: 'col' } }, field)),
        el('th', { attrs: { scope: 'col' }, class: 'num' }, 'Events'),
        el('th', { attrs: { scope: 'col' }, class: 'num' }, 'Users'),
        onAddRule === undefined ? null : el('th', { attrs: { scope: 'col' } }, ''),
      ),
    ),
    el(
      'tbody',
      {},
      ...unassigned.patterns.map((pattern, index) =>
        el(
          'tr',
          { class: active === index ? 'selected' : '', attrs: { 'data-pattern': String(index) } },
          ...unassigned.fields.map((field, column) => {
            const value = pattern.fields[field] ?? null;
            // The marker is set apart from any value's text (italic, with a title) as well as by patternValueText's quoting.
            const label =
              value === null ? el('em', { class: 'missing', title: `No value: ${field} is missing or null` }, MISSING_VALUE) : patternValueText(value);
            const cell = el('td', { class: value === null ? 'muted' : '' });
            if (column === 0) {
              cell.append(
                el(
                  'button',
                  {
                    type: 'button',
                    class: 'link',
                    attrs: { 'aria-pressed': active === index ? 'true' : 'false' },
                    on: { click: () => onPattern(active === index ? null : { kind: 'pattern', index }) },
                  },
                  label,
                ),
              );
            } else {
              cell.append(label);
            }
            return cell;
          }),
          el('td', { class: 'num' }, formatNumber(pattern.events)),
          el('td', { class: 'num' }, formatNumber(pattern.users)),
          onAddRule === undefined
            ? null
            : el(
                'td',
                {},
                el('button', { type: 'button', class: 'secondary add-rule', on: { click: () => onAddRule(index) } }, 'Add a rule for this traffic…'),
              ),
        ),
      ),
    ),
  );
  const cut = unassigned.patternCount > unassigned.patterns.length ? ` The ${unassigned.patterns.length} largest of ${formatNumber(unassigned.patternCount)} patterns are listed.` : '';
  return el(
    'div',
    {},
    el(
      'p',
      { id: 'unassigned-summary' },
      `${plural(unassigned.events, 'event')} got the otherwise channel or none.${cut}`,
      unassigned.fields.length === 0 ? ' The rules test none of utm_source, utm_medium, utm_campaign, referring_domain, so all of them form one pattern.' : '',
    ),
    el('div', { class: 'table-scroll' }, table),
  );
}
