// The report of SPEC §4–6 in the JSON shape of §7.1 (`report --format json`; the
// preview and the other output formats render the same value).
//
// Rows: every channel of the rules, in order of first appearance in the rules file
// (zero rows included, so one rules file always gives the same rows), then the
// pseudo-channels `(unclassified)` (channels, sessions) and `(no touch)` (attribution)
// only when they count something.

import type { AgreementSection } from './agreement';
import type { AttributionModel } from './attribution-models';
import type { UnassignedSection } from './unassigned';

export const UNCLASSIFIED_CHANNEL = '(unclassified)';
export const NO_TOUCH_CHANNEL = '(no touch)';

export interface Counts {
  uniques: number;
  totals: number;
}

export interface ChannelRow extends Counts {
  channel: string;
  /** Event types in order of first appearance in the input; only those the channel has. */
  byEventType: Record<string, Counts>;
}

export interface SessionRow {
  channel: string;
  totals: number;
  entries: number;
  exits: number;
}

export interface AttributionRow extends Counts {
  channel: string;
}

export interface ChannelReport {
  /** Events read (lines skipped not included). */
  events: number;
  skipped: number;
  users: number;
  sessionCount: number;
  channels: ChannelRow[];
  sessions: SessionRow[];
  attribution: {
    conversion: string;
    /** The lookback as given: "30d", "session". */
    lookback: string;
    models: Partial<Record<AttributionModel, AttributionRow[]>>;
  };
  /** SPEC §9: agreement with a channel the data carries (`report --against FIELD`). */
  against?: AgreementSection;
  /** SPEC §9: the events that got the `otherwise` channel or none, by traffic pattern. */
  unassigned?: UnassignedSection;
}
