// The report on worker threads (engine/report/threaded-report) is the one-thread report
// (engine/report/run-report), byte for byte: random NDJSON files cut into tiny ranges
// (so most lines, users and sessions span ranges), with CRLF, blank, malformed and
// unusable lines at every place, a byte order mark, `.json` holding NDJSON or an array,
// `.gz`, and zips of several entries; compared with the skipped lines, their numbers,
// the §9 sections, the detected source system and its foreign-record count.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport, type RunReportOptions, type RunReportResult } from '../../engine/report/run-report';
import { readsInRanges, runReportThreaded, type ClassifiedRow } from '../../engine/report/threaded-report';
import { compareOnSample } from '../../engine/diff/sample-moves';
import { gzip, zipBuffer } from '../support/containers';
import { runCli } from '../support/run-cli';

const ROOT = path.join(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'range-worker.js');
const folder = mkdtempSync(path.join(tmpdir(), 'threaded-report-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const RULES = `channel "Email"
  when utm_medium = "email" ignoring case
channel "Search"
  when referring_domain in ["google.com", "bing.com"]
channel "Paid"
  when utm_source = "ads" and utm_campaign exists
channel "Direct"
  when utm_source = "news"
otherwise "Direct"
`;
const RULES_NO_OTHERWISE = RULES.replace('otherwise "Direct"\n', '');

const T0 = Date.UTC(2024, 0, 1);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const plainEvent = fc.record({
  user_id: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('u1', 'u2', 'u3', 'ü4', '5') }, { weight: 1, arbitrary: fc.constant(null) }),
  time: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 3 * 3600 }).map((s) => T0 + s * 1000) },
    { weight: 1, arbitrary: fc.constantFrom('2024-01-01T00:10:00Z', 'yesterday') },
  ),
  event_type: maybe(fc.constantFrom('page_view', 'purchase', 'Purchase')),
  session_id: maybe(fc.constantFrom(1, 2, -1, '7')),
  utm_source: maybe(fc.constantFrom('ads', 'news', 'ADS')),
  utm_medium: maybe(fc.constantFrom('email', 'Email', 'cpc')),
  utm_campaign: maybe(fc.constantFrom('spring', 'q3')),
  referrer: maybe(fc.constantFrom('https://www.google.com/', 'https://bing.com/x', 'https://a.org/')),
  theirs: maybe(fc.constantFrom('Email', 'direct', 'Organic Search')),
});

/** A GA4 BigQuery export row (detected as GA4). */
const ga4Event = fc.record({
  user_pseudo_id: fc.constantFrom('p1', 'p2', 'p3'),
  event_timestamp: fc.integer({ min: 0, max: 7200 }).map((s) => String((T0 + s * 1000) * 1000)),
  event_name: fc.constantFrom('page_view', 'purchase'),
  collected_traffic_source: fc.record({ manual_source: maybe(fc.constantFrom('ads', 'google')), manual_medium: maybe(fc.constantFrom('email', 'organic')) }),
  session_traffic_source_last_click: fc.record({ cross_channel_campaign: fc.record({ default_channel_group: maybe(fc.constantFrom('Email', 'Direct')) }) }),
});

// \u0001 stands for a byte that is not UTF-8 (written as 0xFF: ./bytesOf).
const badLine = fc.constantFrom('{"user_id":"u1","time":1,"utm_source":"\u0001"}', '\u0001\u0001', '{"user_id": "u1", "time": ', 'not json', '[1,2]', '42', '"text"', 'null', '{"user_id":"u2"}', '   ', '', '\uFEFF{"user_id":"u1","time":1}');

type Line = Record<string, unknown> | string;
const lines = (event: fc.Arbitrary<Record<string, unknown>>) =>
  fc.array(fc.oneof({ weight: 6, arbitrary: event as fc.Arbitrary<Line> }, { weight: 1, arbitrary: badLine as fc.Arbitrary<Line> }), { maxLength: 60 });

const layout = fc.record({
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
});

function text(records: readonly Line[], { crlf, bom, finalNewline }: { crlf: boolean; bom: boolean; finalNewline: boolean }): string {
  const body = records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join(crlf ? '\r\n' : '\n');
  return (bom ? '\uFEFF' : '') + body + (finalNewline && records.length > 0 ? (crlf ? '\r\n' : '\n') : '');
}

/** The file's bytes: each U+0001 becomes 0xFF, which is never UTF-8. */
function bytesOf(data: string): Buffer {
  const bytes = Buffer.from(data, 'utf8');
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 1) bytes[i] = 0xff;
  return bytes;
}

let fileCount = 0;
function file(name: string, data: string | Buffer): string {
  const full = path.join(folder, `${fileCount++}-${name}`);
  writeFileSync(full, data);
  return full;
}

function compile(rulesText: string) {
  const checked = checkRules(parseChannels(rulesText), rulesText);
  return compileClassifier(checked);
}

function outcome(result: RunReportResult) {
  return JSON.stringify({
    report: result.report,
    events: result.events,
    skipped: result.skipped,
    skippedCount: result.skippedCount,
    skippedEntries: result.skippedEntries,
    channelNames: result.channelNames,
    sessionOf: Array.from(result.sessionOf ?? []),
    system: result.eventFields.system.id,
    detected: result.eventFields.detected,
    foreign: result.eventFields.meta.foreignRecords,
  });
}

async function bothWays(filePath: string, extra: Partial<RunReportOptions> & { rulesText?: string; rangeSize: number; skippedLimit?: number; threads?: number; projection?: boolean }) {
  const rulesText = extra.rulesText ?? RULES;
  const base: RunReportOptions = {
    source: { path: filePath },
    classifier: compile(rulesText),
    settings: parseReportSettings({ conversion: 'purchase', lookback: '1h', sessionTimeout: '20m' }),
    rulesName: 'rules.channels',
    patternLimit: 3,
    ...(extra.against === undefined ? {} : { against: extra.against }),
    ...(extra.eventFields === undefined ? {} : { eventFields: extra.eventFields }),
    ...(extra.skippedLimit === undefined ? {} : { skippedLimit: extra.skippedLimit }),
  };
  // A run that throws (a .json that is neither an array nor NDJSON, `against: auto` on
  // plain events) throws the same error.
  const settle = (run: Promise<RunReportResult>) => run.then(outcome, (error: Error) => `${error.name}: ${error.message}`);
  const one = await settle(runReport(base));
  const classifier = compile(rulesText);
  // The workers also attribute a range of the users each for the report, however few (attributeElsewhereFrom: 0).
  const threaded = await settle(
    runReportThreaded({ ...base, classifier, threads: extra.threads ?? 2, rangeSize: extra.rangeSize, workerScript: WORKER, attributeElsewhereFrom: 0, numberSessions: true, ...(extra.projection === undefined ? {} : { projection: extra.projection }) }),
  );
  expect(threaded).toEqual(one);
}

const RUNS = { numRuns: 15 };

describe('report on worker threads equals the one-thread report', () => {
  it('plain NDJSON, .json holding NDJSON, and .ndjson.gz, cut into tiny ranges', async () => {
    await fc.assert(
      fc.asyncProperty(
        lines(plainEvent),
        layout,
        fc.integer({ min: 1, max: 400 }),
        fc.constantFrom('a.ndjson', 'a.json', 'a.ndjson.gz'),
        fc.constantFrom(undefined, 'theirs'),
        fc.constantFrom(RULES, RULES_NO_OTHERWISE),
        fc.constantFrom(undefined, 2),
        async (records, shape, rangeSize, name, against, rulesText, skippedLimit) => {
          const data = bytesOf(text(records, shape));
          await bothWays(file(name, name.endsWith('.gz') ? gzip(data) : data), { rangeSize, rulesText, ...(against === undefined ? {} : { against }), ...(skippedLimit === undefined ? {} : { skippedLimit }) });
        },
      ),
      RUNS,
    );
  });

  it('with 3 and 4 threads (2 and 3 workers as started, each attributing a range of the users)', async () => {
    await fc.assert(
      fc.asyncProperty(lines(plainEvent), layout, fc.integer({ min: 1, max: 400 }), fc.constantFrom('a.ndjson', 'a.ndjson.gz'), fc.constantFrom(3, 4), async (records, shape, rangeSize, name, threads) => {
        const data = bytesOf(text(records, shape));
        await bothWays(file(name, name.endsWith('.gz') ? gzip(data) : data), { rangeSize, threads });
      }),
      RUNS,
    );
  });

  it('with JSON.parse instead of the projection (the first range still decided on its first record and sent to a worker)', async () => {
    await fc.assert(
      fc.asyncProperty(lines(plainEvent), layout, fc.integer({ min: 1, max: 400 }), fc.constantFrom('a.ndjson', 'a.ndjson.gz'), async (records, shape, rangeSize, name) => {
        const data = bytesOf(text(records, shape));
        await bothWays(file(name, name.endsWith('.gz') ? gzip(data) : data), { rangeSize, projection: false });
      }),
      RUNS,
    );
  });

  it('GA4 exports (detected once, against auto, foreign records counted)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 5, arbitrary: ga4Event as fc.Arbitrary<Line> }, { weight: 1, arbitrary: badLine as fc.Arbitrary<Line> }, { weight: 1, arbitrary: plainEvent as fc.Arbitrary<Line> }), { maxLength: 50 }),
        layout,
        fc.integer({ min: 1, max: 600 }),
        async (records, shape, rangeSize) => {
          await bothWays(file('ga4.ndjson', text(records, shape)), { rangeSize, against: 'auto' });
        },
      ),
      RUNS,
    );
  });

  it('zips of several entries (NDJSON, gz, JSON arrays, CSV, skipped entries)', async () => {
    const entry = fc.record({
      kind: fc.constantFrom('a.ndjson', 'b.jsonl.gz', 'c.json', 'd.csv', 'notes.txt'),
      records: lines(plainEvent),
      shape: layout,
      array: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 4 }), fc.integer({ min: 1, max: 300 }), async (entries, rangeSize) => {
        const items = entries.map((item, i) => {
          const name = `${i}-${item.kind}`;
          const objects = item.records.filter((record): record is Record<string, unknown> => typeof record !== 'string');
          let data: string | Buffer =
            item.kind === 'c.json' && item.array
              ? JSON.stringify(objects)
              : item.kind === 'd.csv'
                ? ['user_id,time,utm_medium', ...objects.map((o) => `${String(o.user_id ?? '')},${String(o.time)},"${String(o.utm_medium ?? '')}\n"`)].join('\n')
                : text(item.records, item.shape);
          if (item.kind.endsWith('.gz')) data = gzip(data);
          return { kind: 'file' as const, name, data };
        });
        await bothWays(file('export.zip', await zipBuffer(items)), { rangeSize });
      }),
      RUNS,
    );
  });

  it('lines holding invalid UTF-8 (skipped naming the byte offset in the whole input) and integers beyond 2^53', async () => {
    const odd = fc.constantFrom(
      Buffer.from([0xe9]),
      Buffer.from([0xf0, 0x9f, 0x98]),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('\uFFFD', 'utf8'),
      Buffer.from('é', 'utf8'),
    );
    const line = fc.oneof(
      { weight: 3, arbitrary: plainEvent.map((event) => Buffer.from(JSON.stringify(event))) },
      { weight: 2, arbitrary: fc.tuple(plainEvent, odd).map(([event, bytes]) => Buffer.concat([Buffer.from(JSON.stringify(event).slice(0, -1) + ',"x":"'), bytes, Buffer.from('"}')])) },
      { weight: 1, arbitrary: fc.bigInt({ min: 2n ** 53n - 2n, max: 2n ** 60n }).map((id) => Buffer.from(`{"user_id":${id},"time":${T0}}`)) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.integer({ min: 1, max: 300 }), fc.boolean(), async (records, rangeSize, gz) => {
        const data = Buffer.concat(records.flatMap((record) => [record, Buffer.from('\n')]));
        await bothWays(file(gz ? 'u.ndjson.gz' : 'u.ndjson', gz ? gzip(data) : data), { rangeSize });
      }),
      RUNS,
    );
  });

  it('Parquet files of several row groups, each read by the thread it is given (rows numbered in the whole file)', async () => {
    const row = fc.record({
      user_id: fc.constantFrom('u1', 'u2', 'u3', null),
      time: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 3 * 3600 }).map((s) => new Date(T0 + s * 1000)) }, { weight: 1, arbitrary: fc.constant(null) }),
      event_type: fc.constantFrom('page_view', 'purchase', null),
      session_id: fc.constantFrom(1n, 2n, -1n, null),
      utm_medium: fc.constantFrom('email', 'cpc', null),
      utm_source: fc.constantFrom('ads', null),
      utm_campaign: fc.constantFrom('spring', null),
      referrer: fc.constantFrom('https://www.google.com/', 'https://a.org/', null),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 120 }), fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 3000 }), fc.constantFrom(2, 3), async (rows, rowGroupSize, rangeSize, threads) => {
        const column = <K extends keyof (typeof rows)[number]>(name: K, type: 'STRING' | 'TIMESTAMP' | 'INT64') => ({ name, type, data: rows.map((each) => each[name]) });
        const buffer = parquetWriteBuffer({
          columnData: [column('user_id', 'STRING'), column('time', 'TIMESTAMP'), column('event_type', 'STRING'), column('session_id', 'INT64'), column('utm_medium', 'STRING'), column('utm_source', 'STRING'), column('utm_campaign', 'STRING'), column('referrer', 'STRING')],
          rowGroupSize,
        });
        await bothWays(file('events.parquet', Buffer.from(buffer)), { rangeSize, threads });
      }),
      RUNS,
    );
  });

  it('a line longer than the limit, dropped while the ranges stream, is the same skipped line', async () => {
    // Shorter than MAX_RANGE_LINE_BYTES: read whole by a worker, skipped by its line reader.
    const long = `{"user_id":"u1","time":1,"pad":"${'x'.repeat(17 * 1024 * 1024)}"}`;
    const records = ['{"user_id":"u1","time":1}', long, '{"user_id":"u2","time":2}'];
    await bothWays(file('long.ndjson', records.join('\n') + '\n'), { rangeSize: 10 });
  });

  it('a line of more bytes than the limit holds characters is kept when its characters fit, and skipped on its characters when they do not', async () => {
    // 8.5 Mi 'é' are 17 MiB and 8.5 Mi characters: an event; 17 Mi of them are skipped once about 16 MiB of
    // characters are counted (engine/events/utf8-units), before the range has read the rest.
    const kept = `{"user_id":"u1","time":2,"pad":"${'é'.repeat(8.5 * 1024 * 1024)}","utm_medium":"email"}`;
    const skipped = `{"user_id":"u1","time":3,"pad":"${'é'.repeat(17 * 1024 * 1024)}"}`;
    const records = ['{"user_id":"u1","time":1}', kept, '{"user_id":"u2","time":2}', skipped, '{"user_id":"u2","time":3,"event_type":"purchase"}'];
    await bothWays(file('long-characters.ndjson', records.join('\n') + '\n'), { rangeSize: 1 << 20 });
  }, 60_000);

  it('a first line behind two byte order marks is kept at exactly the limit and skipped one character past it (the margin of MAX_RANGE_LINE_UNITS)', async () => {
    const BOM = '\uFEFF';
    const line = (characters: number): string => {
      const start = '{"user_id":"u1","time":1,"pad":"';
      return `${start}${'x'.repeat(characters - start.length - 2)}"}`;
    };
    // The file's only line, without a final LF: the range reads it to the end of the file and then counts all of it.
    const atLimit = file('two-boms-at-limit.ndjson', `${BOM}${BOM}${line(16 * 1024 * 1024)}`);
    await bothWays(atLimit, { rangeSize: 1 << 20 });
    await bothWays(file('two-boms-past-limit.ndjson', `${BOM}${BOM}${line(16 * 1024 * 1024 + 1)}`), { rangeSize: 1 << 20 });
    const kept = await runReport({ source: { path: atLimit }, classifier: compile(RULES), settings: parseReportSettings({}) });
    expect({ events: kept.events, skipped: kept.skipped.length }).toEqual({ events: 1, skipped: 0 });
  }, 60_000);

  it('a .json whose blank start is longer than the limit for one line reads the same on threads: NDJSON lines, an array, nothing (plain and gzipped)', async () => {
    // The one-thread reader kept the blank start and handed it on with the first record as one piece, whose
    // line it never measured: 2 events there, and 1 event and a too-long line 1 on threads.
    const spaces = ' '.repeat(16 * 1024 * 1024 + 100);
    const records = '{"user_id":"u1","time":1,"utm_medium":"email"}\n{"user_id":"v","time":2}\n';
    const blankStart = file('blank-start.json', `${spaces}${records}`);
    await bothWays(blankStart, { rangeSize: 1 << 20 });
    await bothWays(file('blank-start.json.gz', gzip(`${spaces}${records}`)), { rangeSize: 1 << 20 });
    for (const [name, text] of [
      ['blank-line.json', `${spaces}\n\n  \n${records}`],
      ['blank-lines.json', `${'\n'.repeat(3000)}   ${records}`],
      ['blank-array.json', `${spaces}\n[{"user_id":"u1","time":1,"utm_medium":"email"}, 7, {"user_id":"v","time":2}]\n`],
      ['all-blank.json', `${spaces}\n\n`],
    ] as const) {
      await bothWays(file(name, text), { rangeSize: 1 << 20 });
      await bothWays(file(`${name}.gz`, gzip(text)), { rangeSize: 1 << 20 });
    }
    const one = await runReport({ source: { path: blankStart }, classifier: compile(RULES), settings: parseReportSettings({}) });
    expect({ events: one.events, skipped: one.skipped }).toEqual({ events: 1, skipped: [{ line: 1, reason: 'line longer than 16,777,216 characters, the limit for one event line' }] });
  }, 60_000);

  it('a first line longer than a range may hold, then many lines, is the same skipped line', async () => {
    // Longer than MAX_RANGE_LINE_BYTES (64 MiB): a range of no bytes and one skipped line,
    // after which the next range's room (bytes per event so far) was Infinity.
    const long = `{"user_id":"u0","time":1,"pad":"${'y'.repeat(64 * 1024 * 1024 + 100)}"}`;
    const records = [long, ...Array.from({ length: 5000 }, (_, i) => JSON.stringify({ user_id: `u${i % 50}`, time: T0 + i, utm_medium: i % 3 === 0 ? 'email' : 'cpc' }))];
    await bothWays(file('first-long.ndjson', records.join('\n') + '\n'), { rangeSize: 1 << 14 });
  }, 60_000);
});

describe('a reading thread that fails', () => {
  it('is one EventFileError naming the file (the CLI: one line, exit 2)', async () => {
    const records = Array.from({ length: 50 }, (_, i) => JSON.stringify({ user_id: 'u', time: T0 + i }));
    const events = file('fail.ndjson', records.join('\n'));
    const run = runReportThreaded({
      source: { path: events },
      classifier: compile(RULES),
      settings: parseReportSettings({}),
      threads: 2,
      rangeSize: 100,
      workerScript: path.join(folder, 'no-such-worker.js'),
    });
    await expect(run).rejects.toMatchObject({ name: 'EventFileError', message: expect.stringMatching(/^.*fail\.ndjson: a reading thread failed: .*no-such-worker\.js/) });
  });
});

describe('a damaged Parquet row group read by a worker', () => {
  /** Row groups of 50 rows, with garbage over `bytes` bytes of one column's pages in row group `group` (0-based). */
  function damagedParquet(name: string, rowCount: number, damage: { group: number; column: number; bytes: number }): string {
    const rows = Array.from({ length: rowCount }, (_, i) => ({ user_id: `u${i % 7}`, time: new Date(T0 + i * 1000), utm_medium: i % 3 === 0 ? 'email' : 'cpc' }));
    const buffer = Buffer.from(
      parquetWriteBuffer({
        columnData: [
          { name: 'user_id', type: 'STRING', data: rows.map((each) => each.user_id) },
          { name: 'time', type: 'TIMESTAMP', data: rows.map((each) => each.time) },
          { name: 'utm_medium', type: 'STRING', data: rows.map((each) => each.utm_medium) },
        ],
        rowGroupSize: 50,
        codec: 'UNCOMPRESSED',
      }),
    );
    const metadata = parquetMetadata(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length));
    const at = Number(metadata.row_groups[damage.group]!.columns[damage.column]!.meta_data!.data_page_offset);
    buffer.fill(0xff, at, at + damage.bytes);
    return file(name, buffer);
  }

  const outcome = (run: Promise<unknown>): Promise<string> => run.then(() => 'no error', (error: Error) => `${error.name}: ${error.message}`);

  it('is the one line the one-thread reader gives', async () => {
    // The second row group damaged: on 3 threads, the first two groups go to the two
    // workers, one each, and this thread reads the third.
    const events = damagedParquet('damaged.parquet', 400, { group: 1, column: 0, bytes: 100 });
    const base = { source: { path: events }, classifier: compile(RULES), settings: parseReportSettings({}) };
    const one = await outcome(runReport(base));
    const two = await outcome(runReportThreaded({ ...base, threads: 3, rangeSize: 100, workerScript: WORKER }));
    expect(one).toMatch(/^EventFileError: .*damaged\.parquet: damaged Parquet file \(row group \d+, at byte \d+\)/);
    expect(two).toBe(one);
  });

  it('stops classify where one thread stops, with the one line, whatever row groups come after it', async () => {
    // 40 row groups, the second damaged: the groups read after it were printed too.
    const events = damagedParquet('damaged-early.parquet', 2000, { group: 1, column: 1, bytes: 8 });
    const printed: number[] = [];
    const one = await outcome(runReport({ source: { path: events }, classifier: compile(RULES), onClassified: (batch) => printed.push(...batch.map((row) => row.line)) }));
    expect(one).toMatch(/^EventFileError: .*damaged-early\.parquet: damaged Parquet file \(row group 2, at byte \d+\)/);
    for (const threads of [2, 3]) {
      const onThreads: number[] = [];
      const run = runReportThreaded({ source: { path: events }, classifier: compile(RULES), threads, rangeSize: 100, workerScript: WORKER, onClassifiedRows: (batch) => void onThreads.push(...batch.map((row) => row.line)) });
      expect(await outcome(run)).toBe(one);
      expect(onThreads).toEqual(printed);
    }
  });
});

describe('classify on worker threads', () => {
  it('gives the same rows in the same order, skipped lines and all (NDJSON, gz, zips)', async () => {
    await fc.assert(
      fc.asyncProperty(lines(plainEvent), lines(plainEvent), layout, fc.integer({ min: 1, max: 300 }), fc.constantFrom('a.ndjson', 'a.ndjson.gz', 'export.zip'), async (records, more, shape, rangeSize, name) => {
        const data = bytesOf(text(records, shape));
        const bytes = name === 'export.zip' ? await zipBuffer([{ kind: 'file', name: 'one.ndjson', data }, { kind: 'file', name: 'two.jsonl', data: bytesOf(text(more, shape)) }]) : name.endsWith('.gz') ? gzip(data) : data;
        const filePath = file(name, bytes);
        const rows = (events: ClassifiedRow[]) => events.map(({ line, entry, channel, rule }) => ({ line, entry, channel, rule }));
        const one: unknown[] = [];
        const base = { source: { path: filePath }, classifier: compile(RULES), skippedLimit: 5 };
        const single = await runReport({ ...base, onClassified: (events) => one.push(...rows(events)) });
        const two: unknown[] = [];
        const threaded = await runReportThreaded({ ...base, classifier: compile(RULES), threads: 2, rangeSize, workerScript: WORKER, onClassifiedRows: (events) => two.push(...rows(events)) });
        expect(two).toEqual(one);
        expect([threaded.events, threaded.skipped, threaded.skippedCount]).toEqual([single.events, single.skipped, single.skippedCount]);
      }),
      { numRuns: 10 },
    );
  });
});

/** The head of a rules edit: channels renamed, a rule changed, one added before the rest. */
const HEAD_RULES = `channel "Search"
  when referring_domain in ["google.com", "bing.com"]
channel "Newsletter"
  when utm_medium = "email"
channel "Paid"
  when utm_source in ["ads", "news"]
otherwise "Direct"
`;

describe('diff --events on worker threads', () => {
  it('counts the same moves, first examples (lines, entries), agreement and skipped lines as one thread', async () => {
    await fc.assert(
      fc.asyncProperty(
        lines(plainEvent),
        lines(plainEvent),
        layout,
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom('a.ndjson', 'a.json', 'a.ndjson.gz', 'export.zip'),
        fc.constantFrom(undefined, 'theirs'),
        async (records, more, shape, rangeSize, name, against) => {
          const data = bytesOf(text(records, shape));
          const bytes = name === 'export.zip' ? await zipBuffer([{ kind: 'file', name: 'one.ndjson', data }, { kind: 'file', name: 'two.jsonl', data: bytesOf(text(more, shape)) }]) : name.endsWith('.gz') ? gzip(data) : data;
          const source = { path: file(name, bytes) };
          const options = { ...(against === undefined ? {} : { against }) };
          const settle = (run: Promise<unknown>) => run.then((value) => JSON.stringify(value), (error: Error) => `${error.name}: ${error.message}`);
          const one = await settle(compareOnSample(source, compile(RULES), compile(HEAD_RULES), options));
          const threads = { reader: { canRead: readsInRanges, run: runReportThreaded }, threads: 2, rangeSize, workerScript: WORKER };
          const two = await settle(compareOnSample(source, compile(RULES), compile(HEAD_RULES), { ...options, threads }));
          expect(two).toEqual(one);
        },
      ),
      RUNS,
    );
  });

  it('channel-rules diff --events prints the same with 1 and 2 threads', async () => {
    const records = Array.from({ length: 300 }, (_, i) => ({
      user_id: `u${i % 7}`,
      time: T0 + i * 60_000,
      utm_medium: i % 3 === 0 ? 'email' : undefined,
      utm_source: i % 4 === 0 ? 'news' : undefined,
      referrer: i % 5 === 0 ? 'https://www.google.com/' : undefined,
      theirs: i % 2 === 0 ? 'Email' : 'Direct',
    }));
    const lines = records.map((record) => JSON.stringify(record));
    lines.splice(70, 0, 'oops');
    const events = file('diff.ndjson', lines.join('\n'));
    const base = file('base.channels', RULES);
    const head = file('head.channels', HEAD_RULES);
    for (const format of ['text', 'json', 'markdown']) {
      const args = ['diff', base, head, '--events', events, '--against', 'theirs', '--format', format];
      const one = await runCli([...args, '--threads', '1']);
      expect(await runCli([...args, '--threads', '2'], { env: { CHANNEL_RULES_RANGE_SIZE: '400' } })).toEqual(one);
      expect(one.code).toBe(0);
    }
  });

  it('says how many records of a GA4 sample had no GA4 user or time field, counting every thread (it counted the ranges of the main thread)', async () => {
    const rows = Array.from({ length: 400 }, (_, i) =>
      i % 3 === 0
        ? JSON.stringify({ user_id: `plain${i}`, time: T0 + i * 1000 })
        : JSON.stringify({ user_pseudo_id: `p${i % 5}`, event_timestamp: String((T0 + i * 1000) * 1000), event_name: 'page_view', event_params: [{ key: 'source', value: { string_value: i % 2 === 0 ? 'google' : 'news' } }] }),
    );
    rows[0] = JSON.stringify({ user_pseudo_id: 'p0', event_timestamp: String(T0 * 1000), event_name: 'page_view' });
    const events = file('ga4-foreign.ndjson', rows.join('\n'));
    const base = file('base.channels', RULES);
    const head = file('head.channels', HEAD_RULES);
    const args = ['diff', base, head, '--events', events, '--format', 'json'];
    const one = await runCli([...args, '--threads', '1']);
    expect(one.stderr).toContain('133 of 400 records');
    expect(await runCli([...args, '--threads', '2'], { env: { CHANNEL_RULES_RANGE_SIZE: '400' } })).toEqual(one);
  });
});

describe('channel-rules report --threads', () => {
  it('prints the same text, JSON and Markdown with 1 and 2 threads, and refuses a bad count', async () => {
    const records = Array.from({ length: 200 }, (_, i) => ({
      user_id: `u${i % 7}`,
      time: T0 + i * 60_000,
      event_type: i % 9 === 0 ? 'purchase' : 'page_view',
      utm_medium: i % 3 === 0 ? 'email' : undefined,
      referrer: i % 5 === 0 ? 'https://www.google.com/' : undefined,
    }));
    const lines = records.map((record) => JSON.stringify(record));
    lines.splice(50, 0, 'oops');
    const events = file('cli.ndjson', lines.join('\r\n'));
    const rules = file('rules.channels', RULES);
    for (const format of ['text', 'json', 'markdown']) {
      const args = ['report', rules, '--events', events, '--format', format, '--conversion', 'purchase'];
      const one = await runCli([...args, '--threads', '1']);
      const two = await runCli([...args, '--threads', '2'], { env: { CHANNEL_RULES_RANGE_SIZE: '300' } });
      expect(two).toEqual(one);
      expect(one.code).toBe(0);
    }
    for (const format of ['ndjson', 'csv']) {
      const args = ['classify', rules, '--events', events, '--format', format];
      const one = await runCli([...args, '--threads', '1']);
      expect(await runCli([...args, '--threads', '2'], { env: { CHANNEL_RULES_RANGE_SIZE: '300' } })).toEqual(one);
      expect(one.code).toBe(0);
    }
    const bad = await runCli(['report', rules, '--events', events, '--threads', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual(['channel-rules report: --threads must be a whole number from 1 to 256, not "0"']);
  });
});
