// A Parquet file of many small row groups (engine/events/parquet-footers): a reader
// given the file's groups one at a time reads its footer once, not once per group. The
// footer lists every group, and read per group it cost their number squared: 1,000
// groups of 10 rows took 39 s to report on, 2,000 more than 100 s, where the same bytes
// on standard input took 1.3 s. The footers read are counted (hyparquet's
// parquetMetadataAsync, which deserialises one), not timed. The reports stay those of
// the same bytes on standard input and in a zip, on one thread and on two.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { readParquetRows } from '../../engine/events/parquet-reader';
import { RangeReader } from '../../engine/report/range-columns';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { zipBuffer } from '../support/containers';
import { runCli } from '../support/run-cli';

vi.mock('hyparquet', async (importOriginal) => {
  const hyparquet = await importOriginal<typeof import('hyparquet')>();
  return { ...hyparquet, parquetMetadataAsync: vi.fn(hyparquet.parquetMetadataAsync), parquetReadObjects: vi.fn(hyparquet.parquetReadObjects) };
});
const footerReads = vi.mocked(parquetMetadataAsync);
const assemblies = vi.mocked(parquetReadObjects);
// In braces: a function that beforeEach returns is called as its cleanup.
beforeEach(() => {
  footerReads.mockClear();
  assemblies.mockClear();
});

const WORKER = path.join(__dirname, '..', '..', 'dist', 'range-worker.js');
const folder = mkdtempSync(path.join(tmpdir(), 'parquet-row-groups-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const RULES = 'channel "Email"\n  when utm_medium = "email"\notherwise "Other"\n';
const T0 = Date.UTC(2024, 0, 1);
const classifier = () => compileClassifier(checkRules(parseChannels(RULES), RULES));

/** `rows` events in row groups of `groupRows` (the hunt's file: 4 columns, 10 rows a group). */
function parquetBytes(rows: number, groupRows: number): Buffer {
  return Buffer.from(
    parquetWriteBuffer({
      columnData: [
        { name: 'user_id', type: 'STRING', data: Array.from({ length: rows }, (_, i) => `u${i % 37}`) },
        { name: 'time', type: 'INT64', data: Array.from({ length: rows }, (_, i) => BigInt(T0 + i * 1000)) },
        { name: 'event_type', type: 'STRING', data: Array.from({ length: rows }, (_, i) => (i % 7 === 6 ? 'purchase' : 'page_view')) },
        { name: 'utm_medium', type: 'STRING', data: Array.from({ length: rows }, (_, i) => (i % 2 === 1 ? 'email' : 'cpc')) },
      ],
      rowGroupSize: groupRows,
    }),
  );
}

function parquetFile(name: string, rows: number, groupRows: number): string {
  const file = path.join(folder, name);
  writeFileSync(file, parquetBytes(rows, groupRows));
  return file;
}

describe('a Parquet file of many small row groups', () => {
  it('a reader given every row group one at a time reads the footer once, not once per group', async () => {
    const file = parquetFile('many-groups.parquet', 3000, 10);
    const reader = new RangeReader(classifier(), { report: true, skippedLimit: 10 });
    const decidedOn = await reader.decideOnParquetHead(file);
    expect(decidedOn).toBe(1);
    let events = 0;
    for (let group = 0; group < 300; group++) {
      const columns = await reader.readParquetGroup(file, group, decidedOn);
      expect(columns.count).toBe(10);
      // Rows numbered in the whole file.
      expect(columns.lines[0]).toBe(group * 10 + 1);
      events += columns.count;
    }
    expect(events).toBe(3000);
    expect(footerReads).toHaveBeenCalledTimes(1);
  });

  it('the file written again is read with its own footer, once', async () => {
    const file = parquetFile('written-again.parquet', 300, 10);
    const reader = new RangeReader(classifier(), { report: true, skippedLimit: 10 });
    const decidedOn = await reader.decideOnParquetHead(file);
    for (let group = 0; group < 30; group++) await reader.readParquetGroup(file, group, decidedOn);
    expect(footerReads).toHaveBeenCalledTimes(1);
    writeFileSync(file, parquetBytes(300, 25));
    for (let group = 0; group < 12; group++) {
      const columns = await reader.readParquetGroup(file, group, decidedOn);
      expect(columns.count).toBe(25);
      expect(columns.lines[0]).toBe(group * 25 + 1);
    }
    expect(footerReads).toHaveBeenCalledTimes(2);
  });

  it('a report on one thread reads the footer twice: for the list of row groups, and for its reader', async () => {
    const file = parquetFile('report.parquet', 2000, 10);
    const result = await runReportThreaded({ source: { path: file }, classifier: classifier(), settings: parseReportSettings({}), threads: 1, rangeSize: 4096, workerScript: WORKER });
    expect(result.events).toBe(2000);
    expect(footerReads).toHaveBeenCalledTimes(2);
  });

  it('a list column, which hyparquet assembles, is read from its group alone (hyparquet walked every group of the file for each)', async () => {
    const rows = 600;
    const tags = Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? null : Array.from({ length: i % 3 }, (_, k) => `t${i}-${k}`)));
    const file = parquetWriteBuffer({
      columnData: [
        { name: 'user_id', data: Array.from({ length: rows }, (_, i) => `u${i % 37}`) },
        { name: 'tags', data: tags },
      ],
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'user_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'tags', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      ],
      rowGroupSize: 10,
    });
    const read: unknown[] = [];
    for await (const batch of readParquetRows(file, file.byteLength, 'tags.parquet')) {
      for (const event of batch.events) read[event.line - 1] = event.props.tags;
    }
    expect(read).toEqual(tags.map((each) => each ?? undefined));
    expect(assemblies).toHaveBeenCalledTimes(60);
    for (const [options] of assemblies.mock.calls) expect(options.metadata?.row_groups).toHaveLength(1);
  });

  it('reports as the same bytes on standard input and in a zip, on one thread and two', async () => {
    const bytes = parquetBytes(4000, 10);
    const file = path.join(folder, 'events.parquet');
    writeFileSync(file, bytes);
    const zip = path.join(folder, 'events.zip');
    writeFileSync(zip, await zipBuffer([{ kind: 'file', name: 'events.parquet', data: bytes }]));
    const rules = path.join(folder, 'r.channels');
    writeFileSync(rules, RULES);
    for (const threads of ['1', '2']) {
      // Small ranges: the row groups of the file go to the worker on two threads.
      const env = { CHANNEL_RULES_RANGE_SIZE: '4096' };
      const report = (events: string, input?: Buffer) => runCli(['report', rules, '--format', 'json', '--events', events, '--threads', threads], { env, ...(input === undefined ? {} : { input }) });
      const fromFile = report(file);
      expect(fromFile.stderr).toBe('');
      expect(fromFile.code).toBe(0);
      expect(JSON.parse(fromFile.stdout).events).toBe(4000);
      expect(report('-', bytes).stdout, `standard input, ${threads} threads`).toBe(fromFile.stdout);
      const fromZip = JSON.parse(report(zip).stdout);
      // The zip's examples name their entry; otherwise the report is the file's.
      for (const pattern of fromZip.unassigned?.patterns ?? []) delete pattern.example.entry;
      expect(fromZip, `zip, ${threads} threads`).toEqual(JSON.parse(fromFile.stdout));
    }
  }, 60_000);
});
