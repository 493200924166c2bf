// The full report, as `channel-rules report` runs it: read → classify → collect, then
// sessions, channel figures and every attribution model with the SPEC's defaults (30m
// sessions, conversion "purchase", 30d lookback). `report` reads on one thread with
// JSON.parse (engine/report/run-report: the reference reader, and what the preview
// and the HTML report run); `report-ranges` on one thread in ranges through the JSON
// projection (engine/events/json-projection: `--threads 1`); `report-threads` on two
// threads (`--threads 2`), then again with JSON.parse instead of the projection, side
// by side. Each section runs in its own process, so each peak RSS is its own.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport, type RunReportOptions, type RunReportResult } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { earlyRangeWorkerCount, startRangeWorkersEarly } from '../../engine/report/early-range-workers';
import { loadBenchRules } from '../load-bench-rules';
import { collectGarbage, timed, type Figure } from '../measure';
import type { BenchContext, BenchSection } from '../section';

export const REPORT_FIGURE = 'full report';

/**
 * `reference`: ./run-report (JSON.parse on one thread); else threaded-report on `threads`,
 * with or without the projection; `early`: its workers started before the rules load,
 * as the CLI starts them (cli/early-reading-threads), outside the time.
 */
async function measureReport(context: BenchContext, threads: number, how: { reference?: boolean; projection?: boolean; early?: boolean } = {}): Promise<Figure[]> {
  const workerScript = path.join(__dirname, 'range-worker.js');
  const started = performance.now();
  if (how.early === true) startRangeWorkersEarly(workerScript, threads - 1);
  const { classifier } = loadBenchRules(context.rulesFile);
  // The CLI's worker boots while the command's bundle loads and the rules compile
  // (cli/early-reading-threads: about 90 ms); the rules alone take less here.
  if (how.early === true) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + CLI_LOADING_MS - performance.now())));
    // Started and still up (a worker that failed is no longer counted): else the run would start its own inside the time.
    if (earlyRangeWorkerCount(workerScript) !== threads - 1) throw new Error('the workers started before the rules load are not all up');
  }
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
    how.reference === true
      ? runReport(options)
      : runReportThreaded({ ...options, threads, workerScript, projection: how.projection !== false }),
  );
  const reportSeconds = reportPhaseStart === undefined ? undefined : (performance.now() - reportPhaseStart) / 1000;
  // A worker left waiting was not the run's: the figure would time a worker started inside it.
  if (how.early === true && earlyRangeWorkerCount(workerScript) > 0) throw new Error('the run did not adopt the worker started before the rules load');
  const report = run.value.report;
  if (report === undefined) throw new Error('runReport returned no report');
  const conversions = report.attribution.models.last_touch?.reduce((sum, row) => sum + row.totals, 0);
  const figures: Figure[] = [
    {
      label: REPORT_FIGURE,
      seconds: run.seconds,
      events: run.value.events,
      detail: `${describeRun(threads, how)}; ${report.users} users, ${report.sessionCount} sessions, ${conversions ?? '?'} conversions`,
    },
  ];
  if (reportSeconds !== undefined) {
    figures.push({ label: '  of which read + classify', seconds: run.seconds - reportSeconds, events: run.value.events, detail: '' });
    figures.push({ label: '  of which sessions + figures + attribution', seconds: reportSeconds, events: run.value.events, detail: '' });
  }
  return figures;
}

function describeRun(threads: number, how: { reference?: boolean; projection?: boolean; early?: boolean }): string {
  if (how.reference === true) return '1 thread, JSON.parse (runReport)';
  return `${threads === 1 ? '1 thread' : `${threads} threads`}${how.projection === false ? ', JSON.parse' : ''}${how.early === true ? ', worker started before the rules load' : ''}`;
}

/** What the CLI's main thread spends loading the report command and the rules before it reads (cli/early-reading-threads). */
const CLI_LOADING_MS = 90;

export const reportSection: BenchSection = {
  name: 'report',
  title: 'the full report on one thread with JSON.parse (runReport: read, classify, sessions, channels, all attribution models)',
  run: (context) => measureReport(context, 1, { reference: true }),
};

export const reportRangesSection: BenchSection = {
  name: 'report-ranges',
  title: 'the full report on one thread in ranges through the JSON projection (runReportThreaded, --threads 1)',
  run: (context) => measureReport(context, 1),
};

export const REPORT_THREADS = 2;

/**
 * Not a goal's figure: the report on 2 threads with its worker started as the CLI starts
 * it, at the process's start, so that it boots while the rules load (outside the time);
 * `report-threads` starts it inside the time. The difference is what the worker's boot
 * costs a run that does not overlap it with anything.
 */
export const reportThreadsEarlySection: BenchSection = {
  name: 'report-threads-early',
  title: `the full report on ${REPORT_THREADS} threads with its worker started before the rules load, as the CLI starts it (not a goal's figure)`,
  run: (context) => measureReport(context, REPORT_THREADS, { early: true }),
};

export const reportThreadsSection: BenchSection = {
  name: 'report-threads',
  title: `the full report on ${REPORT_THREADS} threads (runReportThreaded, --threads ${REPORT_THREADS}), then with JSON.parse instead of the projection`,
  async run(context) {
    const projected = await measureReport(context, REPORT_THREADS);
    collectGarbage();
    const parsed = (await measureReport(context, REPORT_THREADS, { projection: false }))[0]!;
    const ratio = projected[0]!.seconds! / parsed.seconds!;
    return [
      ...projected,
      { label: `full report, ${REPORT_THREADS} threads, JSON.parse instead of the projection`, seconds: parsed.seconds, events: parsed.events, detail: `the projection takes ${ratio.toFixed(2)}× this` },
    ];
  },
};
