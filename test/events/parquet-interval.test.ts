// Parquet types hyparquet does not convert (engine/events/parquet-unconverted): an
// INTERVAL, written by DuckDB as a column, in a struct, a list, a list of structs and a
// map, is read as {months, days, milliseconds} (what DuckDB reads back, its micros in
// milliseconds), the same by the file reader, the bytes reader (the web build) and a
// report on one and two threads; a BSON column is refused by name where the run reads
// it, and a report whose rules never reach it reads on. Both were "damaged Parquet
// file": hyparquet throws for either type, and the first row of a report is read whole.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import type { EventBatch, EventProps } from '../../engine/events/event';
import { readEventFileBytes } from '../../engine/events/read-event-bytes';
import { readEventFile } from '../../engine/events/read-events';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport, type RunReportOptions, type RunReportResult } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { runCli } from '../support/run-cli';

const WORKER = path.join(__dirname, '..', '..', 'dist', 'range-worker.js');
const ROWS = 300;

/** Row i's interval, as its three parts (NULL where i % 7 is 0); few distinct values, so DuckDB writes a dictionary too. */
function intervalOf(i: number): { months: number; days: number; milliseconds: number } | undefined {
  return i % 7 === 0 ? undefined : { months: i % 3, days: (i * 5) % 4, milliseconds: (i % 5) * 90_001 };
}

const sql = (i: string) => `to_months(${i} % 3) + to_days((${i} * 5) % 4) + to_milliseconds((${i} % 5) * 90001)`;

let dir: string;
let intervals: string;
/** The same rows, PLAIN (no dictionary) in version 2 data pages. */
let plainV2: string;
let bson: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cr-parquet-interval-'));
  intervals = path.join(dir, 'intervals.parquet');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  plainV2 = path.join(dir, 'intervals-plain-v2.parquet');
  await connection.run(
    `CREATE TABLE ev AS SELECT 'u' || (i % 9) AS user_id, TIMESTAMP '2024-03-01 00:00:00' + to_seconds(i * 61) AS time,
       CASE WHEN i % 2 = 0 THEN 'email' ELSE 'cpc' END AS utm_medium,
       CASE WHEN i % 7 = 0 THEN NULL ELSE ${sql('i')} END AS duration,
       {'d': ${sql('i')}, 'n': i} AS s, [${sql('i')}, NULL] AS l, [{'d': ${sql('i')}}] AS ls, MAP {'k': ${sql('i')}} AS m
     FROM range(${ROWS}) t(i)`,
  );
  await connection.run(`COPY ev TO '${intervals}' (FORMAT parquet)`);
  await connection.run(`COPY ev TO '${plainV2}' (FORMAT parquet, DICTIONARY_SIZE_LIMIT 1, PARQUET_VERSION V2)`);
  const pages = (await connection.runAndReadAll(`SELECT dictionary_page_offset FROM parquet_metadata('${plainV2}') WHERE path_in_schema = 'duration'`)).getRows();
  expect(pages).toEqual([[null]]);
  // What DuckDB reads back (micros, a whole number of milliseconds: Parquet stores milliseconds).
  const back = (await connection.runAndReadAll(`SELECT duration FROM '${intervals}'`)).getRowObjectsJson();
  expect(back.slice(0, 3)).toEqual([{ duration: null }, { duration: { months: 1, days: 1, micros: '90001000' } }, { duration: { months: 2, days: 2, micros: '180002000' } }]);
  connection.closeSync();
  bson = path.join(dir, 'bson.parquet');
  const payload = new Uint8Array([5, 0, 0, 0, 0]);
  writeBsonParquet(bson, 'payload', Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? null : payload)), 50);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Events with a BSON column `column` holding `values` (DuckDB writes no BSON; hyparquet-writer writes the annotation over raw bytes). */
function writeBsonParquet(file: string, column: string, values: ReadonlyArray<Uint8Array | null>, rowGroupSize?: number): void {
  const rows = values.length;
  writeFileSync(
    file,
    new Uint8Array(
      parquetWriteBuffer({
        schema: [
          { name: 'root', num_children: 4 },
          { name: 'user_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
          { name: 'time', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' },
          { name: 'utm_medium', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
          { name: column, type: 'BYTE_ARRAY', converted_type: 'BSON', repetition_type: 'OPTIONAL' },
        ],
        columnData: [
          { name: 'user_id', data: Array.from({ length: rows }, (_, i) => `u${i % 5}`) },
          { name: 'time', data: Array.from({ length: rows }, (_, i) => new Date(Date.UTC(2024, 2, 1) + i * 60_000)) },
          { name: 'utm_medium', data: Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 'email' : 'cpc')) },
          { name: column, data: [...values] },
        ],
        ...(rowGroupSize === undefined ? {} : { rowGroupSize }),
      }),
    ),
  );
}

async function rowsOf(batches: AsyncGenerator<EventBatch>): Promise<Array<{ line: number; props: EventProps }>> {
  const all: Array<{ line: number; props: EventProps }> = [];
  for await (const batch of batches) all.push(...batch.events);
  return all;
}

function classifier(rules: string) {
  return compileClassifier(checkRules(parseChannels(rules), rules));
}

const EMAIL = 'channel "Email"\n  when utm_medium = "email"\n';
const BY_DURATION = 'channel "Long"\n  when duration.days = "3" and duration.milliseconds = "180002"\nchannel "Monthly"\n  when s.d.months = "1"\n';

/** The report on one thread and on two (one worker), as JSON; an error as its name and message. */
async function reports(file: string, rules: string): Promise<{ one: string; two: string }> {
  const base: RunReportOptions = { source: { path: file }, classifier: classifier(rules), settings: parseReportSettings({}) };
  const settle = (run: Promise<RunReportResult>) =>
    run.then(
      (result) => JSON.stringify({ report: result.report, events: result.events, skipped: result.skipped }),
      (error: Error) => `${error.name}: ${error.message}`,
    );
  const one = await settle(runReport(base));
  const two = await settle(runReportThreaded({ ...base, classifier: classifier(rules), threads: 2, rangeSize: 100, workerScript: WORKER }));
  return { one, two };
}

describe('INTERVAL', () => {
  it.each(['dictionary', 'plain, pages v2'])('%s: {months, days, milliseconds} as a column, in a struct, a list, a list of structs and a map; a null missing', async (kind) => {
    const rows = await rowsOf(readEventFile(kind === 'dictionary' ? intervals : plainV2));
    expect(rows).toHaveLength(ROWS);
    rows.forEach(({ line, props }, i) => {
      expect(line).toBe(i + 1);
      const all = { months: i % 3, days: (i * 5) % 4, milliseconds: (i % 5) * 90_001 };
      expect(props.duration).toEqual(intervalOf(i));
      expect(props.s).toEqual({ d: all, n: i });
      expect(props.l).toEqual([all, null]);
      expect(props.ls).toEqual([{ d: all }]);
      expect(props.m).toEqual({ k: all });
    });
  });

  it('reads the same through the bytes reader (the web build)', async () => {
    for (const file of [intervals, plainV2]) {
      const node = await rowsOf(readEventFile(file));
      const web = await rowsOf(readEventFileBytes(new Uint8Array(readFileSync(file)), file));
      expect(web).toEqual(node);
    }
  });

  it('a report on one and two threads: rules that read into it, and rules that never reach it', async () => {
    for (const file of [intervals, plainV2]) {
      for (const rules of [BY_DURATION, EMAIL]) {
        const { one, two } = await reports(file, rules);
        expect(one).not.toMatch(/Error/);
        expect(two).toBe(one);
      }
    }
    const result = await runReport({ source: { path: intervals }, classifier: classifier(BY_DURATION), collectClassified: true });
    const channels = result.classified!.map((event) => event.channel);
    const expected = Array.from({ length: ROWS }, (_, i) => {
      const each = intervalOf(i);
      if (each?.days === 3 && each.milliseconds === 180_002) return 'Long';
      return i % 3 === 1 ? 'Monthly' : null;
    });
    expect(channels).toEqual(expected);
    expect(channels).toContain('Long');
  });

  it('the CLI reads it: report and classify exit 0', () => {
    const rules = path.join(dir, 'email.channels');
    writeFileSync(rules, EMAIL);
    for (const command of ['report', 'classify']) {
      const run = runCli([command, rules, '--events', intervals]);
      expect(run.stderr, command).toBe('');
      expect(run.code, command).toBe(0);
    }
  });
});

describe('BSON', () => {
  it('in a file of one row (read whole before the run knows its columns), is refused where a rule reaches it', async () => {
    const single = path.join(dir, 'bson-one-row.parquet');
    writeBsonParquet(single, 'blob', [new Uint8Array([5, 0, 0, 0, 0])]);
    const { one, two } = await reports(single, 'channel "P"\n  when blob exists\n');
    expect(one).toBe(`EventFileError: ${single}: column blob has Parquet type BSON, which is not read`);
    expect(two).toBe(one);
  });

  it('a report whose rules never reach it reads on, the same on one and two threads', async () => {
    const { one, two } = await reports(bson, EMAIL);
    expect(one).not.toMatch(/Error/);
    expect(JSON.parse(one).events).toBe(200);
    expect(two).toBe(one);
  });

  it('is refused by name, not as damage, where a rule reaches it, on one and two threads, and where every column is read', async () => {
    const { one, two } = await reports(bson, 'channel "P"\n  when payload exists\n');
    expect(one).toBe(`EventFileError: ${bson}: column payload has Parquet type BSON, which is not read`);
    expect(two).toBe(one);
    const every = runReport({ source: { path: bson }, classifier: classifier(EMAIL), collectClassified: true });
    await expect(every).rejects.toThrow(`${bson}: column payload has Parquet type BSON, which is not read`);
    const rules = path.join(dir, 'payload.channels');
    writeFileSync(rules, 'channel "P"\n  when payload exists\n');
    const run = runCli(['report', rules, '--events', bson]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`channel-rules report: ${bson}: column payload has Parquet type BSON, which is not read\n`);
  });

  it('a report whose rules no longer reach it reads on after one whose rules did, in the same process (the language server, the preview)', async () => {
    // The field lookup is shared per source system in a process, and kept every path
    // a run had compiled: the columns read were those any rules had reached since.
    const refused = await reports(bson, 'channel "P"\n  when payload exists\n');
    expect(refused.one).toBe(`EventFileError: ${bson}: column payload has Parquet type BSON, which is not read`);
    const { one, two } = await reports(bson, EMAIL);
    expect(one).not.toMatch(/Error/);
    expect(JSON.parse(one).events).toBe(200);
    expect(two).toBe(one);
  });
});
