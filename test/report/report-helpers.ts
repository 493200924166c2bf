// Small event files for the report tests: events as plain objects, channels named by
// a `channel` field (see fieldClassifier), run through the real pipeline.

import { parseReportSettings, type ReportOptionsText } from '../../engine/report/report-settings';
import type { ChannelReport } from '../../engine/report/report';
import { runReport, type RunReportResult } from '../../engine/report/run-report';
import { fieldClassifier } from './hand-classifier';

export interface TestEvent {
  user: string;
  /** Epoch ms or a time string. */
  time: number | string;
  type?: string;
  channel?: string;
  /** Written as session_id when present (null included). */
  session?: unknown;
}

export const MINUTE = 60_000;
export const T0 = Date.parse('2024-01-01T00:00:00Z');

export function ndjson(events: TestEvent[]): string {
  return events
    .map((event) => {
      const props: Record<string, unknown> = { user_id: event.user, time: event.time };
      if (event.type !== undefined) props.event_type = event.type;
      if (event.channel !== undefined) props.channel = event.channel;
      if ('session' in event) props.session_id = event.session;
      return JSON.stringify(props);
    })
    .join('\n');
}

export async function runOn(events: TestEvent[], channels: string[], options: ReportOptionsText = {}): Promise<RunReportResult> {
  return runReport({
    source: { text: ndjson(events), format: 'ndjson' },
    classifier: fieldClassifier(channels),
    settings: parseReportSettings({ conversion: 'purchase', ...options }),
  });
}

export async function reportOn(events: TestEvent[], channels: string[], options: ReportOptionsText = {}): Promise<ChannelReport> {
  return (await runOn(events, channels, options)).report!;
}
