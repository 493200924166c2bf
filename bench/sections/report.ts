// The full report, as `channel-rules report` runs it: engine/report/run-report (read →
// classify → collect) then sessions, channel figures and every attribution model with
// the SPEC's defaults (30m sessions, conversion "purchase", 30d lookback).

import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { loadBenchRules } from '../load-bench-rules';
import { timed } from '../measure';
import type { BenchSection } from '../section';

export const reportSection: BenchSection = {
  name: 'report',
  title: 'the full report (runReport: read, classify, sessions, channels, all attribution models)',
  async run(context) {
    const { classifier } = loadBenchRules(context.rulesFile);
    let reportPhaseStart: number | undefined;
    const run = await timed(() =>
      runReport({
        source: { path: context.eventsFile },
        classifier,
        settings: parseReportSettings({}),
        onProgress: (progress) => {
          if (progress.phase === 'report' && reportPhaseStart === undefined) reportPhaseStart = performance.now();
        },
      }),
    );
    const reportSeconds = reportPhaseStart === undefined ? undefined : (performance.now() - reportPhaseStart) / 1000;
    const report = run.value.report;
    if (report === undefined) throw new Error('runReport returned no report');
    const conversions = report.attribution.models.last_touch?.reduce((sum, row) => sum + row.totals, 0);
    const figures = [
      {
        label: 'full report',
        seconds: run.seconds,
        events: run.value.events,
        detail: `${report.users} users, ${report.sessionCount} sessions, ${conversions ?? '?'} conversions`,
      },
    ];
    if (reportSeconds !== undefined) {
      figures.push({ label: '  of which read + classify', seconds: run.seconds - reportSeconds, events: run.value.events, detail: '' });
      figures.push({ label: '  of which sessions + figures + attribution', seconds: reportSeconds, events: run.value.events, detail: '' });
    }
    return figures;
  },
};
