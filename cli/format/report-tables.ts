// The report of SPEC §4–6 as tables (shared by the text and Markdown formats).

import type { ChannelReport } from '../../engine/report/report';
import { formatDecimal, formatInteger, type Table } from './table';

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
          .filter((row) => row.byEventType[eventType] !== undefined)
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
    // Each model's rows by channel: a lookup per cell, not a scan (10,000 channels).
    const rowsOf = new Map(models.map((model) => [model, new Map(report.attribution.models[model]!.map((row) => [row.channel, row]))]));
    const cell = (model: (typeof models)[number], channel: string, key: 'uniques' | 'totals') => {
      const row = rowsOf.get(model)!.get(channel);
      if (row === undefined) return '0';
      return key === 'uniques' ? formatInteger(row.uniques) : formatDecimal(row.totals);
    };
    const title = `conversion "${report.attribution.conversion}", lookback ${report.attribution.lookback}`;
    tables.push({
      title: `Attribution totals (credit; ${title})`,
      table: { headers: ['channel', ...models], rows: channels.map((channel) => [channel, ...models.map((m) => cell(m, channel, 'totals'))]) },
    });
    tables.push({
      title: `Attribution uniques (users credited; ${title})`,
      table: { headers: ['channel', ...models], rows: channels.map((channel) => [channel, ...models.map((m) => cell(m, channel, 'uniques'))]) },
    });
  }
  return tables;
}

export function reportSummary(report: ChannelReport): string {
  return [
    `${formatInteger(report.events)} events`,
    `${formatInteger(report.skipped)} skipped`,
    `${formatInteger(report.users)} users`,
    `${formatInteger(report.sessionCount)} sessions`,
  ].join(' · ');
}
