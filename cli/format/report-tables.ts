// The report of SPEC §4–6 as tables (shared by the text and Markdown formats).

import type { AttributionRow, ChannelReport } from '../../engine/report/report';
import { formatDecimal, formatInteger, plural, type Table } from './table';

export interface TitledTable {
  title: string;
  table: Table;
}

export function reportTables(report: ChannelReport): TitledTable[] {
  const tables: TitledTable[] = [];
  tables.push({
    title: 'Channels (all event types)',
    table: {
      headers: ['channel', 'uniques', 'totals'],
      rows: report.channels.map((row) => [row.channel, formatInteger(row.uniques), formatInteger(row.totals)]),
    },
  });
  const eventTypes = [...new Set(report.channels.flatMap((row) => Object.keys(row.byEventType)))];
  for (const eventType of eventTypes) {
    tables.push({
      title: `Channels: ${eventType}`,
      table: {
        headers: ['channel', 'uniques', 'totals'],
        rows: report.channels
          // Own keys only: an event type named `toString` is no channel's unless counted.
          .filter((row) => Object.hasOwn(row.byEventType, eventType))
          .map((row) => {
            const counts = row.byEventType[eventType]!;
            return [row.channel, formatInteger(counts.uniques), formatInteger(counts.totals)];
          }),
      },
    });
  }
  tables.push({
    title: `Sessions (${formatInteger(report.sessionCount)} in all)`,
    table: {
      headers: ['channel', 'totals', 'entries', 'exits'],
      rows: report.sessions.map((row) => [row.channel, formatInteger(row.totals), formatInteger(row.entries), formatInteger(row.exits)]),
    },
  });
  const models = Object.keys(report.attribution.models) as (keyof typeof report.attribution.models)[];
  if (models.length > 0) {
    const channels = [...new Set(models.flatMap((model) => report.attribution.models[model]!.map((row) => row.channel)))];
    // Each model's row for each channel, by position (10,000 channels: a lookup per cell
    // in eight maps of 10,000 rows cost more per channel the more channels there were).
    const aligned = models.map((model) => rowsInOrder(report.attribution.models[model]!, channels));
    const rows = (value: (row: AttributionRow) => string): string[][] =>
      channels.map((channel, position) => {
        const cells = [channel];
        for (const modelRows of aligned) {
          const row = modelRows[position];
          cells.push(row === undefined ? '0' : value(row));
        }
        return cells;
      });
    const title = `conversion "${report.attribution.conversion}", lookback ${report.attribution.lookback}`;
    tables.push({
      title: `Attribution totals (credit; ${title})`,
      table: { headers: ['channel', ...models], rows: rows((row) => formatDecimal(row.totals)) },
    });
    tables.push({
      title: `Attribution uniques (users credited; ${title})`,
      table: { headers: ['channel', ...models], rows: rows((row) => formatInteger(row.uniques)) },
    });
  }
  return tables;
}

/**
 * A model's rows in the order of `channels` (undefined where it has none): the rows
 * themselves when they are already in that order, as in every report the engine builds.
 * Else by name, the last row of a name winning.
 */
function rowsInOrder(rows: readonly AttributionRow[], channels: readonly string[]): readonly (AttributionRow | undefined)[] {
  if (rows.length === channels.length && rows.every((row, position) => row.channel === channels[position])) return rows;
  const byName = new Map(rows.map((row) => [row.channel, row]));
  return channels.map((channel) => byName.get(channel));
}

export function reportSummary(report: ChannelReport): string {
  return [
    plural(report.events, 'event'),
    `${formatInteger(report.skipped)} skipped`,
    plural(report.users, 'user'),
    plural(report.sessionCount, 'session'),
  ].join(' · ');
}
