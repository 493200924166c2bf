// Ten million events from a real file of about 1.6 GB (issue 14's goals: peak RSS
// ≤ 1 GB, and time and memory ≤ 0.5× DuckDB's): the file is generated into a temporary
// folder, the full report on REPORT_THREADS threads and the same report in DuckDB run
// each in a process of its own, and the folder is deleted. It takes minutes, so it runs
// only when named: `npm run bench -- --only duckdb-10m`.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBenchEvents } from '../bench-data';
import { formatBytes, formatSeconds, type Figure } from '../measure';
import { runSectionInChildProcess } from '../run-section';
import type { BenchSection } from '../section';
import { DUCKDB_FIGURE } from './duckdb';
import { REPORT_FIGURE, REPORT_THREADS } from './report';

const EVENTS = 10_000_000;

export const duckdb10mSection: BenchSection = {
  name: 'duckdb-10m',
  title: `10M events (~1.6 GB file in a temporary folder): the full report on ${REPORT_THREADS} threads against DuckDB, time and peak RSS`,
  optIn: true,
  async run(context) {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'channel-rules-bench-10m-'));
    try {
      const start = performance.now();
      const data = ensureBenchEvents(context.root, EVENTS, context.seed, folder);
      const generated = (performance.now() - start) / 1000;
      const big = { ...context, eventsFile: data.file, eventCount: EVENTS, eventBytes: data.bytes };
      const figures: Figure[] = [{ label: 'generate the file', seconds: generated, detail: `${formatBytes(data.bytes)} NDJSON in ${folder}` }];
      const runs: { label: string; seconds: number; rss: number }[] = [];
      for (const [section, figureLabel, label] of [
        ['report-threads', REPORT_FIGURE, `full report, ${REPORT_THREADS} threads`],
        ['duckdb', DUCKDB_FIGURE, 'DuckDB full report'],
      ] as const) {
        const message = await runSectionInChildProcess(section, big);
        if (message.result === undefined) throw new Error(`${section} on 10M events: ${message.error ?? 'no result'}`);
        const figure = message.result.figures.find((each) => each.label === figureLabel);
        if (figure?.seconds === undefined) throw new Error(`${section} on 10M events gave no "${figureLabel}"`);
        runs.push({ label, seconds: figure.seconds, rss: message.result.peakRssBytes });
        figures.push({ label, seconds: figure.seconds, events: EVENTS, detail: `peak RSS ${formatBytes(message.result.peakRssBytes)}; ${figure.detail ?? ''}` });
      }
      const [ours, duckdb] = runs as [(typeof runs)[number], (typeof runs)[number]];
      figures.push({
        label: 'ratio to DuckDB',
        detail: `time ${(ours.seconds / duckdb.seconds).toFixed(2)}× (${formatSeconds(ours.seconds)} / ${formatSeconds(duckdb.seconds)}), peak RSS ${(ours.rss / duckdb.rss).toFixed(2)}× (${formatBytes(ours.rss)} / ${formatBytes(duckdb.rss)}); goals ≤ 0.5× and ≤ 1 GB`,
      });
      return figures;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
