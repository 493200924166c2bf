// "Why this channel?": the selected event's fields, the rule that matched it and, for
// every earlier rule, the first condition that failed and the value it saw.

import type { EventExplanation, RuleSummary } from '../../engine/preview/protocol';
import { el } from '../dom';
import { lineReference } from '../format';
import { ruleLabel } from './explorer';

export function valueNode(value: string | null | undefined): HTMLElement {
  if (value === undefined) return el('span', { class: 'value-state' }, 'missing');
  if (value === null) return el('span', { class: 'value-state' }, 'null');
  if (value === '') return el('span', { class: 'value-state' }, '"" (empty)');
  return el('span', { class: 'value' }, value);
}

export function whyPanel(
  explanation: EventExplanation | undefined,
  pending: boolean,
  revealRule: ((rule: RuleSummary) => void) | undefined,
): HTMLElement {
  const root = el('section', { id: 'why', class: 'why', attrs: { 'aria-live': 'polite', 'aria-label': 'Why this channel' } });
  if (explanation === undefined) {
    root.appendChild(el('p', { class: 'muted' }, pending ? 'Explaining…' : 'Select an event to see why it got its channel.'));
    return root;
  }
  const ruleRef = (rule: RuleSummary): HTMLElement =>
    revealRule === undefined
      ? el('span', { class: 'rule-ref' }, ruleLabel(rule))
      : el('button', { type: 'button', class: 'link rule-link', on: { click: () => revealRule(rule) }, title: 'Reveal in the editor' }, ruleLabel(rule));

  root.appendChild(el('h3', {}, `Event at line ${lineReference(explanation.line, explanation.entry)}`));
  const verdict = el('p', { class: 'verdict' });
  if (explanation.matched !== undefined) {
    verdict.append('Channel ', el('strong', {}, explanation.channel ?? ''), ' from ', ruleRef(explanation.matched), ': ');
    verdict.append(el('code', {}, explanation.matched.text));
  } else if (explanation.byOtherwise) {
    verdict.append('No rule matched; ', el('code', {}, 'otherwise'), ' gives ', el('strong', {}, explanation.channel ?? ''), '.');
  } else {
    verdict.append('No rule matched and there is no ', el('code', {}, 'otherwise'), ': the event is unclassified.');
  }
  root.appendChild(verdict);

  if (explanation.failed.length > 0) {
    root.appendChild(el('h4', {}, explanation.matched === undefined ? 'Every rule failed' : 'Earlier rules that failed'));
    root.appendChild(
      el(
        'ol',
        { class: 'failed-rules' },
        ...explanation.failed.map((failure) =>
          el(
            'li',
            {},
            ruleRef(failure.rule),
            ` (${failure.rule.channel}): `,
            el('code', {}, failure.condition),
            ' failed',
            ...(failure.field === undefined
              ? []
              : ['; ', el('code', {}, failure.field), ' is ', valueNode(failure.value)]),
          ),
        ),
      ),
    );
  }

  const fieldTable = (fields: Array<[string, string | null]>) =>
    el(
      'table',
      { class: 'fields' },
      el('tbody', {}, fields.map(([name, value]) => el('tr', {}, el('th', { attrs: { scope: 'row' } }, name), el('td', {}, valueNode(value))))),
    );
  if (explanation.mapped === undefined) {
    root.appendChild(el('h4', {}, 'Fields'));
    root.appendChild(fieldTable(explanation.fields));
    return root;
  }
  // The raw record beside what the rules read of it through the source system's mapping.
  root.appendChild(
    el(
      'div',
      { class: 'side-by-side' },
      el('section', { class: 'raw-record' }, el('h4', {}, 'Raw record'), fieldTable(explanation.fields)),
      el('section', { class: 'mapped-fields' }, el('h4', {}, 'Mapped fields (what the rules read)'), fieldTable(explanation.mapped)),
    ),
  );
  return root;
}
