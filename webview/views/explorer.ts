// The event explorer: every sample event with its time, user, session, channel and
// the rule that gave it, filterable by channel and by rule. Virtualised: only the rows
// in view exist in the DOM, so 100,000 events scroll as fast as 100.

import type { RuleSummary } from '../../engine/preview/protocol';
import { el, replaceChildren } from '../dom';
import { formatNumber, formatTime, lineReference } from '../format';
import { channelOfEvent, ruleByIndex, UNCLASSIFIED, type Model } from '../model';

export const ROW_HEIGHT = 22;
const OVERSCAN = 8;
const ALL = '\u0000all';

export interface ExplorerCallbacks {
  select(eventIndex: number | null): void;
  filter(channel: string | null, rule: number | null): void;
  revealRule(rule: RuleSummary): void;
  scrolled(scrollTop: number): void;
}

export function ruleLabel(rule: RuleSummary): string {
  return rule.index === -1 ? `otherwise (line ${rule.line})` : `line ${rule.line}`;
}

export class ExplorerView {
  readonly root: HTMLElement;
  private readonly channelSelect: HTMLSelectElement;
  private readonly ruleSelect: HTMLSelectElement;
  private readonly clearButton: HTMLButtonElement;
  private readonly countLabel: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly followNote: HTMLElement;
  private model: Model | undefined;
  private filtered: Int32Array = new Int32Array(0);
  private framePending = false;
  private renderedRange = { from: -1, to: -1, version: -1 };
  private version = 0;
  /** The viewport's height and scroll offset, tracked rather than read: reading them right after the tables changed would force a layout. */
  private viewportHeight = 360;
  private scrollTop = 0;

  constructor(private readonly callbacks: ExplorerCallbacks) {
    this.channelSelect = el('select', {
      id: 'explorer-channel',
      on: { change: () => this.emitFilter() },
    });
    this.ruleSelect = el('select', {
      id: 'explorer-rule',
      on: { change: () => this.emitFilter() },
    });
    this.clearButton = el(
      'button',
      { id: 'explorer-clear', type: 'button', class: 'secondary', on: { click: () => this.callbacks.filter(null, null) } },
      'Show all',
    );
    this.countLabel = el('span', { id: 'explorer-count', class: 'muted', attrs: { 'aria-live': 'polite' } });
    this.followNote = el('span', { id: 'explorer-follow', class: 'muted' });
    this.spacer = el('div', { class: 'explorer-spacer' });
    this.viewport = el('div', {
      id: 'explorer-grid',
      class: 'explorer-viewport',
      role: 'grid',
      tabIndex: 0,
      attrs: { 'aria-label': 'Sample events', 'aria-readonly': 'true' },
      on: {
        scroll: () => {
          this.scrollTop = this.viewport.scrollTop;
          this.scheduleRows();
          this.callbacks.scrolled(this.scrollTop);
        },
        keydown: (event) => this.onKey(event),
      },
    });
    this.viewport.appendChild(this.spacer);
    new ResizeObserver(() => {
      const height = this.viewport.clientHeight;
      if (height > 0 && height !== this.viewportHeight) {
        this.viewportHeight = height;
        this.scheduleRows();
      }
    }).observe(this.viewport);
    const header = el(
      'div',
      { class: 'explorer-row explorer-header', role: 'row' },
      ...['Line', 'Time (UTC)', 'User', 'Session', 'Event type', 'Channel', 'Rule'].map((name) =>
        el('div', { role: 'columnheader', class: 'cell' }, name),
      ),
    );
    this.root = el(
      'div',
      { class: 'explorer' },
      el(
        'div',
        { class: 'toolbar', role: 'group', attrs: { 'aria-label': 'Explorer filters' } },
        el('label', { attrs: { for: 'explorer-channel' } }, 'Channel'),
        this.channelSelect,
        el('label', { attrs: { for: 'explorer-rule' } }, 'Rule'),
        this.ruleSelect,
        this.clearButton,
        this.countLabel,
        this.followNote,
      ),
      el('div', { class: 'explorer-table' }, header, this.viewport),
    );
  }

  /** New data or filters: rebuild the filter menus and the rows. */
  update(model: Model, filtered: Int32Array): void {
    this.model = model;
    this.filtered = filtered;
    this.version++;
    // A zip sample's lines are `<entry>:<line>`: a wider, left-aligned Line column.
    this.root.classList.toggle('with-entries', model.sample?.entryOf !== undefined);
    this.updateFilters(model);
    const total = model.sample?.count ?? 0;
    const whole = model.totalEvents !== undefined && model.totalEvents > total ? ` (the first ${formatNumber(total)} of ${formatNumber(model.totalEvents)} are embedded)` : '';
    this.countLabel.textContent =
      filtered.length === total ? `${formatNumber(total)} events${whole}` : `${formatNumber(filtered.length)} of ${formatNumber(total)} events${whole}`;
    this.followNote.textContent = model.ruleFilterFromCursor && model.ruleFilter !== null ? 'following the editor cursor' : '';
    this.viewport.setAttribute('aria-rowcount', String(filtered.length + 1));
    this.spacer.style.height = `${filtered.length * ROW_HEIGHT}px`;
    // A shorter list clamps the scroll offset (the browser's scroll event comes later).
    this.scrollTop = Math.max(0, Math.min(this.scrollTop, filtered.length * ROW_HEIGHT - this.viewportHeight));
    this.renderRows();
  }

  /** The selection moved: redraw rows (cheap) and keep the selected row in view. */
  updateSelection(model: Model, scrollIntoView: boolean): void {
    this.model = model;
    this.version++;
    if (scrollIntoView && model.selectedEvent !== null) {
      const position = this.positionOf(model.selectedEvent);
      if (position >= 0) {
        const top = position * ROW_HEIGHT;
        if (top < this.scrollTop) this.setScrollTop(top);
        else if (top + ROW_HEIGHT > this.scrollTop + this.viewportHeight) this.setScrollTop(top + ROW_HEIGHT - this.viewportHeight);
      }
    }
    this.renderRows();
  }

  restoreScroll(scrollTop: number): void {
    this.setScrollTop(scrollTop);
    this.renderRows();
  }

  private setScrollTop(scrollTop: number): void {
    this.viewport.scrollTop = scrollTop;
    this.scrollTop = Math.max(0, Math.min(scrollTop, this.filtered.length * ROW_HEIGHT - this.viewportHeight));
  }

  private positionOf(eventIndex: number): number {
    // filtered is sorted (file order): binary search.
    let lo = 0;
    let hi = this.filtered.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const value = this.filtered[mid]!;
      if (value === eventIndex) return mid;
      if (value < eventIndex) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private updateFilters(model: Model): void {
    const results = model.results;
    const channels = results === undefined ? [] : [...results.channelNames];
    if (results !== undefined && !channels.includes(UNCLASSIFIED) && results.ruleOf.includes(-2)) channels.push(UNCLASSIFIED);
    replaceChildren(
      this.channelSelect,
      el('option', { attrs: { value: ALL } }, 'All channels'),
      ...channels.map((channel) => el('option', { attrs: { value: channel } }, channel)),
    );
    this.channelSelect.value = model.channelFilter ?? ALL;
    const rules = results?.rules ?? [];
    replaceChildren(
      this.ruleSelect,
      el('option', { attrs: { value: ALL } }, 'All rules'),
      ...rules.map((rule) => el('option', { attrs: { value: String(rule.index) } }, `${ruleLabel(rule)}: ${rule.channel} (${rule.text})`)),
      el('option', { attrs: { value: '-2' } }, 'no rule (unclassified)'),
    );
    this.ruleSelect.value = model.ruleFilter === null ? ALL : String(model.ruleFilter);
    this.clearButton.disabled = model.channelFilter === null && model.ruleFilter === null;
  }

  private emitFilter(): void {
    const channel = this.channelSelect.value === ALL ? null : this.channelSelect.value;
    const rule = this.ruleSelect.value === ALL ? null : Number(this.ruleSelect.value);
    this.callbacks.filter(channel, rule);
  }

  private scheduleRows(): void {
    if (this.framePending) return;
    this.framePending = true;
    requestAnimationFrame(() => {
      this.framePending = false;
      this.renderRows();
    });
  }

  private renderRows(): void {
    const model = this.model;
    const height = this.viewportHeight;
    const from = Math.max(0, Math.floor(this.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const to = Math.min(this.filtered.length, Math.ceil((this.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    if (this.renderedRange.from === from && this.renderedRange.to === to && this.renderedRange.version === this.version) return;
    this.renderedRange = { from, to, version: this.version };
    const rows: HTMLElement[] = [];
    if (model?.sample !== undefined && model.results !== undefined) {
      for (let position = from; position < to; position++) rows.push(this.row(model, this.filtered[position]!, position));
    }
    replaceChildren(this.spacer, rows);
    const selected = model?.selectedEvent;
    const active = selected === null || selected === undefined ? null : this.spacer.querySelector(`#ev-row-${selected}`);
    if (active !== null) this.viewport.setAttribute('aria-activedescendant', active.id);
    else this.viewport.removeAttribute('aria-activedescendant');
  }

  private row(model: Model, eventIndex: number, position: number): HTMLElement {
    const sample = model.sample!;
    const results = model.results!;
    const ruleIndex = results.ruleOf[eventIndex]!;
    const rule = ruleIndex === -2 ? undefined : ruleByIndex(results, ruleIndex);
    const session = results.sessionOf[eventIndex]!;
    const type = sample.typeOf[eventIndex]!;
    const selected = model.selectedEvent === eventIndex;
    const ruleCell =
      rule === undefined
        ? el('div', { role: 'gridcell', class: 'cell muted' }, 'none')
        : el(
            'div',
            { role: 'gridcell', class: 'cell' },
            model.host === 'vscode'
              ? el(
                  'button',
                  {
                    type: 'button',
                    class: 'link rule-link',
                    tabIndex: -1,
                    title: `Reveal ${ruleLabel(rule)} in the editor`,
                    on: {
                      click: (event) => {
                        event.stopPropagation();
                        this.callbacks.revealRule(rule);
                      },
                    },
                  },
                  ruleLabel(rule),
                )
              : ruleLabel(rule),
          );
    const row = el(
      'div',
      {
        id: `ev-row-${eventIndex}`,
        class: selected ? 'explorer-row selected' : 'explorer-row',
        role: 'row',
        attrs: { 'aria-rowindex': position + 2, 'aria-selected': selected ? 'true' : 'false' },
        dataset: { event: eventIndex },
        on: { click: () => this.callbacks.select(eventIndex) },
      },
      this.lineCell(sample, eventIndex),
      el('div', { role: 'gridcell', class: 'cell' }, formatTime(sample.times[eventIndex]!)),
      el('div', { role: 'gridcell', class: 'cell' }, sample.users[sample.userOf[eventIndex]!] ?? ''),
      el('div', { role: 'gridcell', class: session < 0 ? 'cell muted' : 'cell' }, session < 0 ? 'none' : `#${session + 1}`),
      el('div', { role: 'gridcell', class: 'cell' }, type < 0 ? '' : sample.eventTypes[type]!),
      el('div', { role: 'gridcell', class: 'cell channel' }, channelOfEvent(results, eventIndex)),
      ruleCell,
    );
    row.style.transform = `translateY(${position * ROW_HEIGHT}px)`;
    return row;
  }

  private lineCell(sample: NonNullable<Model['sample']>, eventIndex: number): HTMLElement {
    const line = sample.lines[eventIndex]!;
    const entryIndex = sample.entryOf?.[eventIndex] ?? -1;
    if (entryIndex < 0) return el('div', { role: 'gridcell', class: 'cell num' }, String(line));
    const reference = lineReference(line, sample.entries![entryIndex]);
    return el('div', { role: 'gridcell', class: 'cell line-ref', title: reference }, reference);
  }

  private onKey(event: KeyboardEvent): void {
    const model = this.model;
    if (model === undefined || this.filtered.length === 0) return;
    const page = Math.max(1, Math.floor(this.viewportHeight / ROW_HEIGHT) - 1);
    const current = model.selectedEvent === null ? -1 : this.positionOf(model.selectedEvent);
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = current + 1;
        break;
      case 'ArrowUp':
        next = current < 0 ? 0 : current - 1;
        break;
      case 'PageDown':
        next = current + page;
        break;
      case 'PageUp':
        next = current - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.filtered.length - 1;
        break;
      case 'Enter': {
        const rule = model.selectedEvent === null || model.results === undefined ? undefined : ruleByIndex(model.results, model.results.ruleOf[model.selectedEvent]!);
        if (rule !== undefined && model.host === 'vscode') this.callbacks.revealRule(rule);
        event.preventDefault();
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    next = Math.max(0, Math.min(this.filtered.length - 1, next));
    this.callbacks.select(this.filtered[next]!);
  }
}
