// The full report read from containers (SPEC §3.1), side by side with the plain NDJSON
// report in one run: the same events gzipped (`.ndjson.gz`, goal ≤ 1.3× plain) and as
// Parquet (goal ≤ plain), each with the one-thread reference reader (runReport) and as
// the CLI reads them by default, on REPORT_THREADS threads (runReportThreaded). Both
// files are made once from the NDJSON and cached beside it in bench/.data: gzip by
// Node's zlib (level 6, as gzip's default), Parquet by DuckDB (`COPY … TO … (FORMAT
// parquet)`, Snappy, DuckDB's row groups of 122,880 rows).

import { existsSync, renameSync, statSync, createReadStream, createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import path from 'node:path';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { loadBenchRules } from '../load-bench-rules';
import { formatBytes, timed, type Figure } from '../measure';
import type { BenchSection } from '../section';
import { REPORT_THREADS } from './report';

type DuckdbApi = typeof import('@duckdb/node-api');
const loadDuckdb = (): DuckdbApi => createRequire(__filename)('@duckdb/node-api') as DuckdbApi;

async function ensureGzip(ndjson: string): Promise<string> {
  const file = `${ndjson}.gz`;
  if (existsSync(file)) return file;
  const partial = `${file}.${process.pid}.partial`;
  await pipeline(createReadStream(ndjson), createGzip({ level: 6 }), createWriteStream(partial));
  renameSync(partial, file);
  return file;
}

async function ensureParquet(ndjson: string): Promise<string> {
  const file = ndjson.replace(/\.ndjson$/, '.parquet');
  if (existsSync(file)) return file;
  const partial = `${file}.${process.pid}.partial`;
  const instance = await loadDuckdb().DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const quote = (path: string) => `'${path.replaceAll("'", "''")}'`;
  await connection.run(
    `COPY (SELECT * FROM read_json(${quote(ndjson)}, format = 'newline_delimited', sample_size = -1)) TO ${quote(partial)} (FORMAT parquet, COMPRESSION snappy)`,
  );
  connection.closeSync();
  instance.closeSync();
  renameSync(partial, file);
  return file;
}

export const containersSection: BenchSection = {
  name: 'containers',
  title: 'the full report read from .ndjson.gz and from Parquet, beside the plain NDJSON report',
  async run(context) {
    const { classifier } = loadBenchRules(context.rulesFile);
    const made = await timed(async () => ({ gz: await ensureGzip(context.eventsFile), parquet: await ensureParquet(context.eventsFile) }));
    const report = (path: string) => timed(() => runReport({ source: { path }, classifier, settings: parseReportSettings({}) }));
    const plain = await report(context.eventsFile);
    const gz = await report(made.value.gz);
    const parquet = await report(made.value.parquet);
    const threaded = (file: string) =>
      timed(() => runReportThreaded({ source: { path: file }, classifier, settings: parseReportSettings({}), threads: REPORT_THREADS, workerScript: path.join(__dirname, 'range-worker.js') }));
    const plainThreads = await threaded(context.eventsFile);
    const gzThreads = await threaded(made.value.gz);
    const parquetThreads = await threaded(made.value.parquet);
    // Times of one report: the same events give the same report in every container.
    const same = (other: typeof plain) => (JSON.stringify(other.value.report) === JSON.stringify(plain.value.report) ? 'same report' : 'REPORTS DIFFER');
    const ratio = (seconds: number, base = plain) => `${(seconds / base.seconds).toFixed(2)}× plain`;
    const size = (path: string) => formatBytes(statSync(path).size);
    const figures: Figure[] = [
      { label: 'report from plain NDJSON', seconds: plain.seconds, events: plain.value.events, detail: size(context.eventsFile) },
      { label: 'report from .ndjson.gz', seconds: gz.seconds, events: gz.value.events, detail: `${ratio(gz.seconds)} (goal ≤ 1.3×), ${size(made.value.gz)}; ${same(gz)}` },
      {
        label: 'report from Parquet (DuckDB-written)',
        seconds: parquet.seconds,
        events: parquet.value.events,
        detail: `${ratio(parquet.seconds)} (goal ≤ 1×), ${size(made.value.parquet)}; ${same(parquet)}`,
      },
    ];
    figures.push(
      { label: `report from plain NDJSON, ${REPORT_THREADS} threads`, seconds: plainThreads.seconds, events: plainThreads.value.events, detail: same(plainThreads) },
      {
        label: `report from .ndjson.gz, ${REPORT_THREADS} threads`,
        seconds: gzThreads.seconds,
        events: gzThreads.value.events,
        detail: `${ratio(gzThreads.seconds, plainThreads)} on ${REPORT_THREADS} threads; ${same(gzThreads)}`,
      },
      {
        label: `report from Parquet, ${REPORT_THREADS} threads`,
        seconds: parquetThreads.seconds,
        events: parquetThreads.value.events,
        detail: `${ratio(parquetThreads.seconds, plainThreads)} on ${REPORT_THREADS} threads; ${same(parquetThreads)}`,
      },
    );
    if (made.seconds > 1) figures.push({ label: '  (made the .gz and .parquet once, cached)', seconds: made.seconds });
    return figures;
  },
};
