// The rows built column by column (engine/events/parquet-row-group) against
// hyparquet's own assembly of the same file (parquetReadObjects, INT64 normalised the
// same way), on Parquet written by DuckDB: structs in structs with nulls at every
// level, lists, lists of structs, maps, data pages v1 and v2,
// dictionary and plain encodings, small row groups and every codec. (A DECIMAL is
// read otherwise than hyparquet reads it, and held to DuckDB's text in
// ./parquet-decimal.test.ts.)

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadata, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { ByteWriter, parquetWriteBuffer } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import type { ColumnSource } from 'hyparquet-writer/src/types.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARSERS, readParquetFile, readParquetRows } from '../../engine/events/parquet-reader';
import { normalizeValue } from '../../engine/events/parquet-row-group';

/**
 * hyparquet's row as the events reader gives it: a null outside an array is missing
 * (Parquet cannot tell the two apart; docs/events-and-reports.md), an array as it is.
 */
function nullsMissing(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) return value;
  const members: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== null) members[key] = nullsMissing(member);
  return members;
}

const ROWS = 500;
const TABLE = `
  SELECT
    CASE WHEN i % 13 = 0 THEN NULL ELSE 'u' || (i % 7) END AS user_id,
    (9007199254740990 + i)::BIGINT AS big_id,
    CASE WHEN i % 3 = 0 THEN NULL ELSE (i * 1.5)::DOUBLE END AS revenue,
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
      const expected = (await parquetReadObjects({ file: buffer, metadata, compressors })).map((row) => nullsMissing(normalizeValue(row)));
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
      expected.set(file, (await parquetReadObjects({ file: buffer, compressors })).map((row) => nullsMissing(normalizeValue(row))));
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

  it('nulls at every level of a struct, missing: the struct null, a struct inside it null, a leaf null; in an array, null', async () => {
    const read: Array<Record<string, unknown>> = [];
    for await (const batch of readParquetFile(files[0]!, files[0]!)) for (const event of batch.events) read.push(event.props);
    expect(read[0]!.event_properties).toBeUndefined();
    expect(read[5]!.event_properties).toStrictEqual({ utm_source: undefined, inner: { depth: 0, name: 'n5' } });
    expect(read[6]!.event_properties).toStrictEqual({ utm_source: 's0', inner: undefined });
    expect(read[7]!.event_properties).toStrictEqual({ utm_source: 's1', inner: { depth: undefined, name: 'n7' } });
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
      const expected = (await parquetReadObjects({ file: buffer, metadata, compressors, parsers: PARSERS })).map((row) => nullsMissing(normalizeValue(row)));
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

/**
 * One row group whose column chunks change encoding between pages, as Arrow's and
 * Spark's writers do when a dictionary grows too large (DuckDB decides per chunk):
 * each chunk is `dictionary`'s dictionary page, then the data pages of `dictionary`
 * and of `plain` (written without a dictionary) in the given order.
 */
function mixedEncodingFile(dictionary: ColumnSource[], plain: ColumnSource[], plainFirst: boolean): ArrayBuffer {
  const write = (columnData: ColumnSource[]) => {
    const buffer = parquetWriteBuffer({ columnData, statistics: false, pageSize: 200 });
    const view = new DataView(buffer);
    const metadataLength = view.getUint32(buffer.byteLength - 8, true);
    return { buffer, metadata: parquetMetadata(buffer), metadataLength };
  };
  const a = write(dictionary);
  const b = write(plain.map((column) => ({ ...column, encoding: 'PLAIN' as const })));
  const parts: Uint8Array[] = [new TextEncoder().encode('PAR1')];
  let offset = 4;
  const columns = a.metadata.row_groups[0]!.columns.map((chunk, index) => {
    const am = chunk.meta_data!;
    const bm = b.metadata.row_groups[0]!.columns[index]!.meta_data!;
    expect(am.dictionary_page_offset, 'the first file holds a dictionary').toBeDefined();
    expect(bm.dictionary_page_offset, 'the second file holds none').toBeUndefined();
    const aStart = Number(am.dictionary_page_offset);
    const aData = Number(am.data_page_offset);
    const aEnd = aStart + Number(am.total_compressed_size);
    const bStart = Number(bm.data_page_offset);
    const bEnd = bStart + Number(bm.total_compressed_size);
    const bytes = (file: ArrayBuffer, from: number, to: number) => new Uint8Array(file, from, to - from);
    const pages = plainFirst
      ? [bytes(a.buffer, aStart, aData), bytes(b.buffer, bStart, bEnd), bytes(a.buffer, aData, aEnd)]
      : [bytes(a.buffer, aStart, aEnd), bytes(b.buffer, bStart, bEnd)];
    const start = offset;
    for (const page of pages) {
      parts.push(page);
      offset += page.length;
    }
    return {
      ...chunk,
      file_offset: BigInt(start),
      meta_data: {
        ...am,
        encodings: [...new Set([...am.encodings, ...bm.encodings])],
        num_values: am.num_values + bm.num_values,
        total_compressed_size: BigInt(offset - start),
        total_uncompressed_size: am.total_uncompressed_size + bm.total_uncompressed_size,
        dictionary_page_offset: BigInt(start),
        data_page_offset: BigInt(start + aData - aStart),
        encoding_stats: undefined,
        statistics: undefined,
      },
      offset_index_offset: undefined,
      offset_index_length: undefined,
      column_index_offset: undefined,
      column_index_length: undefined,
    };
  });
  const rows = a.metadata.num_rows + b.metadata.num_rows;
  const metadata = { ...a.metadata, num_rows: rows, row_groups: [{ ...a.metadata.row_groups[0]!, columns, num_rows: rows, total_byte_size: 0n, file_offset: 4n }] };
  const writer = new ByteWriter();
  for (const part of parts) writer.appendBytes(part);
  // @ts-expect-error metadata_length is read, not written
  delete metadata.metadata_length;
  writeMetadata(writer, metadata as never);
  writer.appendUint32(0x31524150);
  return writer.getBuffer();
}

describe('Parquet column chunks that change encoding between pages', () => {
  it('dictionary pages then PLAIN ones (and PLAIN between them) give the rows hyparquet assembles', async () => {
    const n = 700;
    const columns = (from: number, repeat: number): ColumnSource[] => [
      { name: 'user_id', type: 'STRING', data: Array.from({ length: n }, (_, i) => (i % 9 === 0 ? null : `u${(from + i) % repeat}`)) },
      { name: 'at', type: 'TIMESTAMP', data: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : new Date(1_709_251_200_000 + ((from + i) % repeat) * 1000))) },
      { name: 'big', type: 'INT64', data: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : 9_007_199_254_740_990n + BigInt((from + i) % repeat))) },
    ];
    for (const plainFirst of [false, true]) {
      const file = mixedEncodingFile(columns(0, 6), columns(n, 100_000), plainFirst);
      const metadata = parquetMetadata(file, { parsers: PARSERS });
      const expected = (await parquetReadObjects({ file, metadata, compressors, parsers: PARSERS })).map((row) => nullsMissing(normalizeValue(row)));
      expect(expected).toHaveLength(2 * n);
      for (const batchRows of [64, 4096]) {
        const read: unknown[] = [];
        for await (const batch of readParquetRows(file, file.byteLength, 'mixed.parquet', { batchRows })) for (const event of batch.events) read.push(event.props);
        expect(read, `plain pages ${plainFirst ? 'first' : 'last'}, batches of ${batchRows}`).toEqual(expected);
      }
    }
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
        // Before 1970 (within a Date's range) the ISO text of that millisecond, since a negative number is no event time.
        const asRead = (ms: number) => (ms >= 0 || ms < -8.64e15 ? ms : new Date(ms).toISOString());
        expect(PARSERS.timestampFromMicroseconds(value)).toBe(asRead(floor(value, 1000n)));
        expect(PARSERS.timestampFromNanoseconds(value)).toBe(asRead(floor(value, 1_000_000n)));
      }),
      { numRuns: 2000 },
    );
  });
});

// A value read as text whose bytes are not UTF-8 makes its row a skipped line naming
// the column (docs/events-and-reports.md), as a line of invalid UTF-8 is skipped, not
// read with U+FFFD in place of the bytes: plain, dictionary and DELTA pages, in a
// struct, a list and a map, whichever rows a batch or the first row read alone holds.
describe('Parquet text that is not UTF-8', () => {
  const bytes = (...values: number[]) => new Uint8Array(values);
  const text = (value: string) => new TextEncoder().encode(value);

  async function readAll(file: ArrayBuffer, options: { batchRows?: number; columns?: () => undefined } = {}) {
    const events: Array<{ line: number; props: Record<string, unknown> }> = [];
    const skipped: Array<{ line: number; reason: string }> = [];
    for await (const batch of readParquetRows(file, file.byteLength, 'bad.parquet', options)) {
      events.push(...batch.events);
      skipped.push(...batch.skipped);
    }
    return { events, skipped };
  }

  it('skips the row and names the column and the bytes, for PLAIN, dictionary and DELTA pages, in any batch', async () => {
    const n = 300;
    // Row 1 and every 7th are not UTF-8: a lone 0xFF, a truncated sequence, an encoded surrogate.
    const badAt = (i: number) => i === 0 || i % 7 === 3;
    const badValue = (i: number) => [bytes(0x75, 0xff), bytes(0x75, 0xc3), bytes(0x75, 0xed, 0xa0, 0x80)][i % 3]!;
    const expectedBytes = (i: number) => ['1 of its value (0xFF)', '1 of its value (0xC3)', '1 of its value (0xED)'][i % 3]!;
    for (const encoding of ['PLAIN', 'RLE_DICTIONARY', 'DELTA_BYTE_ARRAY'] as const) {
      const file = parquetWriteBuffer({
        columnData: [
          { name: 'user_id', type: 'STRING', encoding, data: Array.from({ length: n }, (_, i) => (badAt(i) ? badValue(i) : i % 11 === 0 ? null : text(`\uFEFFu${i % 5}`))) },
          { name: 'utm_medium', type: 'STRING', data: Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'email' : 'cpc')) },
        ],
        statistics: false,
        pageSize: 200,
        rowGroupSize: 128,
      });
      const metadata = parquetMetadata(file);
      expect(metadata.row_groups[0]!.columns[0]!.meta_data!.encodings, encoding).toContain(encoding);
      const expectedSkipped = Array.from({ length: n }, (_, i) => i)
        .filter(badAt)
        .map((i) => ({ line: i + 1, reason: `invalid UTF-8 in column user_id at byte offset ${expectedBytes(i)}` }));
      for (const options of [{}, { batchRows: 5 }, { batchRows: 1, columns: () => undefined }, { batchRows: 64, columns: () => undefined }]) {
        const { events, skipped } = await readAll(file, options);
        expect(skipped, `${encoding} ${JSON.stringify(options)}`).toEqual(expectedSkipped);
        expect(events.map((event) => event.line)).toEqual(Array.from({ length: n }, (_, i) => i + 1).filter((line) => !badAt(line - 1)));
        // Text that is UTF-8 is read as it is, a leading U+FEFF kept (the JSON of the value keeps it).
        expect(events[0]!.props).toEqual({ user_id: '\uFEFFu1', utm_medium: 'cpc' });
        expect(events.filter((event) => event.props.user_id === undefined).length).toBeGreaterThan(0);
      }
    }
  });

  it('names the value in a struct, a list, a map\'s value and a map\'s key', async () => {
    const bad = bytes(0x61, 0x62, 0xfe);
    const file = parquetWriteBuffer({
      columnData: [
        { name: 'user_id', data: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'] },
        { name: 'props', data: [{ medium: 'email' }, { medium: bad }, null, { medium: 'cpc' }, { medium: 'cpc' }, { medium: 'cpc' }, { medium: 'cpc' }] },
        { name: 'tags', data: [['a'], ['b'], ['c', bad], [], ['d'], ['e'], null] },
        { name: 'attrs', data: [{ k: 'v' }, { k: 'v' }, {}, { k: bad }, { k: 'v' }, [{ key: bad, value: 'v' }], { k: 'v' }] },
        { name: 'keys', data: [null, null, null, null, [text('k'), bad], null, [text('k')]] },
      ],
      schema: [
        { name: 'root', num_children: 5 },
        { name: 'user_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'props', repetition_type: 'OPTIONAL', num_children: 1 },
        { name: 'medium', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'tags', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'attrs', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'MAP' },
        { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
        { name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'value', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'keys', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      ],
    });
    const { events, skipped } = await readAll(file);
    expect(skipped).toEqual([
      { line: 2, reason: 'invalid UTF-8 in column props.medium at byte offset 2 of its value (0xFE)' },
      { line: 3, reason: 'invalid UTF-8 in column tags[1] at byte offset 2 of its value (0xFE)' },
      { line: 4, reason: 'invalid UTF-8 in column attrs.k at byte offset 2 of its value (0xFE)' },
      // A BYTE_ARRAY without annotation is read as text too (as hyparquet reads it).
      { line: 5, reason: 'invalid UTF-8 in column keys[1] at byte offset 2 of its value (0xFE)' },
      { line: 6, reason: 'invalid UTF-8 in column attrs (a key) at byte offset 2 of its value (0xFE)' },
    ]);
    expect(events.map((event) => event.props)).toEqual([
      { user_id: 'u1', props: { medium: 'email' }, tags: ['a'], attrs: { k: 'v' }, keys: undefined },
      { user_id: 'u7', props: { medium: 'cpc' }, tags: undefined, attrs: { k: 'v' }, keys: ['k'] },
    ]);
  });
});
