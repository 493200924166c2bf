import type { ChannelReport } from '../../engine/report/report';

/** A report of no events, to fill in: its attribution's conversion and lookback as given, no models. */
export function emptyReport(conversion: string, lookback: string): ChannelReport {
  return {
    events: 0,
    skipped: 0,
    users: 0,
    sessionCount: 0,
    channels: [],
    sessions: [],
    attribution: { conversion, lookback, models: {} },
  };
}
