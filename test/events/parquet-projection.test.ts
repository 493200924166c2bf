// A report reads only the Parquet columns its field paths reach (engine/events/
// parquet-projection), from its second row on. Exactness: rules on fields that
// live only in columns no canonical field needs (a struct's leaf, a top-level column,
// a column literally named with a dot, a GA4 key/value list, a source system's own
// paths) give the report of the same rows as NDJSON, and of the same file read whole
// (classify and the preview hand out whole records).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { columnsReachedBy } from '../../engine/events/parquet-projection';
import { readParquetFile } from '../../engine/events/parquet-reader';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport, type RunReportResult } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { parseChannels } from '../../grammar/parse';

// DuckDB rounds row groups up to 2,048 rows: three of them.
const ROWS = 6000;
const GROUP = 2048;
const TABLE = `
  SELECT
    'u' || (i % 9) AS user_id,
    TIMESTAMP '2024-03-01 00:00:00' + to_seconds(i * 97) AS time,
    CASE i % 4 WHEN 0 THEN 'Purchase' ELSE 'Page View' END AS event_type,
    CASE i % 5 WHEN 0 THEN '/pricing' WHEN 1 THEN '/blog/x' ELSE '/' END AS page_path,
    'never read ' || i AS unused_text,
    {'utm_medium': CASE i % 6 WHEN 1 THEN 'email' ELSE NULL END, 'gclid': NULL::VARCHAR, 'unused': i} AS event_properties,
    {'plan': CASE i % 3 WHEN 0 THEN 'pro' WHEN 1 THEN 'free' ELSE NULL END, 'country': 'DE'} AS user_properties,
    CASE i % 7 WHEN 0 THEN 'spring' ELSE NULL END AS "event_properties.campaign",
    ['x', 'y'] AS tags
  FROM range(${ROWS}) t(i)`;

// Every field but user/time/event_type is one that no canonical field reaches.
const RULES = `
channel "pricing"
  when page_path = "/pricing"
channel "pro plan"
  when plan = "pro"
channel "campaign"
  when campaign = "spring"
channel "email"
  when utm_medium = "email"
channel "tagged"
  when tags = "[\\"x\\",\\"y\\"]" and page_path = "/blog/x"
otherwise "other"
`;

// GA4 (SPEC §3.2): a key/value param only a rule reads, beside a mapped canonical field.
const GA4_TABLE = `
  SELECT
    'p' || (i % 9) AS user_pseudo_id,
    (1709251200000000 + i * 97000000)::BIGINT AS event_timestamp,
    CASE i % 4 WHEN 0 THEN 'purchase' ELSE 'page_view' END AS event_name,
    [{'key': 'ga_session_id', 'value': {'string_value': NULL::VARCHAR, 'int_value': (i // 10)::BIGINT}},
     {'key': 'coupon', 'value': {'string_value': CASE WHEN i % 8 = 0 THEN 'SAVE10' ELSE NULL END, 'int_value': NULL::BIGINT}}] AS event_params,
    {'manual_source': 'newsletter', 'manual_medium': CASE i % 6 WHEN 0 THEN 'email' ELSE NULL END} AS collected_traffic_source,
    {'category': 'desktop', 'unused': 'x'} AS device
  FROM range(${ROWS}) t(i)`;

const GA4_RULES = `
channel "coupon"
  when coupon = "SAVE10"
channel "email"
  when utm_medium = "email"
otherwise "other"
`;

let dir: string;
let connection: DuckDBConnection;
let parquetFile: string;
let ndjsonFile: string;
let ga4Parquet: string;
let ga4Ndjson: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cr-parquet-projection-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
  await connection.run(`CREATE TABLE ev AS ${TABLE}`);
  parquetFile = path.join(dir, 'events.parquet');
  await connection.run(`COPY ev TO '${parquetFile}' (FORMAT parquet, ROW_GROUP_SIZE ${GROUP})`);
  ndjsonFile = path.join(dir, 'events.ndjson');
  await connection.run(`COPY ev TO '${ndjsonFile}' (FORMAT json)`);
  await connection.run(`CREATE TABLE ga4 AS ${GA4_TABLE}`);
  ga4Parquet = path.join(dir, 'ga4.parquet');
  await connection.run(`COPY ga4 TO '${ga4Parquet}' (FORMAT parquet, ROW_GROUP_SIZE ${GROUP})`);
  ga4Ndjson = path.join(dir, 'ga4.ndjson');
  await connection.run(`COPY ga4 TO '${ga4Ndjson}' (FORMAT json)`);
}, 60_000);

afterAll(() => {
  connection?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe('Parquet column projection', () => {
  it('a column is read when a path names it, lies above it or below it', () => {
    const reached = columnsReachedBy(['utm_source', 'event_properties.utm_source', 'event_params.coupon', 'tags']);
    expect(['utm_source', 'event_properties.utm_source', 'event_params.list.element.key', 'tags.list.element'].map(reached)).toEqual([true, true, false, true]);
    // `event_params.coupon` reads into the list `event_params`: a column above the path.
    expect(columnsReachedBy(['event_params.coupon'])('event_params')).toBe(true);
    expect(['event_properties.plan', 'page_path', 'utm', 'utm_source_x'].map(reached)).toEqual([false, false, false, false]);
  });

  it('later row groups lack the columns no path reaches, and keep those some path reaches', async () => {
    const batches: Array<Array<Record<string, unknown>>> = [];
    const columns = columnsReachedBy(['user_id', 'user_properties.plan', 'event_properties.campaign']);
    for await (const batch of readParquetFile(parquetFile, parquetFile, { columns: () => (batches.length === 0 ? undefined : columns) })) {
      batches.push(batch.events.map((event) => event.props));
    }
    // The first row alone and whole (its reader sets up its accessors), then each row group.
    expect(batches.map((batch) => batch.length)).toEqual([1, GROUP - 1, GROUP, ROWS - 2 * GROUP]);
    expect(Object.keys(batches[0]![0]!)).toContain('unused_text');
    const later = batches[1]![0]!;
    expect(Object.keys(later)).toEqual(['user_id', 'user_properties', 'event_properties.campaign']);
    expect(Object.keys(later.user_properties as object)).toEqual(['plan']);
  });

  it('a report on fields only in columns no canonical field needs equals the NDJSON report and the whole-record read', async () => {
    const classifier = compileClassifier(checkRules(parseChannels(RULES), RULES));
    const settings = parseReportSettings({ conversion: 'Purchase', lookback: '1h' });
    const projected = await runReport({ source: { path: parquetFile }, classifier, settings });
    const whole = await runReport({ source: { path: parquetFile }, classifier, settings, collectClassified: true });
    const ndjson = await runReport({ source: { path: ndjsonFile }, classifier, settings });
    expect(projected.report).toEqual(ndjson.report);
    expect(whole.report).toEqual(ndjson.report);
    // Every channel is reached, most of them only after the first row group.
    const totals = Object.fromEntries(projected.report!.channels.map((row) => [row.channel, row.totals]));
    for (const channel of ['pricing', 'pro plan', 'campaign', 'email', 'tagged']) expect(totals[channel], channel).toBeGreaterThan(GROUP / 20);
    // The whole read kept every column; the projected one did not need to.
    expect(Object.keys(whole.classified!.at(-1)!.props)).toContain('unused_text');
  });

  it('GA4: a key/value param only a rule reads, and a mapped canonical field, as the NDJSON export reads them', async () => {
    const classifier = compileClassifier(checkRules(parseChannels(GA4_RULES), GA4_RULES));
    const settings = parseReportSettings({ conversion: 'purchase', lookback: '1h' });
    const projected = await runReport({ source: { path: ga4Parquet }, classifier, settings });
    const ndjson = await runReport({ source: { path: ga4Ndjson }, classifier, settings });
    expect(projected.eventFields.system.id).toBe('ga4');
    expect(projected.report).toEqual(ndjson.report);
    const totals = Object.fromEntries(projected.report!.channels.map((row) => [row.channel, row.totals]));
    expect(totals.coupon).toBe(ROWS / 8);
    expect(totals.email).toBeGreaterThan(GROUP / 20);
    // Sessions are (user, ga_session_id): ten rows share a session id, and in each ten
    // rows one user (i % 9) comes twice, so 9 sessions per ten rows.
    expect(projected.report!.sessionCount).toBe((ROWS / 10) * 9);
  });
});

// A row whose text is not UTF-8 is skipped (docs/events-and-reports.md), judged on the
// columns read: the rows up to the one that decides the source system are read whole,
// the rest with the columns the rules reach. So a row with such text only in a column
// no rule reads is an event past the deciding row, and skipped before it: the same on
// one thread, two, and the one-thread reader of standard input, and as the NDJSON of
// the same events (written with that text valid where the Parquet read skips nothing).
describe('Parquet text that is not UTF-8, on threads', () => {
  it('the skipped rows and the report are the same on one and two threads and as NDJSON, for plain and dictionary pages', async () => {
    const n = 600;
    const rules = 'channel "email"\n  when utm_medium = "email"\notherwise "other"\n';
    const bad = new Uint8Array([0x78, 0xc3, 0x28]);
    const encoder = new TextEncoder();
    // Rows 1 and 2: only the unread column (read whole, before the deciding row 3).
    const unreadBad = (i: number) => i < 2 || i % 13 === 5;
    const userBad = (i: number) => i % 17 === 4;
    const mediumBad = (i: number) => i % 19 === 7;
    const user = (i: number) => `u${i % 23}`;
    const medium = (i: number) => (i % 3 === 0 ? 'email' : 'cpc');
    const time = (i: number) => Date.UTC(2024, 0, 1) + i * 61_000;
    const ROOT = path.join(__dirname, '..', '..');
    const classifier = () => compileClassifier(checkRules(parseChannels(rules), rules));
    const settings = parseReportSettings({ conversion: 'purchase', lookback: '1h' });
    const outcome = (result: RunReportResult) => ({ report: result.report, events: result.events, skipped: result.skipped.map((line) => line.line), sessionOf: Array.from(result.sessionOf ?? []) });
    for (const [userEncoding, mediumEncoding] of [['PLAIN', 'RLE_DICTIONARY'], ['RLE_DICTIONARY', 'PLAIN']] as const) {
      const buffer = parquetWriteBuffer({
        columnData: [
          { name: 'user_id', type: 'STRING', encoding: userEncoding, data: Array.from({ length: n }, (_, i) => (userBad(i) ? bad : user(i))) },
          { name: 'time', type: 'TIMESTAMP', data: Array.from({ length: n }, (_, i) => new Date(time(i))) },
          { name: 'event_type', type: 'STRING', data: Array.from({ length: n }, (_, i) => (i % 10 === 9 ? 'purchase' : 'page_view')) },
          { name: 'utm_medium', type: 'STRING', encoding: mediumEncoding, data: Array.from({ length: n }, (_, i) => (mediumBad(i) ? bad : medium(i))) },
          { name: 'unused_text', type: 'STRING', data: Array.from({ length: n }, (_, i) => (unreadBad(i) ? bad : encoder.encode(`t${i}`))) },
        ],
        rowGroupSize: 70,
        pageSize: 300,
      });
      const encodings = new Set(parquetMetadata(buffer).row_groups[0]!.columns.flatMap((chunk) => chunk.meta_data!.encodings));
      expect([...encodings]).toEqual(expect.arrayContaining(['PLAIN', 'RLE_DICTIONARY']));
      const parquet = path.join(dir, `bad-utf8-${userEncoding}.parquet`);
      writeFileSync(parquet, new Uint8Array(buffer));
      // The same events as NDJSON: a line of invalid UTF-8 where the Parquet row is skipped.
      const lines = Array.from({ length: n }, (_, i) => {
        const skipped = i < 2 || userBad(i) || mediumBad(i);
        const record = { user_id: user(i), time: time(i), event_type: i % 10 === 9 ? 'purchase' : 'page_view', utm_medium: medium(i), unused_text: skipped ? 'BAD' : `t${i}` };
        const json = Buffer.from(JSON.stringify(record));
        return skipped ? Buffer.concat([json.subarray(0, json.indexOf('BAD')), Buffer.from(bad), json.subarray(json.indexOf('BAD') + 3)]) : json;
      });
      const ndjson = path.join(dir, 'bad-utf8.ndjson');
      writeFileSync(ndjson, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));

      const expected = outcome(await runReport({ source: { path: ndjson }, classifier: classifier(), settings }));
      expect(expected.skipped).toEqual(Array.from({ length: n }, (_, i) => i).filter((i) => i < 2 || userBad(i) || mediumBad(i)).map((i) => i + 1));
      const one = await runReport({ source: { path: parquet }, classifier: classifier(), settings });
      expect(outcome(one), `${userEncoding} one reader`).toEqual(expected);
      expect(one.skipped.slice(0, 3).map((line) => line.reason)).toEqual([
        'invalid UTF-8 in column unused_text at byte offset 1 of its value (0xC3)',
        'invalid UTF-8 in column unused_text at byte offset 1 of its value (0xC3)',
        'invalid UTF-8 in column user_id at byte offset 1 of its value (0xC3)',
      ]);
      for (const threads of [1, 2]) {
        const threaded = await runReportThreaded({ source: { path: parquet }, classifier: classifier(), settings, threads, rangeSize: 1000, workerScript: path.join(ROOT, 'dist', 'range-worker.js'), numberSessions: true });
        expect(outcome(threaded), `${userEncoding} on ${threads} threads`).toEqual(expected);
        expect(threaded.skipped).toEqual(one.skipped);
      }
    }
  });
});
