// Parquet written by an independent engine (DuckDB's COPY … TO, four codecs, small
// row groups) with nested structs, repeated fields, INT64 past 2^53, timestamps of
// every unit, dates and nulls: read as SPEC §3.1 says, and giving the report of the
// same rows exported by DuckDB as NDJSON.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventProps } from '../../engine/events/event';
import { readEventMeta } from '../../engine/events/event-meta';
import { fieldAccessor } from '../../engine/events/fields';
import { readEventFile } from '../../engine/events/read-events';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { amplitudeClassifier } from '../report/hand-classifier';

const ROWS = 300;
const TABLE = `
  SELECT
    CASE WHEN i % 17 = 0 THEN NULL ELSE 'u' || (i % 7) END AS user_id,
    (9007199254740993 + i)::BIGINT AS big_id,
    TIMESTAMP '2024-03-01 00:00:00' + to_seconds(i * 37) + to_microseconds((i * 123457) % 1000000) AS event_time,
    CASE i % 3 WHEN 0 THEN 'Page View' WHEN 1 THEN 'Purchase' ELSE NULL END AS event_type,
    {'utm_medium': CASE i % 4 WHEN 0 THEN 'email' WHEN 1 THEN 'paid search' WHEN 2 THEN NULL ELSE 'paid social' END,
     'plan': 'p' || (i % 2), 'nested': {'depth': (i % 5)::INTEGER}} AS event_properties,
    CASE WHEN i % 5 = 0 THEN NULL ELSE ['a', 'b', CASE WHEN i % 2 = 0 THEN NULL ELSE 'c' END] END AS tags,
    [{'k': 'x', 'v': i}, {'k': 'y', 'v': NULL}] AS params,
    (i * 1000)::INTEGER AS small_int,
    CASE WHEN i % 11 = 0 THEN -1 ELSE i % 9 END::BIGINT AS session_id,
    i % 2 = 0 AS flag,
    DATE '2024-01-01' + i::INTEGER AS day
  FROM range(${ROWS}) t(i)`;

let dir: string;
let connection: DuckDBConnection;
const parquetFiles: Record<string, string> = {};
let ndjsonFile: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cr-parquet-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
  await connection.run(`CREATE TABLE ev AS ${TABLE}`);
  await connection.run(
    `CREATE TABLE times AS SELECT event_time::TIMESTAMP_MS AS t_ms, event_time AS t_us, event_time::TIMESTAMP_NS AS t_ns, event_time::TIMESTAMPTZ AS t_tz FROM ev`,
  );
  for (const codec of ['snappy', 'zstd', 'gzip', 'uncompressed']) {
    parquetFiles[codec] = path.join(dir, `events-${codec}.parquet`);
    await connection.run(`COPY ev TO '${parquetFiles[codec]}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 64)`);
  }
  parquetFiles.times = path.join(dir, 'times.parquet');
  await connection.run(`COPY times TO '${parquetFiles.times}' (FORMAT parquet)`);
  await connection.run(
    `CREATE TABLE old_times AS SELECT t::TIMESTAMP_MS AS t_ms, t AS t_us, t::TIMESTAMP_NS AS t_ns, t::TIMESTAMPTZ AS t_tz, t::DATE AS day, epoch_us(t) AS us, epoch_ms(t::TIMESTAMP_MS) AS ms_of_t_ms FROM (
       SELECT TIMESTAMP '1969-12-31 23:59:59.999999' - to_microseconds(i * 86_399_999_937) AS t FROM range(40) r(i)
       UNION ALL SELECT * FROM (VALUES (TIMESTAMP '1900-01-01 00:00:00.000001'), (TIMESTAMP '1677-09-22 00:00:00'), (TIMESTAMP '1970-01-01 00:00:00'))
     )`,
  );
  parquetFiles.oldTimes = path.join(dir, 'old-times.parquet');
  await connection.run(`COPY old_times TO '${parquetFiles.oldTimes}' (FORMAT parquet)`);
  ndjsonFile = path.join(dir, 'events.ndjson');
  await connection.run(`COPY ev TO '${ndjsonFile}' (FORMAT json)`);
}, 60_000);

afterAll(() => {
  connection?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

async function rows(file: string): Promise<Array<{ line: number; props: EventProps }>> {
  const all: Array<{ line: number; props: EventProps }> = [];
  for await (const batch of readEventFile(file)) all.push(...batch.events);
  return all;
}

describe('Parquet written by DuckDB', () => {
  it.each(['snappy', 'zstd', 'gzip', 'uncompressed'])('%s: every row, numbered, as the NDJSON export reads (where it writes null, missing)', async (codec) => {
    const parquet = await rows(parquetFiles[codec]!);
    const json = await rows(ndjsonFile);
    expect(parquet.map((row) => row.line)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    const paths = ['user_id', 'event_type', 'event_properties.utm_medium', 'utm_medium', 'plan', 'event_properties.nested.depth', 'small_int', 'session_id', 'flag', 'tags', 'params'];
    for (const field of paths) {
      const read = fieldAccessor(field);
      // DuckDB's JSON writes a NULL as null; Parquet cannot tell null from missing, and reads it as missing.
      expect(parquet.map((row) => read(row.props)), field).toEqual(json.map((row) => read(row.props) ?? undefined));
    }
    // Times: epoch milliseconds, the NDJSON's "YYYY-MM-DD HH:MM:SS.ffffff" truncated to ms (SPEC §3).
    expect(parquet.map((row) => readEventMeta(row.props))).toEqual(json.map((row) => readEventMeta(row.props)));
  });

  it('INT64 past 2^53 is its exact decimal text; dates and timestamps are epoch milliseconds; repeated groups arrays; a null missing, in an array null', async () => {
    const parquet = await rows(parquetFiles.zstd!);
    parquet.forEach((row, i) => {
      expect(row.props.big_id).toBe((9007199254740993n + BigInt(i)).toString());
      expect(row.props.day).toBe(Date.UTC(2024, 0, 1) + i * 86_400_000);
      expect(row.props.event_time).toBe(Date.UTC(2024, 2, 1) + i * 37_000 + Math.floor(((i * 123457) % 1000000) / 1000));
      expect(row.props.params).toEqual([{ k: 'x', v: i }, { k: 'y', v: null }]);
      expect(row.props.tags).toEqual(i % 5 === 0 ? undefined : ['a', 'b', i % 2 === 0 ? null : 'c']);
    });
  });

  it("timestamps in ms, us, ns and with time zone are epoch milliseconds, as DuckDB's epoch_ms says", async () => {
    const times = await rows(parquetFiles.times!);
    const reader = await connection.runAndReadAll(
      'SELECT epoch_ms(t_ms::TIMESTAMP), epoch_ms(t_us), epoch_ms(t_ns::TIMESTAMP), epoch_ms(t_tz) FROM times',
    );
    const expected = reader.getRows().map((row) => row.map(Number));
    expect(times.map(({ props }) => [props.t_ms, props.t_us, props.t_ns, props.t_tz])).toEqual(expected);
  });

  it('timestamps and dates before 1970 are event times (a negative number is none), to the millisecond, truncated toward earlier time', async () => {
    // They were numbers below zero, and every such row was skipped as an unparsable time.
    const rowsRead = await rows(parquetFiles.oldTimes!);
    expect(rowsRead).toHaveLength(43);
    const timeOf = (value: unknown): number | string => {
      const meta = readEventMeta({ user_id: 'u', time: value as string });
      return typeof meta === 'string' ? meta : meta.time;
    };
    for (const { props } of rowsRead) {
      const us = BigInt(props.us as number | string);
      const ms = Number(us / 1000n - (us % 1000n < 0n ? 1n : 0n));
      const day = Math.floor(ms / 86_400_000) * 86_400_000;
      // t_ms holds what DuckDB's cast to milliseconds made of the time; t_ns the same instant in nanoseconds.
      expect([props.t_ms, props.t_us, props.t_ns, props.t_tz, props.day].map(timeOf)).toEqual([Number(props.ms_of_t_ms), ms, ms, ms, day]);
    }
  });

  it('the report equals the report of the NDJSON export', async () => {
    const settings = parseReportSettings({ conversion: 'Purchase', lookback: '1h' });
    const run = (file: string) => runReport({ source: { path: file }, classifier: amplitudeClassifier, settings });
    const parquet = await run(parquetFiles.snappy!);
    const json = await run(ndjsonFile);
    expect(parquet.report).toEqual(json.report);
    expect(parquet.skipped).toEqual(json.skipped);
    expect(parquet.report!.events).toBeGreaterThan(200);
  });

  it('NDJSON whose records have different keys, converted by DuckDB (a NULL wherever a record had no key), classifies as the NDJSON', async () => {
    // A record with no top-level utm_medium reads event_properties.utm_medium (SPEC §3);
    // in the Parquet its top-level column is NULL, which must not hide the property.
    const records = Array.from({ length: 120 }, (_, i) => ({
      user_id: `u${i % 9}`,
      event_time: `2024-03-01 00:${String(i % 60).padStart(2, '0')}:00.000000`,
      event_type: i % 5 === 0 ? 'Purchase' : 'Page View',
      ...(i % 3 === 0 ? { utm_medium: i % 2 === 0 ? 'email' : 'paid search' } : { event_properties: { utm_medium: i % 2 === 0 ? 'paid social' : 'email' } }),
      ...(i % 4 === 0 ? { referring_domain: 'google.com' } : {}),
    }));
    const ndjson = path.join(dir, 'mixed.ndjson');
    const parquet = path.join(dir, 'mixed.parquet');
    writeFileSync(ndjson, records.map((record) => JSON.stringify(record)).join('\n'));
    await connection.run(`COPY (SELECT * FROM read_json('${ndjson}', format = 'newline_delimited', sample_size = -1)) TO '${parquet}' (FORMAT parquet)`);
    const settings = parseReportSettings({ conversion: 'Purchase', lookback: '1h' });
    const run = (file: string) => runReport({ source: { path: file }, classifier: amplitudeClassifier, settings, collectClassified: true });
    const fromParquet = await run(parquet);
    const fromJson = await run(ndjson);
    expect(fromParquet.classified!.map((event) => event.channel)).toEqual(fromJson.classified!.map((event) => event.channel));
    expect(fromParquet.report).toEqual(fromJson.report);
    expect(new Set(fromJson.classified!.map((event) => event.channel)).size).toBeGreaterThan(2);
  });
});
