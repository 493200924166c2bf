// A Parquet TIMESTAMP (ms, us, ns, with time zone) or DATE column is an instant
// whatever `--time-unit` says: `--time-unit` is for numbers, and applies to an untyped
// INT64 column of the same file. Every path that reads Parquet reads the same times:
// one thread, worker threads, standard input, a zip entry, the preview's sample (by path
// and from bytes), before 1970 and after. They were read as epoch milliseconds, which
// `--time-unit s` made a thousand times later (or skipped) and `us` a thousand times
// earlier; GA4 (microseconds) did so to a typed `event_timestamp` without any option.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import type { EventSourceOptions } from '../../engine/events/event-source';
import { TIME_TEXT_PARSERS } from '../../engine/events/parquet-values';
import { loadParquetLibrary, parquetLibrary } from '../../engine/events/parquet-library';
import { parquetFileRowGroupEnds } from '../../engine/events/parquet-reader';
import { loadSample } from '../../engine/preview/sample';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport, type RunReportOptions, type RunReportResult } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { zipBuffer } from '../support/containers';

const WORKER = path.join(__dirname, '..', '..', 'dist', 'range-worker.js');
const ROWS = 5000;
// Times from 1950 to 2024 (before 1970 they are ISO text either way), sub-millisecond parts, one a day apart per row.
const TABLE = `
  SELECT
    'u' || (i % 5) AS user_id,
    t::TIMESTAMP_MS AS t_ms, t AS t_us, t::TIMESTAMP_NS AS t_ns, t::TIMESTAMPTZ AS t_tz, t::DATE AS day,
    floor(epoch_us(t) / 1000000)::BIGINT AS secs,
    CASE i % 3 WHEN 0 THEN 'page_view' ELSE 'purchase' END AS event_type,
    CASE i % 4 WHEN 0 THEN 'email' WHEN 1 THEN 'cpc' ELSE NULL END AS utm_medium,
    epoch_us(t) AS us, epoch_ms(t::TIMESTAMP_MS) AS ms_of_t_ms
  FROM (SELECT i, TIMESTAMP '1950-01-01 00:00:00' + to_microseconds(i * 467_999_993_713) AS t FROM range(${ROWS}) r(i))`;

const RULES = `channel "Email"
  when utm_medium = "email"
channel "Paid"
  when utm_medium = "cpc"
otherwise "Direct"
`;

let dir: string;
let typed: string;
let ga4: string;
const typedColumns = ['t_ms', 't_us', 't_ns', 't_tz'] as const;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cr-parquet-time-unit-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE ev AS ${TABLE}`);
  typed = path.join(dir, 'typed.parquet');
  // Row groups of 2,048 rows (DuckDB's least): the worker threads get several.
  await connection.run(`COPY ev TO '${typed}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
  // A GA4 export whose event_timestamp is a typed TIMESTAMP (GA4 reads numbers as microseconds).
  ga4 = path.join(dir, 'ga4.parquet');
  await connection.run(`COPY (SELECT user_id AS user_pseudo_id, t_us AS event_timestamp, event_type AS event_name, strftime(t_us, '%Y-%m-%dT%H:%M:%S.%fZ') AS time_text FROM ev) TO '${ga4}' (FORMAT parquet)`);
  const rows = (await connection.runAndReadAll('SELECT us, ms_of_t_ms FROM ev')).getRows();
  written = rows.map(([us, msOfTms]) => {
    const ms = msOf(us);
    return { t_ms: Number(msOfTms), t_us: ms, t_ns: ms, t_tz: ms, day: Math.floor(ms / 86_400_000) * 86_400_000, secs: Math.floor(ms / 1000) * 1000 };
  });
  connection.closeSync();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function classifier() {
  return compileClassifier(checkRules(parseChannels(RULES), RULES));
}

const mapTime = (column: string, timeUnit?: 's' | 'us' | 'ms'): EventSourceOptions => ({ map: [{ name: 'time', path: column }], ...(timeUnit === undefined ? {} : { timeUnit }) });

/** The instant in milliseconds (truncated toward earlier time) of the microseconds `us` (a number or its text). */
function msOf(us: unknown): number {
  const big = BigInt(us as number | string);
  return Number(big / 1000n - (big % 1000n < 0n ? 1n : 0n));
}

/** Each event's line and time, as the one-thread report reads them (every row an event when `skipped` is 0). */
async function times(source: RunReportOptions['source'], eventFields: EventSourceOptions, skipped = 0): Promise<Array<[number, number]>> {
  const result = await runReport({ source, classifier: classifier(), eventFields, collectClassified: true });
  expect(result.skippedCount).toBe(skipped);
  return result.classified!.map((event) => [event.line, event.meta.time]);
}

/** What DuckDB wrote in `column`, by line: the time's milliseconds, or its day's. */
let written: Array<Record<string, number>>;

async function expectedTimes(column: string): Promise<Array<[number, number]>> {
  const read = await times({ path: typed }, mapTime(column));
  // With milliseconds (the default), as they always were read: the instant DuckDB wrote.
  expect(read.map(([line, time]) => [line, time])).toEqual(written.map((row, i) => [i + 1, row[column]]));
  return read;
}

describe('a typed Parquet time is an instant whatever --time-unit says', () => {
  it.each([...typedColumns, 'day'])('%s: read with --time-unit s and us as with ms, before 1970 and after', async (column) => {
    const expected = await expectedTimes(column);
    expect(expected).toHaveLength(ROWS);
    for (const unit of ['s', 'us'] as const) expect(await times({ path: typed }, mapTime(column, unit)), unit).toEqual(expected);
  });

  it('an untyped INT64 column of the same file is read in --time-unit (seconds; a negative number is no time)', async () => {
    const from1970 = written.flatMap((row, i) => (row.secs! >= 0 ? [[i + 1, row.secs!]] : []));
    expect(await times({ path: typed }, mapTime('secs', 's'), ROWS - from1970.length)).toEqual(from1970);
  });

  it('standard input, a zip entry and the preview (by path and from its bytes) read the same times', async () => {
    const bytes = readFileSync(typed);
    const zip = path.join(dir, 'typed.zip');
    writeFileSync(zip, await zipBuffer([{ kind: 'file', name: 'a.parquet', data: bytes }]));
    for (const column of ['t_us', 'day']) {
      const expected = await expectedTimes(column);
      const fields = mapTime(column, 's');
      const stream = (async function* () {
        yield bytes;
      })();
      expect(await times({ stream, format: 'ndjson', name: '(stdin)' }, fields), `${column} stdin`).toEqual(expected);
      expect(await times({ path: zip }, fields), `${column} zip`).toEqual(expected);
      for (const source of [{ kind: 'path' as const, path: typed }, { kind: 'bytes' as const, name: 'typed.parquet', bytes: new Uint8Array(bytes) }]) {
        const sample = await loadSample(1, { ...source, eventSource: fields }, 'typed.parquet');
        expect(Array.from(sample.columns.times.slice(0, sample.columns.count)), `${column} preview ${source.kind}`).toEqual(expected.map(([, time]) => time));
      }
    }
  });

  it('on worker threads, the report equals the one-thread report with milliseconds', async () => {
    const settings = parseReportSettings({ conversion: 'purchase', lookback: '30d', sessionTimeout: '20d' });
    const outcome = (result: RunReportResult) => JSON.stringify({ report: result.report, events: result.events, skipped: result.skipped, sessionOf: Array.from(result.sessionOf ?? []) });
    expect((await parquetFileRowGroupEnds(typed, typed)).length).toBeGreaterThan(2);
    const zip = path.join(dir, 'typed-for-threads.zip');
    writeFileSync(zip, await zipBuffer([{ kind: 'file', name: 'a.parquet', data: readFileSync(typed) }]));
    // The file's row groups read by the threads given them; a zip's Parquet read on the main thread.
    for (const [column, source] of [['t_ns', typed], ['day', typed], ['t_us', zip]] as const) {
      const base = { source: { path: source }, settings, eventFields: mapTime(column) };
      const reference = outcome(await runReport({ ...base, classifier: classifier() }));
      for (const unit of ['s', 'us'] as const) {
        const eventFields = mapTime(column, unit);
        expect(outcome(await runReport({ ...base, classifier: classifier(), eventFields })), `${column} ${unit}`).toBe(reference);
        for (const rangeSize of [1, 1 << 20]) {
          const threaded = await runReportThreaded({ ...base, classifier: classifier(), eventFields, threads: 2, rangeSize, workerScript: WORKER, attributeElsewhereFrom: 0, numberSessions: true });
          expect(outcome(threaded), `${column} ${unit} threads (range ${rangeSize})`).toBe(reference);
        }
      }
    }
  });

  it('GA4 (numbers in microseconds) reads a typed event_timestamp as its instant, detected or given, on one thread or two', async () => {
    for (const eventFields of [{}, { from: 'ga4' as const }]) {
      expect(await times({ path: ga4 }, eventFields)).toEqual(written.map((row, i) => [i + 1, row.t_us]));
      const settings = parseReportSettings({ conversion: 'purchase', lookback: '30d' });
      const reference = await runReport({ source: { path: ga4 }, classifier: classifier(), settings, eventFields: { map: [{ name: 'time', path: 'time_text' }, { name: 'user', path: 'user_pseudo_id' }, { name: 'type', path: 'event_name' }] } });
      const threaded = await runReportThreaded({ source: { path: ga4 }, classifier: classifier(), settings, eventFields, threads: 2, rangeSize: 1, workerScript: WORKER, attributeElsewhereFrom: 0 });
      expect(threaded.report).toEqual(reference.report);
    }
  });

  it('INT96 timestamps (no unit of their own: nanoseconds) are ISO text too', async () => {
    await loadParquetLibrary();
    // Julian day 2440588 is 1970-01-01; 12 bytes: nanoseconds of the day (8), then the day (4), little-endian.
    const int96 = (day: number, nanos: bigint) => (BigInt(day) << 64n) | nanos;
    const decoder = { element: { name: 'x', type: 'INT96' }, parsers: TIME_TEXT_PARSERS };
    const values = parquetLibrary().convert([int96(2440588 + 19783, 1_500_999n), int96(2440587, 86_399_999_999_999n)] as never, decoder as never);
    expect(Array.from(values as unknown as string[])).toEqual(['2024-03-01T00:00:00.001Z', '1969-12-31T23:59:59.999Z']);
  });
});
