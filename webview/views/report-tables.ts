// The report's three tables (SPEC §4–6): channels (uniques and totals for one event
// type and for all events), sessions (totals, entries, exits) and attribution (every
// chosen model side by side).

import type { ReportJson } from '../../engine/preview/protocol';
import { el } from '../dom';
import { formatNumber } from '../format';
import { channelOrder, NO_TOUCH, UNCLASSIFIED, type Model } from '../model';

export const MODEL_LABELS: Record<string, string> = {
  first_touch: 'First touch',
  last_touch: 'Last touch',
  linear: 'Linear',
  participation: 'Participation',
  position_based: 'Position based',
  j_shaped: 'J-shaped',
  inverse_j_shaped: 'Inverse J-shaped',
  time_decay: 'Time decay',
};

export function modelLabel(model: string): string {
  return MODEL_LABELS[model] ?? model;
}

/** A cell that is a channel name; the synthetic rows are styled apart. */
function channelCell(channel: string): HTMLTableCellElement {
  const synthetic = channel === UNCLASSIFIED || channel === NO_TOUCH;
  return el('th', { attrs: { scope: 'row' }, class: synthetic ? 'channel synthetic' : 'channel' }, channel);
}

function numberCell(value: number | undefined): HTMLTableCellElement {
  return el('td', { class: 'num' }, value === undefined ? '' : formatNumber(value));
}

export function channelsTable(model: Model, report: ReportJson, eventType: string | undefined): HTMLTableElement {
  const byChannel = new Map(report.channels.map((row) => [row.channel, row]));
  const rows = channelOrder(
    model,
    report.channels.map((row) => row.channel),
  );
  const typeLabel = eventType ?? 'event type';
  return el(
    'table',
    { id: 'channels-table', class: 'report-table' },
    el('caption', {}, `Uniques and totals per channel: ${eventType === undefined ? 'no event type chosen' : `"${eventType}"`} and all events`),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { attrs: { scope: 'col', rowspan: 2 } }, 'Channel'),
        el('th', { attrs: { scope: 'colgroup', colspan: 2 } }, typeLabel),
        el('th', { attrs: { scope: 'colgroup', colspan: 2 } }, 'All events'),
      ),
      el(
        'tr',
        {},
        el('th', { attrs: { scope: 'col' }, class: 'num' }, 'Uniques'),
        el('th', { attrs: { scope: 'col' }, class: 'num' }, 'Totals'),
        el('th', { attrs: { scope: 'col' }, class: 'num' }, 'Uniques'),
        el('th', { attrs: { scope: 'col' }, class: 'num' }, 'Totals'),
      ),
    ),
    el(
      'tbody',
      {},
      ...rows.map((channel) => {
        const row = byChannel.get(channel);
        const typed = eventType === undefined ? undefined : row?.byEventType[eventType];
        return el(
          'tr',
          { dataset: { channel } },
          channelCell(channel),
          numberCell(typed?.uniques ?? 0),
          numberCell(typed?.totals ?? 0),
          numberCell(row?.uniques ?? 0),
          numberCell(row?.totals ?? 0),
        );
      }),
    ),
  );
}

export function sessionsTable(model: Model, report: ReportJson): HTMLTableElement {
  const byChannel = new Map(report.sessions.map((row) => [row.channel, row]));
  const rows = channelOrder(
    model,
    report.sessions.map((row) => row.channel),
  );
  return el(
    'table',
    { id: 'sessions-table', class: 'report-table' },
    el('caption', {}, `Sessions per channel (${formatNumber(report.sessionCount)} ${report.sessionCount === 1 ? 'session' : 'sessions'})`),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { attrs: { scope: 'col' } }, 'Channel'),
        el('th', { attrs: { scope: 'col' }, class: 'num', title: 'Sessions with at least one event of the channel' }, 'Sessions'),
        el('th', { attrs: { scope: 'col' }, class: 'num', title: "Sessions whose first classified event has the channel" }, 'Entries'),
        el('th', { attrs: { scope: 'col' }, class: 'num', title: "Sessions whose last classified event has the channel" }, 'Exits'),
      ),
    ),
    el(
      'tbody',
      {},
      ...rows.map((channel) => {
        const row = byChannel.get(channel);
        return el('tr', { dataset: { channel } }, channelCell(channel), numberCell(row?.totals ?? 0), numberCell(row?.entries ?? 0), numberCell(row?.exits ?? 0));
      }),
    ),
    el(
      'tfoot',
      {},
      el('tr', {}, el('th', { attrs: { scope: 'row' } }, 'Sessions'), numberCell(report.sessionCount), el('td'), el('td')),
    ),
  );
}

/** The models to show: those in the report, in the order chosen. */
export function shownModels(report: ReportJson, chosen: readonly string[]): string[] {
  const present = Object.keys(report.attribution.models);
  const ordered = chosen.filter((model) => present.includes(model));
  return ordered.length > 0 || chosen.length > 0 ? ordered : present;
}

export function attributionTable(model: Model, report: ReportJson, models: readonly string[]): HTMLTableElement {
  const byModel = new Map(models.map((name) => [name, new Map((report.attribution.models[name] ?? []).map((row) => [row.channel, row]))]));
  // Every channel of the report, not only those with credit: a zero is an answer too.
  const rows = channelOrder(model, [
    ...report.channels.map((row) => row.channel),
    ...models.flatMap((name) => (report.attribution.models[name] ?? []).map((row) => row.channel)),
  ]).filter((channel) => channel !== UNCLASSIFIED);
  return el(
    'table',
    { id: 'attribution-table', class: 'report-table' },
    el(
      'caption',
      {},
      `Attribution of "${report.attribution.conversion}" conversions, lookback ${report.attribution.lookback}`,
    ),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { attrs: { scope: 'col', rowspan: 2 } }, 'Channel'),
        ...models.map((name) => el('th', { attrs: { scope: 'colgroup', colspan: 2 }, dataset: { model: name } }, modelLabel(name))),
      ),
      el(
        'tr',
        {},
        ...models.flatMap(() => [
          el('th', { attrs: { scope: 'col' }, class: 'num' }, 'Uniques'),
          el('th', { attrs: { scope: 'col' }, class: 'num' }, 'Totals'),
        ]),
      ),
    ),
    el(
      'tbody',
      {},
      ...rows.map((channel) =>
        el(
          'tr',
          { dataset: { channel } },
          channelCell(channel),
          ...models.flatMap((name) => {
            const row = byModel.get(name)?.get(channel);
            return [numberCell(row?.uniques ?? 0), numberCell(row?.totals ?? 0)];
          }),
        ),
      ),
    ),
  );
}

/** A table as text, row by row (header rows included), for tests and the rendered-state report. */
export function tableText(table: HTMLTableElement | null): string[][] {
  if (table === null) return [];
  return Array.from(table.rows, (row) => Array.from(row.cells, (cell) => cell.textContent ?? ''));
}
