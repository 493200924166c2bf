// Events as a warehouse table for the report SQL: one row per event, with the columns
// the report reads (user, time in epoch ms, event type, session id, the input line for
// ties) and one per rule field, each read with the engine's own lookups. A row the
// engine would skip (no user, no time) keeps NULLs there, and the SQL skips it too.

import { emptyReport } from '../../support/empty-report';
import type { CheckedRules } from '../../../engine/check/checked-rules';
import type { EventProps } from '../../../engine/events/event';
import { readEventMeta, SESSION_FIELD } from '../../../engine/events/event-meta';
import { fieldAccessor } from '../../../engine/events/fields';
import type { ChannelReport } from '../../../engine/report/report';
import type { ReportColumns } from '../../../engine/sql/compile-report-sql';
import type { SqlDatabase } from './duckdb';

export const META_COLUMNS = ['r_line', 'r_user', 'r_time', 'r_event_type', 'r_session'];

export const TABLE_REPORT_COLUMNS: ReportColumns = {
  user: { kind: 'column', name: 'r_user' },
  time: { kind: 'expression', sql: 'CAST("r_time" AS BIGINT)' },
  eventType: { kind: 'column', name: 'r_event_type' },
  session: { kind: 'column', name: 'r_session' },
  order: { kind: 'expression', sql: 'CAST("r_line" AS BIGINT)' },
};

export async function loadReportTable(db: SqlDatabase, rules: CheckedRules, events: EventProps[]): Promise<void> {
  const session = fieldAccessor(SESSION_FIELD);
  const rows = events.map((props, line) => {
    const meta = readEventMeta(props);
    const known = typeof meta === 'string' ? undefined : meta;
    const sessionValue = session(props);
    return [
      String(line + 1),
      known?.user ?? null,
      known === undefined ? null : String(known.time),
      known?.eventType ?? null,
      sessionValue ?? null,
      ...rules.fields.map((field) => fieldAccessor(field)(props) ?? null),
    ];
  });
  await db.load('events', [...META_COLUMNS, ...rules.fields], rows);
}

/** The long rows of the report SQL as the §7.1 JSON report. */
export function reportFromRows(rows: unknown[][], conversion: string, lookback: string): ChannelReport {
  const report = emptyReport(conversion, lookback);
  for (const [section, model, channel, eventType, metric, raw] of rows as [string, string | null, string | null, string | null, string, number][]) {
    const value = Number(raw);
    if (section === 'summary') {
      (report as unknown as Record<string, number>)[metric] = value;
    } else if (section === 'channels') {
      let row = report.channels.find((candidate) => candidate.channel === channel);
      if (row === undefined) report.channels.push((row = { channel: channel!, uniques: 0, totals: 0, byEventType: {} }));
      if (eventType === null) row[metric as 'uniques' | 'totals'] = value;
      else (row.byEventType[eventType] ??= { uniques: 0, totals: 0 })[metric as 'uniques' | 'totals'] = value;
    } else if (section === 'sessions') {
      let row = report.sessions.find((candidate) => candidate.channel === channel);
      if (row === undefined) report.sessions.push((row = { channel: channel!, totals: 0, entries: 0, exits: 0 }));
      row[metric as 'totals' | 'entries' | 'exits'] = value;
    } else if (section === 'attribution') {
      const list = (report.attribution.models[model as keyof ChannelReport['attribution']['models']] ??= []);
      let row = list.find((candidate) => candidate.channel === channel);
      if (row === undefined) list.push((row = { channel: channel!, uniques: 0, totals: 0 }));
      row[metric as 'uniques' | 'totals'] = value;
    } else {
      throw new Error(`unexpected section ${section}`);
    }
  }
  return report;
}
