// The §7.1 report from classified events: columns (user, time, type, session id per
// event), the channel of each event, and the channel order. Pure apart from the
// optional `checkpoint`, awaited between stages so long runs can be cancelled. The
// counting is per user, so other threads may count some of the users (./report-part).

import { newColumn, type EventColumns } from './event-columns';
import { mergeParts, countPart, type PartInput, type PartSettings, type ReportPart } from './report-part';
import { NO_TOUCH_CHANNEL, UNCLASSIFIED_CHANNEL, type AttributionRow, type ChannelReport, type ChannelRow, type SessionRow } from './report';
import type { UserPart } from './report-columns';
import type { ReportSettings } from './report-settings';
import { renumberSessions } from './sessions';

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
 * Threads that count parts of the users beside this one (./threaded-report's workers):
 * with `threads` of them, this thread counts part 0 of threads + 1 and they the others.
 */
export interface OtherThreads {
  threads: number;
  /** `input.sessionOf` is in shared memory: the part writes its users' sessions there. */
  countPart(input: PartInput, settings: PartSettings, part: UserPart): Promise<ReportPart>;
}

export async function buildReport(
  input: ReportInput,
  settings: ReportSettings,
  checkpoint: () => void | Promise<void> = () => undefined,
  others?: OtherThreads,
  /** Whether the result gives each event's session number (a pass over every event: the CLI's JSON and text reports do without). */
  numberSessions = true,
): Promise<BuiltReport> {
  const { columns, channelOf, channelNames } = input;
  const channelCount = channelNames.length;
  const of = 1 + (others?.threads ?? 0);
  const partInput: PartInput = { columns, channelOf, channelCount, sessionOf: numberSessions ? newColumn(Int32Array, columns.count, of > 1).fill(-1) : undefined };
  const partSettings: PartSettings = {
    sessionTimeoutMs: settings.sessionTimeout.wholeMs,
    conversionType: columns.eventTypes.lookup(settings.conversion),
    lookback: settings.lookback,
    halfLifeMs: settings.halfLife.ms,
    models: settings.models,
  };
  const elsewhere: Array<Promise<ReportPart>> = [];
  for (let index = 1; index < of; index++) elsewhere.push(others!.countPart(partInput, partSettings, { index, of }));
  // Settled even when this thread's part fails (a cancelled run), so no rejection goes unhandled.
  for (const part of elsewhere) part.catch(() => undefined);
  const here = await countPart(partInput, partSettings, { index: 0, of }, checkpoint);
  const parts = [here, ...(await Promise.all(elsewhere))];
  const { sessionCount, sessionCounts, channelCounts, models: attribution } = mergeParts(parts, channelCount);
  const sessionOf = partInput.sessionOf;
  if (sessionOf !== undefined) renumberSessions(sessionOf, columns.userOf, parts.map((part) => part.sessionCount));

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
    sessionCount,
    channels,
    sessions: sessionRows,
    attribution: { conversion: settings.conversion, lookback: settings.lookback.text, models },
  };
  return { report, sessionOf };
}
