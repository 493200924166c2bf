// A Parquet FLOAT (32 bits) is read as the shortest decimal that reads back as it
// (engine/text/shortest-float32): 0.1 is 0.1, not the 0.10000000149011612 of its exact
// binary value, which hyparquet hands out, so that `x = "0.1"` holds as on the NDJSON
// of the same data. Held to DuckDB's text of the same file's values (random floats,
// subnormals, powers of two, the largest, NaN and infinities), as a column, in a list,
// a struct and as a map's key: the same number, except where DuckDB writes the float's
// exact value with more digits (about 1% of random floats: 17171.5625, whose shortest
// are 17171.562 and …563, the even one taken; 191905792, whose shortest is 191905800);
// DOUBLE is as it was.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventFile } from '../../engine/events/read-events';
import { propsOf } from '../support/event-chunks';

let dir: string;
let connection: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cr-parquet-float-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
});

afterAll(() => {
  connection.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** DuckDB's text of a FLOAT as the number it writes (`nan`, `inf`, `-0.0`, `1e-07`, `16777216.0`). */
function numberOf(text: string): number {
  if (text === 'nan' || text === '-nan') return NaN;
  if (text === 'inf' || text === '-inf') return text === 'inf' ? Infinity : -Infinity;
  return Number(text);
}

/** The SQL of a float32: its double's text reads back as that double, which a FLOAT holds exactly. */
function literalOf(value: number): string {
  if (Number.isNaN(value)) return `'nan'::FLOAT`;
  if (!Number.isFinite(value)) return `'${value < 0 ? '-' : ''}inf'::FLOAT`;
  return `'${Object.is(value, -0) ? '-0' : String(value)}'::FLOAT`;
}

/** Significant digits of a number's text. */
function digitsOf(value: number): number {
  return String(Math.abs(value)).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
}

/**
 * What the reader is to hold for DuckDB's number of the float `value`: that number,
 * unless DuckDB wrote the float's exact value and the reader's is shorter and reads
 * back as the same float (then the reader's).
 */
function expectedOf(duck: number, value: number, read: unknown): number {
  const exactFromDuck = Object.is(duck, value) && typeof read === 'number' && Math.fround(read) === value && digitsOf(read) < digitsOf(duck);
  return exactFromDuck ? read : duck;
}

const EDGES = [17171.5625, 191905792, 555548672, 0.1, 0.3, 1e-7, 16777216, 123456789, 3.4028234663852886e38, 1.401298464324817e-45, 1.1754943508222875e-38, 2 ** 100, 2 ** -100, 2 ** -126, 2 ** -149 * 3, 1e30].map(Math.fround);

let fileCount = 0;

describe('a Parquet FLOAT', () => {
  it('is the shortest decimal that reads back as it, the number DuckDB writes, as a column, in a list, a struct and as a map\'s key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.float(), fc.constantFrom(...EDGES, ...EDGES.map((edge) => -edge))), { minLength: 1, maxLength: 60 }), async (values) => {
        const file = path.join(dir, `floats-${fileCount++}.parquet`);
        const tuples = values.map((value) => `(${literalOf(value)})`);
        await connection.run(`COPY (SELECT x, [x, NULL] AS l, {'n': x} AS s, MAP {x: 'k'} AS m FROM (VALUES ${tuples.join(', ')}) v(x)) TO '${file}' (FORMAT parquet)`);
        const duck = (await connection.runAndReadAll(`SELECT CAST(x AS VARCHAR) FROM read_parquet('${file}')`)).getRows().map(([text]) => numberOf(String(text)));
        const read = await propsOf(readEventFile(file));
        const expected = duck.map((number, i) => expectedOf(number, Math.fround(values[i]!), read[i]?.x));
        expect(read.map((row) => row.x)).toEqual(expected);
        expect(read.map((row) => [row.l, row.s, row.m])).toEqual(expected.map((x) => [[x, null], { n: x }, { [String(x)]: 'k' }]));
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('is the shortest decimal from a dictionary page too', async () => {
    const file = path.join(dir, 'dictionary.parquet');
    await connection.run(`COPY (SELECT ((i % 3) * 0.1)::FLOAT AS x FROM range(1000) t(i)) TO '${file}' (FORMAT parquet)`);
    const encodings = (await connection.runAndReadAll(`SELECT encodings FROM parquet_metadata('${file}')`)).getRows();
    expect(encodings).toEqual([['PLAIN_DICTIONARY']]);
    expect((await propsOf(readEventFile(file))).slice(0, 4).map((row) => row.x)).toEqual([0, 0.1, 0.2, 0]);
  });

  it('compares as its shortest text, as on NDJSON; a DOUBLE reads as it did', async () => {
    const file = path.join(dir, 'ratio.parquet');
    await connection.run(`COPY (SELECT 0.1::FLOAT AS ratio, 0.1::FLOAT::DOUBLE AS widened, 0.1::DOUBLE AS exact) TO '${file}' (FORMAT parquet)`);
    const [row] = await propsOf(readEventFile(file));
    expect([String(row!.ratio), String(row!.widened), String(row!.exact)]).toEqual(['0.1', '0.10000000149011612', '0.1']);
  });

  it('of two shortest decimals as near, is the one whose last digit is even; at a rounding boundary that reads back, that boundary', async () => {
    const file = path.join(dir, 'ties.parquet');
    await connection.run(`COPY (SELECT * FROM (VALUES ('17171.5625'::FLOAT), ('55.8515625'::FLOAT), ('191905792'::FLOAT), ('-33.9921875'::FLOAT)) v(x)) TO '${file}' (FORMAT parquet)`);
    expect((await propsOf(readEventFile(file))).map((row) => row.x)).toEqual([17171.562, 55.851562, 191905800, -33.992188]);
  });
});
