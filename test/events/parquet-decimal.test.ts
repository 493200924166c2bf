// A Parquet DECIMAL of scale 0 is an integer (a warehouse's NUMBER(38,0) id): read as a
// number when exact, else its decimal text, as an INT64 is (engine/events/parquet-unconverted),
// stored as INT32, INT64 or FIXED_LEN_BYTE_ARRAY, as a column, in a struct, a list, and as
// a map's value and key; the same by the file reader, the bytes reader (the web build)
// and a report on one and two threads. hyparquet divided it into a double: the users
// 123456789012345678 and 123456789012345677 were one. A DECIMAL with a fraction stays
// a double, as a JSON number with a fraction does.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import type { EventBatch, EventProps } from '../../engine/events/event';
import { readEventFileBytes } from '../../engine/events/read-event-bytes';
import { readEventFile } from '../../engine/events/read-events';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';

const WORKER = path.join(__dirname, '..', '..', 'dist', 'range-worker.js');

let dir: string;
let ids: string;

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
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT user_id, TIMESTAMP '2024-03-01 00:00:00' + to_seconds(t) AS time, 'cpc' AS utm_medium, small, mid, l, s, mb, mi, price
       FROM (VALUES ${ROWS}) v(user_id, t, small, mid, l, s, mb, mi, price)) TO '${ids}' (FORMAT parquet)`,
  );
  const types = (await connection.runAndReadAll(`SELECT path_in_schema, type FROM parquet_metadata('${ids}') WHERE path_in_schema IN ('user_id', 'small', 'mid')`)).getRows();
  expect(Object.fromEntries(types)).toEqual({ user_id: 'FIXED_LEN_BYTE_ARRAY', small: 'INT32', mid: 'INT64' });
  connection.closeSync();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rowsOf(batches: AsyncGenerator<EventBatch>): Promise<EventProps[]> {
  const all: EventProps[] = [];
  for await (const batch of batches) all.push(...batch.events.map((event) => event.props));
  return all;
}

describe('a DECIMAL of scale 0', () => {
  it('is its exact integer: a number within 2^53, else its decimal text, in every physical type and nested', async () => {
    const [first, second] = await rowsOf(readEventFile(ids));
    expect(first).toMatchObject({ user_id: '123456789012345678', small: 123456789, mid: '900719925474099301', l: ['12345678901234567890', null], s: { n: '-98765432109876543210' } });
    expect(first!.mb).toEqual({ '123456789012345678901': '10000000000000000001' });
    expect(first!.mi).toEqual({ '9007199254740993': 'k' });
    expect(second).toMatchObject({ user_id: '123456789012345677', small: -5, mid: '-900719925474099301', l: [null, 0] });
    expect(second!.mb).toEqual({ '-1': 7 });
    expect(second!.mi).toEqual({ '-9007199254740993': 'j' });
    // A DECIMAL with a fraction is a double, as in JSON.
    expect([first!.price, second!.price]).toEqual([0.1, 12.5]);
  });

  it('reads the same through the bytes reader (the web build)', async () => {
    expect(await rowsOf(readEventFileBytes(new Uint8Array(readFileSync(ids)), ids))).toEqual(await rowsOf(readEventFile(ids)));
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
