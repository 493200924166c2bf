// The §7.1 report from classified events: columns (user, time, type, session id per
// event), the channel of each event, and the channel order. Pure apart from the
// optional `checkpoint`, awaited between stages so long runs can be cancelled.

import { attribute } from './attribution';
import { countChannels } from './channel-counts';
import type { EventColumns } from './event-columns';
import { NO_TOUCH_CHANNEL, UNCLASSIFIED_CHANNEL, type AttributionRow, type ChannelReport, type ChannelRow, type SessionRow } from './report';
import type { ReportSettings } from './report-settings';
import { assignSessions, countSessions } from './sessions';
import { userTimeline } from './user-timeline';

export interface ReportInput {
  columns: EventColumns;
  /** Channel index (into channelNames) per event; -1 when the event has no channel. */
  channelOf: Int32Array;
  /** Channels in report order: the rules' order of first appearance (CheckedRules.channels). */
  channelNames: readonly string[];
  /** Lines skipped while reading. */
  skipped: number;
}

export interface BuiltReport {
  report: ChannelReport;
  /** Session number per event (sessions numbered in order of first appearance); -1 for none. */
  sessionOf: Int32Array;
}

export async function buildReport(
  input: ReportInput,
  settings: ReportSettings,
  checkpoint: () => void | Promise<void> = () => undefined,
): Promise<BuiltReport> {
  const { columns, channelOf, channelNames } = input;
  const channelCount = channelNames.length;
  const timeline = userTimeline(columns);
  await checkpoint();
  const sessions = assignSessions(columns, timeline, settings.sessionTimeout.wholeMs);
  await checkpoint();
  const sessionCounts = countSessions(timeline, sessions, channelOf, channelCount);
  await checkpoint();
  const channelCounts = countChannels(columns, timeline, channelOf, channelCount);
  await checkpoint();
  const attribution = attribute(columns, timeline, sessions, channelOf, channelCount, {
    conversion: settings.conversion,
    lookback: settings.lookback,
    halfLifeMs: settings.halfLife.ms,
    models: settings.models,
  });

  const typeNames = columns.eventTypes.names;
  const channelRow = (channel: string, slot: number): ChannelRow => ({
    channel,
    uniques: channelCounts.all[slot]!.uniques,
    totals: channelCounts.all[slot]!.totals,
    byEventType: Object.fromEntries(channelCounts.byType[slot]!.map(([type, counts]) => [typeNames[type]!, counts])),
  });
  const channels = channelNames.map(channelRow);
  if (channelCounts.all[channelCount]!.totals > 0) channels.push(channelRow(UNCLASSIFIED_CHANNEL, channelCount));

  const sessionRows: SessionRow[] = channelNames.map((channel, slot) => ({
    channel,
    totals: sessionCounts.totals[slot]!,
    entries: sessionCounts.entries[slot]!,
    exits: sessionCounts.exits[slot]!,
  }));
  if (sessionCounts.unclassified > 0) {
    sessionRows.push({ channel: UNCLASSIFIED_CHANNEL, totals: sessionCounts.unclassified, entries: 0, exits: 0 });
  }

  const models: ChannelReport['attribution']['models'] = {};
  for (const { model, totals } of attribution.models) {
    const rows: AttributionRow[] = channelNames.map((channel, slot) => ({
      channel,
      uniques: totals.uniques(slot),
      totals: totals.total(slot),
    }));
    if (totals.uniques(channelCount) > 0) {
      rows.push({ channel: NO_TOUCH_CHANNEL, uniques: totals.uniques(channelCount), totals: totals.total(channelCount) });
    }
    models[model] = rows;
  }

  const report: ChannelReport = {
    events: columns.count,
    skipped: input.skipped,
    users: columns.users.names.length,
    sessionCount: sessions.count,
    channels,
    sessions: sessionRows,
    attribution: { conversion: settings.conversion, lookback: settings.lookback.text, models },
  };
  return { report, sessionOf: sessions.sessionOf };
}
