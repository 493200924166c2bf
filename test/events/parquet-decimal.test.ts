// A Parquet DECIMAL of scale 0 is an integer (a warehouse's NUMBER(38,0) id): read as a
// number when exact, else its decimal text, as an INT64 is (engine/events/parquet-unconverted),
// stored as INT32, INT64 or FIXED_LEN_BYTE_ARRAY, as a column, in a struct, a list, and as
// a map's value and key; the same by the file reader, the bytes reader (the web build)
// and a report on one and two threads. hyparquet divided it into a double: the users
// 123456789012345678 and 123456789012345677 were one. A DECIMAL of any other scale is
// its exact decimal text, as DuckDB's CAST(d AS VARCHAR) writes it (12.30, -0.05), held
// to DuckDB's text of random values of every precision and scale in each physical type
// (BYTE_ARRAY and a FIXED_LEN_BYTE_ARRAY of the fewest bytes, which DuckDB reads but does
// not write, written by hyparquet-writer); it was a double (12.3, and digits lost past 2^53).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { readEventFileBytes } from '../../engine/events/read-event-bytes';
import { readEventFile } from '../../engine/events/read-events';
import { propsOf } from '../support/event-chunks';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';

const WORKER = path.join(__dirname, '..', '..', 'dist', 'range-worker.js');

let dir: string;
let ids: string;
let connection: DuckDBConnection;

// Two users whose ids differ in the last digit, beyond 2^53, in each physical type DuckDB
// writes (INT32 up to precision 9, INT64 up to 18, FIXED_LEN_BYTE_ARRAY past it).
const ROWS = `
  (123456789012345678::DECIMAL(38,0), 1, 123456789::DECIMAL(9,0), 900719925474099301::DECIMAL(18,0),
   [12345678901234567890::DECIMAL(38,0), NULL], {'n': -98765432109876543210::DECIMAL(38,0)},
   MAP {123456789012345678901::DECIMAL(38,0): 10000000000000000001::DECIMAL(20,0)}, MAP {9007199254740993::DECIMAL(18,0): 'k'}, 0.1::DECIMAL(3,1)),
  (123456789012345677::DECIMAL(38,0), 2, -5::DECIMAL(9,0), -900719925474099301::DECIMAL(18,0),
   [NULL, 0::DECIMAL(38,0)], {'n': NULL}, MAP {-1::DECIMAL(38,0): 7::DECIMAL(20,0)}, MAP {-9007199254740993::DECIMAL(18,0): 'j'}, 12.5::DECIMAL(3,1))`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cr-parquet-decimal-'));
  ids = path.join(dir, 'ids.parquet');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
  await connection.run(
    `COPY (SELECT user_id, TIMESTAMP '2024-03-01 00:00:00' + to_seconds(t) AS time, 'cpc' AS utm_medium, small, mid, l, s, mb, mi, price
       FROM (VALUES ${ROWS}) v(user_id, t, small, mid, l, s, mb, mi, price)) TO '${ids}' (FORMAT parquet)`,
  );
  const types = (await connection.runAndReadAll(`SELECT path_in_schema, type FROM parquet_metadata('${ids}') WHERE path_in_schema IN ('user_id', 'small', 'mid')`)).getRows();
  expect(Object.fromEntries(types)).toEqual({ user_id: 'FIXED_LEN_BYTE_ARRAY', small: 'INT32', mid: 'INT64' });
}, 60_000);

afterAll(() => {
  connection.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe('a DECIMAL of scale 0', () => {
  it('is its exact integer: a number within 2^53, else its decimal text, in every physical type and nested', async () => {
    const [first, second] = await propsOf(readEventFile(ids));
    expect(first).toMatchObject({ user_id: '123456789012345678', small: 123456789, mid: '900719925474099301', l: ['12345678901234567890', null], s: { n: '-98765432109876543210' } });
    expect(first!.mb).toEqual({ '123456789012345678901': '10000000000000000001' });
    expect(first!.mi).toEqual({ '9007199254740993': 'k' });
    expect(second).toMatchObject({ user_id: '123456789012345677', small: -5, mid: '-900719925474099301', l: [null, 0] });
    expect(second!.mb).toEqual({ '-1': 7 });
    expect(second!.mi).toEqual({ '-9007199254740993': 'j' });
    // A DECIMAL with a fraction is its text, as DuckDB writes it.
    expect([first!.price, second!.price]).toEqual(['0.1', '12.5']);
  });

  it('reads the same through the bytes reader (the web build)', async () => {
    expect(await propsOf(readEventFileBytes(new Uint8Array(readFileSync(ids)), ids))).toEqual(await propsOf(readEventFile(ids)));
  });

  it('counts two users apart, on one thread and two', async () => {
    const rules = 'channel "Paid"\n  when utm_medium = "cpc"\n';
    const classifier = () => compileClassifier(checkRules(parseChannels(rules), rules));
    const base = { source: { path: ids }, classifier: classifier(), settings: parseReportSettings({}) };
    const one = await runReport(base);
    const two = await runReportThreaded({ ...base, classifier: classifier(), threads: 2, rangeSize: 1, workerScript: WORKER });
    expect(one.report?.users).toBe(2);
    expect(two.report).toEqual(one.report);
  });
});

describe('a DECIMAL with a fraction as the time', () => {
  it('is epoch milliseconds when its fraction is zeros (DECIMAL(16,3)), epoch seconds with any fraction under --time-unit s', async () => {
    const file = path.join(dir, 'decimal-times.parquet');
    await connection.run(`COPY (SELECT * FROM (VALUES ('u1', 1709251200000::DECIMAL(16,3), 1709251200.250::DECIMAL(13,3), 'cpc'), ('u2', 1709251200001.500::DECIMAL(16,3), 1709251201::DECIMAL(13,3), 'cpc')) AS t(user_id, time, seconds, utm_medium)) TO '${file}' (FORMAT PARQUET)`);
    const rules = 'channel "Paid"\n  when utm_medium = "cpc"\n';
    const run = async (eventFields?: { from: 'plain'; map: Array<{ name: string; path: string }>; timeUnit: 's' }) =>
      runReport({ source: { path: file }, classifier: compileClassifier(checkRules(parseChannels(rules), rules)), settings: parseReportSettings({}), ...(eventFields === undefined ? {} : { eventFields }) });
    const ms = await run();
    // 1709251200000.000 is a whole number of milliseconds, as the JSON number 1709251200000.000 is; 1709251200001.500 is none.
    expect(ms.report?.users).toBe(1);
    expect(ms.skipped).toEqual([{ line: 2, reason: expect.stringMatching(/^unparsable time "1709251200001\.500"/) }]);
    const seconds = await run({ from: 'plain', map: [{ name: 'time', path: 'seconds' }], timeUnit: 's' });
    expect(seconds.report?.users).toBe(2);
  });
});

/** A DECIMAL(precision, scale): its unscaled integers, one per row (null: NULL). */
interface DecimalColumn {
  precision: number;
  scale: number;
  values: Array<bigint | null>;
}

/** Unscaled integers of `precision` digits: any, the extremes, and small ones (a scale larger than their digits). */
function unscaledOf(precision: number): fc.Arbitrary<bigint> {
  const max = 10n ** BigInt(precision) - 1n;
  return fc.oneof(fc.bigInt({ min: -max, max }), fc.constantFrom(0n, 1n, -1n, max, -max), fc.bigInt({ min: max < 999n ? -max : -999n, max: max < 999n ? max : 999n }));
}

function decimalColumns(rows: number): fc.Arbitrary<DecimalColumn> {
  return fc.integer({ min: 1, max: 38 }).chain((precision) =>
    fc.record({ precision: fc.constant(precision), scale: fc.integer({ min: 0, max: precision }), values: fc.array(fc.option(unscaledOf(precision), { freq: 6 }), { minLength: rows, maxLength: rows }) }),
  );
}

/** The SQL literal of an unscaled integer at `scale` (only DuckDB's input: its output is what is compared). */
function literalOf(unscaled: bigint | null, scale: number): string {
  if (unscaled === null) return 'NULL';
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `'${unscaled < 0n ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}'`;
}

/**
 * What the reader is to hold for DuckDB's text of a DECIMAL of `scale`: of scale 0 a
 * number within 2^53; else the text, with the 0 before the point that DuckDB leaves out
 * when the precision equals the scale (`.50`, `-.05`).
 */
function expectedOf(duckText: string | null, scale: number): number | string | undefined {
  if (duckText === null) return undefined;
  const text = duckText.replace(/^(-?)\./, '$10.');
  return scale === 0 && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

async function duckTexts(sql: string): Promise<Array<Array<string | null>>> {
  return (await connection.runAndReadAll(sql)).getRows().map((row) => row.map((value) => (value === null ? null : String(value))));
}

let fileCount = 0;

describe('a DECIMAL of any scale', () => {
  it('is the text DuckDB writes for it, in each type DuckDB writes (INT32, INT64, FIXED_LEN_BYTE_ARRAY), as a column, in a list, a struct and as a map\'s key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }).chain((rows) => fc.array(decimalColumns(rows), { minLength: 1, maxLength: 4 })),
        async (columns) => {
          const file = path.join(dir, `duckdb-${fileCount++}.parquet`);
          const rows = columns[0]!.values.length;
          // Each row twice, so that DuckDB writes some columns with dictionaries.
          const tuples = Array.from({ length: rows * 2 }, (_, i) => `(${columns.map(({ precision, scale, values }) => `CAST(${literalOf(values[i % rows]!, scale)} AS DECIMAL(${precision},${scale}))`).join(', ')})`);
          const names = columns.map((_, i) => `c${i}`);
          await connection.run(
            `COPY (SELECT *, [c0, NULL] AS l, {'n': c0} AS s, CASE WHEN c0 IS NOT NULL THEN MAP {c0: 'k'} END AS m FROM (VALUES ${tuples.join(', ')}) v(${names.join(', ')})) TO '${file}' (FORMAT parquet)`,
          );
          const duck = await duckTexts(`SELECT ${names.map((name) => `CAST(${name} AS VARCHAR)`).join(', ')} FROM read_parquet('${file}')`);
          const read = await propsOf(readEventFile(file));
          const expected = duck.map((texts) => Object.fromEntries(texts.map((text, i) => [`c${i}`, expectedOf(text, columns[i]!.scale)])));
          expect(read.map((row) => Object.fromEntries(names.map((name) => [name, row[name]])))).toEqual(expected);
          // In a list an element keeps its null (a map's key cannot be one: that row's map is NULL, missing).
          expect(read.map((row) => [row.l, row.s, row.m])).toEqual(expected.map(({ c0 }) => [[c0 ?? null, null], { n: c0 }, c0 === undefined ? undefined : { [String(c0)]: 'k' }]));
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('inside a VARIANT is what hyparquet decodes the variant to (a double), not the unscaled integer', async () => {
    const file = path.join(dir, 'variant.parquet');
    await connection.run(`COPY (SELECT 12.30::DECIMAL(4,2)::VARIANT AS v, {'a': 1.25::DECIMAL(5,2), 'n': 7::DECIMAL(3,0)}::VARIANT AS w) TO '${file}' (FORMAT parquet)`);
    const typed = await duckTexts(`SELECT name, converted_type FROM parquet_schema('${file}') WHERE name = 'typed_value' AND converted_type IS NOT NULL`);
    expect(typed.length).toBeGreaterThan(0);
    const [row] = await propsOf(readEventFile(file));
    expect([row!.v, row!.w]).toEqual([12.3, { a: 1.25, n: 7 }]);
  });

  it('is the text DuckDB writes for it from a dictionary page too', async () => {
    const file = path.join(dir, 'dictionary.parquet');
    await connection.run(
      `COPY (SELECT CAST((i % 3 - 1) * 1.5 AS DECIMAL(4,1)) AS a, CAST((i % 3 - 1) * 0.25 AS DECIMAL(18,2)) AS b, CASE WHEN i % 5 <> 0 THEN CAST((i % 3) * 0.05 AS DECIMAL(9,3)) END AS c FROM range(1000) t(i)) TO '${file}' (FORMAT parquet)`,
    );
    const encodings = (await duckTexts(`SELECT path_in_schema, encodings FROM parquet_metadata('${file}')`)).map(([column, encoding]) => [column, encoding]);
    expect(encodings).toEqual([['a', 'PLAIN_DICTIONARY'], ['b', 'PLAIN_DICTIONARY'], ['c', 'PLAIN_DICTIONARY']]);
    const duck = await duckTexts(`SELECT CAST(a AS VARCHAR), CAST(b AS VARCHAR), CAST(c AS VARCHAR) FROM read_parquet('${file}')`);
    const read = await propsOf(readEventFile(file));
    expect(read.map((row) => [row.a, row.b, row.c])).toEqual(duck.map((texts) => texts.map((text) => expectedOf(text, 1))));
    expect(read.slice(0, 3).map((row) => [row.a, row.b, row.c])).toEqual([['-1.5', '-0.25', undefined], ['0.0', '0.00', '0.050'], ['1.5', '0.25', '0.100']]);
  });

  it('is the text DuckDB reads for it stored as BYTE_ARRAY or a FIXED_LEN_BYTE_ARRAY of the fewest bytes (as Arrow and parquet-mr write), as a column, in a list and as a map\'s key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }).chain((rows) => decimalColumns(rows)),
        async ({ precision, scale, values }) => {
          const file = path.join(dir, `writer-${fileCount++}.parquet`);
          let width = 1;
          while (2n ** BigInt(8 * width - 1) <= 10n ** BigInt(precision) - 1n) width++;
          const decimal = { converted_type: 'DECIMAL', scale, precision } as const;
          const rows = [...values, ...values];
          writeFileSync(
            file,
            new Uint8Array(
              parquetWriteBuffer({
                columnData: [
                  { name: 'b', data: rows },
                  { name: 'f', data: rows },
                  { name: 'l', data: rows.map((value) => [value, null]) },
                  { name: 'm', data: rows.map((value) => (value === null ? null : [{ key: value, value: 'k' }])) },
                ],
                schema: [
                  { name: 'root', num_children: 4 },
                  { name: 'b', type: 'BYTE_ARRAY', ...decimal, repetition_type: 'OPTIONAL' },
                  { name: 'f', type: 'FIXED_LEN_BYTE_ARRAY', type_length: width, ...decimal, repetition_type: 'OPTIONAL' },
                  { name: 'l', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
                  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
                  { name: 'element', type: 'BYTE_ARRAY', ...decimal, repetition_type: 'OPTIONAL' },
                  { name: 'm', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'MAP' },
                  { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
                  { name: 'key', type: 'BYTE_ARRAY', ...decimal, repetition_type: 'REQUIRED' },
                  { name: 'value', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
                ],
              }),
            ),
          );
          const duck = await duckTexts(`SELECT CAST(b AS VARCHAR), CAST(f AS VARCHAR), CAST(l[1] AS VARCHAR), CAST(map_keys(m)[1] AS VARCHAR) FROM read_parquet('${file}')`);
          const read = await propsOf(readEventFile(file));
          expect(read.map((row) => [row.b, row.f, row.l, row.m])).toEqual(
            duck.map((texts) => {
              const [b, f, l, key] = texts.map((text) => expectedOf(text, scale));
              return [b, f, [l ?? null, null], key === undefined ? undefined : { [String(key)]: 'k' }];
            }),
          );
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
