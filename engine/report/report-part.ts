// The report's counting for one part of the users (./report-columns' UserPart), and
// the parts merged. A threaded report (./threaded-report) counts some users on a worker
// while the main thread counts the others. Every figure is a sum over users: sessions,
// channel totals and uniques, credits (summed exactly, ./credit-totals), so the merged
// parts are the one-thread report, byte for byte. Sessions are numbered per part and
// renumbered in input order once all parts are done (./sessions' renumberSessions).

import { attribute } from './attribution';
import type { AttributionModel } from './attribution-models';
import { countChannels, type ChannelCounts, type Counts } from './channel-counts';
import { CreditTotals, type CreditTotalsState } from './credit-totals';
import type { Lookback } from './durations';
import type { ReportColumns, UserPart } from './report-columns';
import { assignSessions, countSessions, type SessionCounts } from './sessions';
import { userTimeline } from './user-timeline';

/** The report settings a part needs, as plain data (sent between threads). */
export interface PartSettings {
  sessionTimeoutMs: number;
  /** The conversion event type's number; -1 when no event has it. */
  conversionType: number;
  lookback: Lookback;
  halfLifeMs: number;
  models: readonly AttributionModel[];
}

/** One part's counts, as plain data (sent between threads). */
export interface ReportPart {
  /** Sessions this part numbered (0 … sessionCount − 1 in the shared sessionOf). */
  sessionCount: number;
  sessionCounts: SessionCounts;
  channelCounts: ChannelCounts;
  credits: Array<{ model: AttributionModel; totals: CreditTotalsState }>;
}

export interface PartInput {
  columns: ReportColumns;
  /** Channel index per event; -1 when the event has no channel. */
  channelOf: Int32Array;
  channelCount: number;
  /** When the run numbers each event's session: all -1 before any part; each part writes its users' events' sessions. */
  sessionOf: Int32Array | undefined;
}

/** `checkpoint`: awaited between stages, so that a long run can be cancelled. */
export async function countPart(input: PartInput, settings: PartSettings, part: UserPart, checkpoint: () => void | Promise<void> = () => undefined): Promise<ReportPart> {
  const { columns, channelOf, channelCount } = input;
  const timeline = userTimeline(columns, channelOf, part);
  await checkpoint();
  const sessions = assignSessions(timeline, settings.sessionTimeoutMs, input.sessionOf);
  await checkpoint();
  const sessionCounts = countSessions(timeline, sessions, channelCount);
  await checkpoint();
  const channelCounts = countChannels(timeline, channelCount, columns.typeCount);
  await checkpoint();
  const attribution = attribute(timeline, sessions, channelCount, settings);
  return {
    sessionCount: sessions.count,
    sessionCounts,
    channelCounts,
    credits: attribution.models.map(({ model, totals }) => ({ model, totals: totals.state() })),
  };
}

export interface MergedParts {
  sessionCount: number;
  sessionCounts: SessionCounts;
  channelCounts: ChannelCounts;
  models: Array<{ model: AttributionModel; totals: CreditTotals }>;
}

/** The parts' sums (`channelCount`: channel indices, not counting the no-channel slot). */
export function mergeParts(parts: readonly ReportPart[], channelCount: number): MergedParts {
  const first = parts[0]!;
  const sessionCounts: SessionCounts = {
    totals: new Int32Array(channelCount),
    entries: new Int32Array(channelCount),
    exits: new Int32Array(channelCount),
    unclassified: 0,
  };
  const all: Counts[] = first.channelCounts.all.map(() => ({ uniques: 0, totals: 0 }));
  const byType = first.channelCounts.all.map(() => new Map<number, Counts>());
  const models = first.credits.map(({ model }) => ({ model, totals: new CreditTotals(channelCount + 1) }));
  let sessionCount = 0;
  for (const part of parts) {
    sessionCount += part.sessionCount;
    for (let channel = 0; channel < channelCount; channel++) {
      sessionCounts.totals[channel]! += part.sessionCounts.totals[channel]!;
      sessionCounts.entries[channel]! += part.sessionCounts.entries[channel]!;
      sessionCounts.exits[channel]! += part.sessionCounts.exits[channel]!;
    }
    sessionCounts.unclassified += part.sessionCounts.unclassified;
    part.channelCounts.all.forEach((counts, slot) => addCounts(all[slot]!, counts));
    part.channelCounts.byType.forEach((cells, slot) => {
      const merged = byType[slot]!;
      for (const [type, counts] of cells) {
        const cell = merged.get(type);
        if (cell === undefined) merged.set(type, { ...counts });
        else addCounts(cell, counts);
      }
    });
    part.credits.forEach(({ totals }, index) => models[index]!.totals.merge(totals));
  }
  const channelCounts: ChannelCounts = { all, byType: byType.map((cells) => [...cells].sort(([a], [b]) => a - b)) };
  return { sessionCount, sessionCounts, channelCounts, models };
}

function addCounts(into: Counts, counts: Counts): void {
  into.uniques += counts.uniques;
  into.totals += counts.totals;
}
