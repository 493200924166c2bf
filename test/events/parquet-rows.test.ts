// The rows built column by column (engine/events/parquet-row-group) against
// hyparquet's own assembly of the same file (parquetReadObjects, INT64 normalised the
// same way), on Parquet written by DuckDB: structs in structs with nulls at every
// level, lists, lists of structs, maps, data pages v1 and v2,
// dictionary and plain encodings, small row groups and every codec.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARSERS, readParquetFile } from '../../engine/events/parquet-reader';
import { normalizeValue } from '../../engine/events/parquet-row-group';

const ROWS = 500;
const TABLE = `
  SELECT
    CASE WHEN i % 13 = 0 THEN NULL ELSE 'u' || (i % 7) END AS user_id,
    (9007199254740990 + i)::BIGINT AS big_id,
    CASE WHEN i % 3 = 0 THEN NULL ELSE i * 1.5 END AS revenue,
    CASE WHEN i % 4 = 0 THEN NULL
      ELSE {'utm_source': CASE WHEN i % 5 = 0 THEN NULL ELSE 's' || (i % 3) END,
            'inner': CASE WHEN i % 6 = 0 THEN NULL ELSE {'depth': CASE WHEN i % 7 = 0 THEN NULL ELSE i % 5 END, 'name': 'n' || i} END}
    END AS event_properties,
    {'plan': 'p' || (i % 2)} AS user_properties,
    CASE WHEN i % 5 = 0 THEN NULL ELSE ['a', CASE WHEN i % 2 = 0 THEN NULL ELSE 'c' END] END AS tags,
    [{'key': 'page', 'value': {'string_value': 'p' || i, 'int_value': NULL::BIGINT}}] AS event_params,
    MAP {'k': i} AS attributes,
    i % 2 = 0 AS flag,
    uuid() AS device_id
  FROM range(${ROWS}) t(i)`;

let dir: string;
let connection: DuckDBConnection;
const files: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cr-parquet-rows-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
  await connection.run(`SELECT setseed(0.42)`);
  await connection.run(`CREATE TABLE ev AS ${TABLE}`);
  const variants = [
    'COMPRESSION snappy, ROW_GROUP_SIZE 100',
    'COMPRESSION zstd, ROW_GROUP_SIZE 333',
    'COMPRESSION gzip, PARQUET_VERSION V2',
    'COMPRESSION uncompressed, PARQUET_VERSION V2, ROW_GROUP_SIZE 64',
  ];
  for (const [index, options] of variants.entries()) {
    const file = path.join(dir, `events-${index}.parquet`);
    await connection.run(`COPY ev TO '${file}' (FORMAT parquet, ${options})`);
    files.push(file);
  }
}, 60_000);

afterAll(() => {
  connection?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe('Parquet rows built column by column', () => {
  it('are the rows hyparquet assembles, for every writer option', async () => {
    for (const file of files) {
      const buffer = await asyncBufferFromFile(file);
      const metadata = await parquetMetadataAsync(buffer);
      const expected = (await parquetReadObjects({ file: buffer, metadata, compressors })).map((row) => normalizeValue(row));
      const read: unknown[] = [];
      for await (const batch of readParquetFile(file, file)) for (const event of batch.events) read.push(event.props);
      expect(read, file).toEqual(expected);
      expect(read.length).toBe(ROWS);
    }
  });

  it('cut into batches of any size, and with the first row read alone, the rows are the same', async () => {
    const expected = new Map<string, unknown[]>();
    for (const file of files) {
      const buffer = await asyncBufferFromFile(file);
      expected.set(file, (await parquetReadObjects({ file: buffer, compressors })).map((row) => normalizeValue(row)));
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.integer({ min: 1, max: ROWS + 1 }), fc.boolean(), async (file, batchRows, headFirst) => {
        const read: unknown[] = [];
        const sizes: number[] = [];
        // `columns` asking for every column: the first row is read alone (the reader's head), then ranges.
        const options = headFirst ? { batchRows, columns: () => undefined } : { batchRows };
        for await (const batch of readParquetFile(file, file, options)) {
          sizes.push(batch.events.length);
          for (const event of batch.events) read.push(event.props);
        }
        expect(read).toEqual(expected.get(file));
        expect(Math.max(...sizes)).toBeLessThanOrEqual(batchRows);
      }),
      { numRuns: 25 },
    );
  });

  it('nulls at every level of a struct: the struct null, a struct inside it null, a leaf null', async () => {
    const read: Array<Record<string, unknown>> = [];
    for await (const batch of readParquetFile(files[0]!, files[0]!)) for (const event of batch.events) read.push(event.props);
    expect(read[0]!.event_properties).toBeNull();
    expect(read[5]!.event_properties).toEqual({ utm_source: null, inner: { depth: 0, name: 'n5' } });
    expect(read[6]!.event_properties).toEqual({ utm_source: 's0', inner: null });
    expect(read[7]!.event_properties).toEqual({ utm_source: 's1', inner: { depth: null, name: 'n7' } });
    expect(read[9]!.big_id).toBe('9007199254740999');
    expect(read[1]!.big_id).toBe(9007199254740991);
    expect(read[3]!.event_params).toEqual([{ key: 'page', value: { string_value: 'p3', int_value: null } }]);
  });
});

// INT64 and timestamps of every unit, null or not, on both sides of 2^52 (below it
// they are read as doubles, above it through bigints), negative too, PLAIN (version 1
// pages), dictionary-encoded and DELTA-encoded (version 2), and inside a struct.
const INT64_TABLE = `
  SELECT
    CASE i % 5 WHEN 0 THEN NULL
      WHEN 1 THEN ((hash(i) >> 1)::BIGINT) * (CASE WHEN i % 2 = 0 THEN -1 ELSE 1 END)
      WHEN 2 THEN (4503599627370496 + (i % 40) - 20) * (CASE WHEN i % 3 = 0 THEN -1 ELSE 1 END)
      ELSE ((hash(i) >> 11)::BIGINT) - 4503599627370496 END AS plain_int,
    CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 5) * 4503599627370496 + 1 END AS repeated_int,
    CASE WHEN i % 6 = 0 THEN NULL
      WHEN i % 4 = 3 THEN make_timestamp((4503599627370496 + (i % 40) - 20) * (CASE WHEN i % 3 = 0 THEN -1 ELSE 1 END))
      ELSE make_timestamp(((hash(i) >> 1) % 9000000000000000)::BIGINT - 4500000000000000) END AS t_us,
    CASE WHEN i % 6 = 1 THEN NULL
      WHEN i % 4 = 3 THEN make_timestamp_ns((4503599627370496 + (i % 40) - 20) * (CASE WHEN i % 3 = 0 THEN -1 ELSE 1 END))
      WHEN i % 4 = 2 THEN make_timestamp_ns(((hash(i) >> 1) % 9000000000000)::BIGINT - 4500000000000)
      ELSE make_timestamp_ns(((hash(i) >> 1) % 9000000000000000000)::BIGINT - 4500000000000000000) END AS t_ns
  FROM range(${ROWS}) t(i)`;

describe('Parquet INT64 and timestamps read as doubles when exact', () => {
  it('are the values hyparquet converts through bigints, for every encoding and page version', async () => {
    await connection.run(`CREATE TABLE ints AS ${INT64_TABLE}`);
    const select = `SELECT *, t_us::TIMESTAMP_MS AS t_ms, t_us::TIMESTAMPTZ AS t_tz,
      CASE WHEN i % 9 = 0 THEN NULL ELSE {'n': plain_int, 'at': t_us} END AS nested FROM (SELECT *, row_number() OVER () AS i FROM ints)`;
    const encodings = new Set<string>();
    for (const [index, options] of ['COMPRESSION snappy', 'COMPRESSION zstd, ROW_GROUP_SIZE 100', 'COMPRESSION gzip, PARQUET_VERSION V2'].entries()) {
      const file = path.join(dir, `ints-${index}.parquet`);
      await connection.run(`COPY (${select}) TO '${file}' (FORMAT parquet, ${options})`);
      const buffer = await asyncBufferFromFile(file);
      const metadata = await parquetMetadataAsync(buffer, { parsers: PARSERS });
      for (const column of metadata.row_groups[0]!.columns) for (const encoding of column.meta_data!.encodings) encodings.add(encoding);
      const expected = (await parquetReadObjects({ file: buffer, metadata, compressors, parsers: PARSERS })).map((row) => normalizeValue(row));
      const read: unknown[] = [];
      for await (const batch of readParquetFile(file, file, { batchRows: 77 })) for (const event of batch.events) read.push(event.props);
      expect(read, options).toEqual(expected);
    }
    // The files hold what the test is about: PLAIN, dictionary and DELTA pages.
    expect([...encodings]).toEqual(expect.arrayContaining(['PLAIN', 'RLE_DICTIONARY', 'DELTA_BINARY_PACKED']));
  });

  it('uuid text is hyparquet\'s', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        expect(PARSERS.uuidFromBytes(bytes)).toBe(DEFAULT_PARSERS.uuidFromBytes(bytes));
      }),
    );
  });
});

describe('Parquet timestamps', () => {
  it('µs and ns become epoch milliseconds truncated toward earlier time, exactly, at any magnitude', () => {
    const floor = (value: bigint, divisor: bigint) => {
      const quotient = value / divisor;
      return Number(value % divisor < 0n ? quotient - 1n : quotient);
    };
    const edges = [0n, 1n, -1n, 999n, -999n, -1000n, 1000n, 2n ** 52n - 1n, 2n ** 52n, -(2n ** 52n), -(2n ** 52n) + 1n, 2n ** 63n - 1n, -(2n ** 63n)];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n })), (value) => {
        expect(PARSERS.timestampFromMicroseconds(value)).toBe(floor(value, 1000n));
        expect(PARSERS.timestampFromNanoseconds(value)).toBe(floor(value, 1_000_000n));
      }),
      { numRuns: 2000 },
    );
  });
});
