// Source systems (SPEC §3.2): the full report on the benchmark's NDJSON and on the same
// events as GA4 BigQuery export rows (bench/source-bench-data), side by side in one
// process, with their ratio. The mapping is compiled once per file, so the GA4 run
// costs what its larger rows cost to read plus the key/value lookups. Both reports are
// timed with JSON.parse on one thread (runReport), and in ranges through the JSON
// projection on one thread (`--threads 1`) and on REPORT_THREADS (what the CLI does by
// default on this machine's cores).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { loadBenchRules } from '../load-bench-rules';
import { collectGarbage, formatBytes, timed } from '../measure';
import type { BenchSection } from '../section';
import { ensureGa4BenchEvents } from '../source-bench-data';
import { forEachLine } from './floor';
import { REPORT_THREADS } from './report';

/** The figures of issue 10's goal (GA4-shaped at most 1.5× plain), on one thread and on REPORT_THREADS: ../bench's summary divides them round by round. */
export const SOURCE_GOAL_FIGURES = [
  { plain: 'report, plain NDJSON, 1 thread (projection)', ga4: 'report, GA4-shaped NDJSON, 1 thread (projection)', threads: 1 },
  { plain: `report, plain NDJSON, ${REPORT_THREADS} threads`, ga4: `report, GA4-shaped NDJSON, ${REPORT_THREADS} threads`, threads: REPORT_THREADS },
] as const;

export const sourcesSection: BenchSection = {
  name: 'sources',
  title: 'the full report on plain NDJSON and on the same events as GA4-shaped NDJSON (--from auto)',
  async run(context) {
    const { classifier } = loadBenchRules(context.rulesFile);
    const ga4 = ensureGa4BenchEvents(context.root, context.eventCount, context.seed);
    const run = (file: string) =>
      timed(() => runReport({ source: { path: file }, classifier, settings: parseReportSettings({}) }));
    const rulesText = readFileSync(context.rulesFile, 'utf8');
    const runThreaded = (file: string, threads = REPORT_THREADS) =>
      timed(() =>
        runReportThreaded({ source: { path: file }, classifier, settings: parseReportSettings({}), threads, workerScript: path.join(__dirname, 'range-worker.js') }),
      );
    const parseOnly = (file: string) =>
      timed(async () => {
        let objects = 0;
        await forEachLine(file, (line) => {
          if (line.trim() !== '' && JSON.parse(line) !== null) objects++;
        });
        return objects;
      });
    const plainParse = await parseOnly(context.eventsFile);
    const shapedParse = await parseOnly(ga4.file);
    collectGarbage();
    const plain = await run(context.eventsFile);
    collectGarbage();
    const shaped = await run(ga4.file);
    collectGarbage();
    const plainRanges = await runThreaded(context.eventsFile, 1);
    collectGarbage();
    const shapedRanges = await runThreaded(ga4.file, 1);
    collectGarbage();
    const plainThreaded = await runThreaded(context.eventsFile);
    collectGarbage();
    const shapedThreaded = await runThreaded(ga4.file);
    const plainReport = plain.value.report!;
    const shapedReport = shaped.value.report!;
    if (shaped.value.eventFields.system.id !== 'ga4') throw new Error(`GA4 file read as ${shaped.value.eventFields.system.id}`);
    const same = [plainRanges, shapedRanges, plainThreaded, shapedThreaded].every((each) => JSON.stringify(each.value.report) === JSON.stringify(plainReport)) && JSON.stringify(plainReport) === JSON.stringify(shapedReport);
    return [
      { label: 'read + JSON.parse, plain NDJSON', seconds: plainParse.seconds, events: plainParse.value },
      {
        label: 'read + JSON.parse, GA4-shaped NDJSON',
        seconds: shapedParse.seconds,
        events: shapedParse.value,
        detail: `${(shapedParse.seconds / plainParse.seconds).toFixed(2)}× plain`,
      },
      { label: 'report, plain NDJSON, JSON.parse (runReport)', seconds: plain.seconds, events: plain.value.events, detail: formatBytes(context.eventBytes) },
      {
        label: 'report, GA4-shaped NDJSON, JSON.parse (runReport)',
        seconds: shaped.seconds,
        events: shaped.value.events,
        detail: `${formatBytes(ga4.bytes)}; ${(shaped.seconds / plain.seconds).toFixed(2)}× plain; ${same ? 'same report' : 'REPORTS DIFFER'}`,
      },
      { label: SOURCE_GOAL_FIGURES[0].plain, seconds: plainRanges.seconds, events: plainRanges.value.events },
      {
        label: SOURCE_GOAL_FIGURES[0].ga4,
        seconds: shapedRanges.seconds,
        events: shapedRanges.value.events,
        detail: `${(shapedRanges.seconds / plainRanges.seconds).toFixed(2)}× plain on 1 thread (goal ≤ 1.5×)`,
      },
      { label: SOURCE_GOAL_FIGURES[1].plain, seconds: plainThreaded.seconds, events: plainThreaded.value.events },
      {
        label: SOURCE_GOAL_FIGURES[1].ga4,
        seconds: shapedThreaded.seconds,
        events: shapedThreaded.value.events,
        detail: `${(shapedThreaded.seconds / plainThreaded.seconds).toFixed(2)}× plain on ${REPORT_THREADS} threads (goal ≤ 1.5×)`,
      },
    ];
  },
};
