// Ten million events from a real file of about 1.6 GB (issue 14's goals: peak RSS
// ≤ 1 GB, and time and memory ≤ 0.5× DuckDB's): the file is generated into a temporary
// folder, the full report on REPORT_THREADS threads, the same report in DuckDB and the
// floor (read + split + JSON.parse, one thread) run each in a process of its own, and
// the folder is deleted. The floor gives the report's time against the floor per core
// at this size, where each thread's warm-up is a smaller share than at 1M. It takes
// minutes, so it runs only when named: `npm run bench -- --only duckdb-10m`.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBenchEvents } from '../bench-data';
import { formatBytes, formatSeconds, percentiles, type Figure } from '../measure';
import { runSectionInChildProcess } from '../run-section';
import type { BenchSection } from '../section';
import { DUCKDB_FIGURE } from './duckdb';
import { FLOOR_FIGURE } from './floor';
import { REPORT_FIGURE, REPORT_THREADS } from './report';

const EVENTS = 10_000_000;
/** Runs of ours and of the floor. */
const RUNS = 3;

export const duckdb10mSection: BenchSection = {
  name: 'duckdb-10m',
  title: `10M events (~1.6 GB file in a temporary folder): the full report on ${REPORT_THREADS} threads against DuckDB (time and peak RSS) and the floor per core`,
  optIn: true,
  async run(context) {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'channel-rules-bench-10m-'));
    try {
      const start = performance.now();
      const data = ensureBenchEvents(context.root, EVENTS, context.seed, folder);
      const generated = (performance.now() - start) / 1000;
      const big = { ...context, eventsFile: data.file, eventCount: EVENTS, eventBytes: data.bytes };
      const figures: Figure[] = [{ label: 'generate the file', seconds: generated, detail: `${formatBytes(data.bytes)} NDJSON in ${folder}` }];
      // Ours and the floor three times each, taking turns (one run of ours took 5.4 s and
      // the next, minutes later, 6.3 s); DuckDB, half a minute a run, once. Each figure is
      // the median of its runs, its peak RSS the largest.
      const schedule = [
        ...Array.from({ length: RUNS }, () => [
          ['report-threads', REPORT_FIGURE, `full report, ${REPORT_THREADS} threads`],
          ['floor', FLOOR_FIGURE, 'floor: read + split + JSON.parse, 1 thread'],
        ] as const).flat(),
        ['duckdb', DUCKDB_FIGURE, 'DuckDB full report'],
      ] as const;
      const runs = new Map<string, { seconds: number[]; rss: number; detail: string }>();
      for (const [section, figureLabel, label] of schedule) {
        const message = await runSectionInChildProcess(section, big);
        if (message.result === undefined) throw new Error(`${section} on 10M events: ${message.error ?? 'no result'}`);
        const figure = message.result.figures.find((each) => each.label === figureLabel);
        if (figure?.seconds === undefined) throw new Error(`${section} on 10M events gave no "${figureLabel}"`);
        const run = runs.get(label) ?? { seconds: [], rss: 0, detail: figure.detail ?? '' };
        run.seconds.push(figure.seconds);
        run.rss = Math.max(run.rss, message.result.peakRssBytes);
        runs.set(label, run);
      }
      const summary = [...runs].map(([label, run]) => ({ label, seconds: percentiles(run.seconds, [50]).get(50)!, rss: run.rss }));
      summary.forEach(({ label, seconds, rss }) => {
        const run = runs.get(label)!;
        const each = run.seconds.length > 1 ? `runs ${run.seconds.map(formatSeconds).join(', ')}; ` : '';
        figures.push({ label, seconds, events: EVENTS, detail: `${each}peak RSS ${formatBytes(rss)}; ${run.detail}` });
      });
      const [ours, floor, duckdb] = summary as [(typeof summary)[number], (typeof summary)[number], (typeof summary)[number]];
      figures.push({
        label: 'ratio to DuckDB',
        detail: `time ${(ours.seconds / duckdb.seconds).toFixed(2)}× (${formatSeconds(ours.seconds)} / ${formatSeconds(duckdb.seconds)}), peak RSS ${(ours.rss / duckdb.rss).toFixed(2)}× (${formatBytes(ours.rss)} / ${formatBytes(duckdb.rss)}); goals ≤ 0.5× and ≤ 1 GB`,
      });
      figures.push({
        label: 'ratio to the floor per core',
        detail: `${(ours.seconds / (floor.seconds / REPORT_THREADS)).toFixed(2)}× (${formatSeconds(ours.seconds)} / (${formatSeconds(floor.seconds)} ÷ ${REPORT_THREADS})); goal ≤ 1.2×`,
      });
      return figures;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
