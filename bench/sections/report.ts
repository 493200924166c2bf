// The full report, as `channel-rules report` runs it: read → classify → collect, then
// sessions, channel figures and every attribution model with the SPEC's defaults (30m
// sessions, conversion "purchase", 30d lookback). `report` reads on one thread
// (engine/report/run-report, `--threads 1`); `report-threads` on two worker threads
// (engine/report/threaded-report, `--threads 2`), each section in its own process so
// each peak RSS is its own.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport, type RunReportOptions, type RunReportResult } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { loadBenchRules } from '../load-bench-rules';
import { timed, type Figure } from '../measure';
import type { BenchContext, BenchSection } from '../section';

export const REPORT_FIGURE = 'full report';

async function measureReport(context: BenchContext, threads: number): Promise<Figure[]> {
  const { classifier } = loadBenchRules(context.rulesFile);
  let reportPhaseStart: number | undefined;
  const options: RunReportOptions = {
    source: { path: context.eventsFile },
    classifier,
    settings: parseReportSettings({}),
    onProgress: (progress) => {
      if (progress.phase === 'report' && reportPhaseStart === undefined) reportPhaseStart = performance.now();
    },
  };
  const run = await timed<RunReportResult>(() =>
    threads === 1
      ? runReport(options)
      : runReportThreaded({ ...options, threads, rulesText: readFileSync(context.rulesFile, 'utf8'), workerScript: path.join(__dirname, 'range-worker.js') }),
  );
  const reportSeconds = reportPhaseStart === undefined ? undefined : (performance.now() - reportPhaseStart) / 1000;
  const report = run.value.report;
  if (report === undefined) throw new Error('runReport returned no report');
  const conversions = report.attribution.models.last_touch?.reduce((sum, row) => sum + row.totals, 0);
  const figures: Figure[] = [
    {
      label: REPORT_FIGURE,
      seconds: run.seconds,
      events: run.value.events,
      detail: `${threads === 1 ? '1 thread' : `${threads} threads`}; ${report.users} users, ${report.sessionCount} sessions, ${conversions ?? '?'} conversions`,
    },
  ];
  if (reportSeconds !== undefined) {
    figures.push({ label: '  of which read + classify', seconds: run.seconds - reportSeconds, events: run.value.events, detail: '' });
    figures.push({ label: '  of which sessions + figures + attribution', seconds: reportSeconds, events: run.value.events, detail: '' });
  }
  return figures;
}

export const reportSection: BenchSection = {
  name: 'report',
  title: 'the full report on one thread (runReport: read, classify, sessions, channels, all attribution models)',
  run: (context) => measureReport(context, 1),
};

export const REPORT_THREADS = 2;

export const reportThreadsSection: BenchSection = {
  name: 'report-threads',
  title: `the full report on ${REPORT_THREADS} reading threads (runReportThreaded, --threads ${REPORT_THREADS})`,
  run: (context) => measureReport(context, REPORT_THREADS),
};
