// The §7.1 report from classified events: columns (user, time, type, session id per
// event), the channel of each event, and the channel order. Pure apart from the
// optional `checkpoint`, awaited between stages so long runs can be cancelled. With
// other threads (a threaded report's workers), they attribute the users while this
// thread counts sessions and channels (./attribution-part): each thread runs, and so
// warms up, only its own stages' code.

import { attribute, type AttributionTotals, type UserRange } from './attribution';
import { userRanges, type AttributionPart, type PartSettings } from './attribution-part';
import { countChannels } from './channel-counts';
import { CreditTotals } from './credit-totals';
import { newColumn, type EventColumns } from './event-columns';
import { NO_TOUCH_CHANNEL, UNCLASSIFIED_CHANNEL, type AttributionRow, type ChannelReport, type ChannelRow, type SessionRow } from './report';
import type { ReportSettings } from './report-settings';
import { assignSessions, countSessions, renumberSessions } from './sessions';
import { userTimeline, type UserTimeline } from './user-timeline';

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
  /** Session number per event (sessions numbered in order of first appearance); -1 for none. Without `numberSessions`, undefined. */
  sessionOf: Int32Array | undefined;
}

/**
 * Threads that attribute the users beside this one (./threaded-report's workers): each
 * is given one of `threads` ranges of the users of a timeline in shared memory.
 */
export interface OtherThreads {
  threads: number;
  attribute(timeline: UserTimeline, channelCount: number, settings: PartSettings, users: UserRange): Promise<AttributionPart>;
}

export async function buildReport(
  input: ReportInput,
  settings: ReportSettings,
  checkpoint: () => void | Promise<void> = () => undefined,
  others?: OtherThreads,
  /** Whether the result gives each event's session number (a pass over every event: the CLI's JSON and text reports do without). */
  numberSessions = true,
  /** Called once this thread's stages are counted, before it waits for the other threads' (the caller's own work goes there). */
  meanwhile: () => void = () => undefined,
): Promise<BuiltReport> {
  const { columns, channelOf, channelNames } = input;
  const channelCount = channelNames.length;
  const partSettings: PartSettings = {
    sessionTimeoutMs: settings.sessionTimeout.wholeMs,
    conversionType: columns.eventTypes.lookup(settings.conversion),
    lookback: settings.lookback,
    halfLifeMs: settings.halfLife.ms,
    models: settings.models,
  };
  const timeline = userTimeline(columns, channelOf, others !== undefined, numberSessions);
  await checkpoint();
  // Attribution, the longest stage, on the other threads while this one counts the rest.
  const elsewhere = others === undefined ? [] : userRanges(timeline.userStart, others.threads).map((users) => others.attribute(timeline, channelCount, partSettings, users));
  // Settled even when this thread's stages fail (a cancelled run), so no rejection goes unhandled.
  for (const part of elsewhere) part.catch(() => undefined);
  const sessionOf = numberSessions ? newColumn(Int32Array, columns.count).fill(-1) : undefined;
  const sessions = assignSessions(timeline, partSettings.sessionTimeoutMs, sessionOf);
  await checkpoint();
  const sessionCounts = countSessions(timeline, sessions, channelCount);
  await checkpoint();
  const channelCounts = countChannels(timeline, channelCount, columns.typeCount);
  await checkpoint();
  let attribution: AttributionTotals['models'];
  if (others === undefined) {
    attribution = attribute(timeline, sessions, channelCount, partSettings).models;
    meanwhile();
  } else {
    meanwhile();
    const parts = await Promise.all(elsewhere);
    attribution = partSettings.models.map((model, index) => {
      const totals = new CreditTotals(channelCount + 1);
      for (const part of parts) totals.merge(part.credits[index]!.totals);
      return { model, totals };
    });
  }
  if (sessionOf !== undefined) renumberSessions(sessionOf, sessions.count);

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
  for (const { model, totals } of attribution) {
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
    users: columns.userCount,
    sessionCount: sessions.count,
    channels,
    sessions: sessionRows,
    attribution: { conversion: settings.conversion, lookback: settings.lookback.text, models },
  };
  return { report, sessionOf };
}
