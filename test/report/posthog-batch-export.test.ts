// PostHog's batch export (and its file download export, which writes the same files) as
// PostHog documents it (https://posthog.com/docs/data-pipelines/batch-exports/s3,
// "Events model"): in Parquet, `properties` and `person_properties` are JSON-encoded
// strings and `timestamp` a TIMESTAMP of microseconds; in JSON Lines they are nested
// objects. The same random events as Parquet, as CSV with JSON text in the cells, as
// NDJSON with the objects nested and as NDJSON with them as JSON text give the same
// report, channels, sessions and `against auto` agreement, on one thread and on two
// (the JSON projection, its record shapes, Parquet row groups by thread).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { readEventFileBytes } from '../../engine/events/read-event-bytes';
import { eventFieldsFor } from '../../engine/events/event-source';
import type { EventProps } from '../../engine/events/event';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport, type RunReportOptions, type RunReportResult } from '../../engine/report/run-report';
import { runReportThreaded, type ClassifiedRow } from '../../engine/report/threaded-report';
import { runCli } from '../support/run-cli';

const ROOT = path.join(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'range-worker.js');
const folder = mkdtempSync(path.join(tmpdir(), 'posthog-batch-export-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const RULES = `channel "Email"
  when utm_medium = "email"
channel "Search"
  when referring_domain in ["google.com", "bing.com"]
channel "Pro"
  when plan = "pro"
otherwise "Other"
`;

const T0 = Date.UTC(2024, 0, 1, 10);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** One event of the export: its columns, with `properties` and `person_properties` as objects. */
const posthogEvent = fc.record({
  event: fc.constantFrom('$pageview', 'purchase'),
  distinct_id: fc.constantFrom('d1', 'd2', 'd3'),
  micros: fc.integer({ min: 0, max: 3 * 3600 * 1000 }).map((ms) => BigInt(T0 + ms) * 1000n + 123n),
  properties: fc.record(
    {
      $session_id: fc.constantFrom('s1', 's2', 's3'),
      utm_medium: fc.constantFrom('email', 'cpc'),
      $referrer: fc.constantFrom('https://www.google.com/', 'https://a.org/x', '$direct'),
      $channel_type: fc.constantFrom('Email', 'Direct', 'Organic Search'),
      nested: fc.record({ plan: maybe(fc.constantFrom('pro', 'free')) }),
      big: fc.constant(12345678901234567890n),
    },
    { requiredKeys: [] },
  ),
  person_properties: fc.record({ plan: maybe(fc.constantFrom('pro', 'free')), email: maybe(fc.constant('a@b.c')) }, { requiredKeys: [] }),
});
type PosthogEvent = typeof posthogEvent extends fc.Arbitrary<infer T> ? T : never;

/** JSON text of an object holding bigints as their digits (an integer beyond 2^53). */
const json = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `\u0000${v}` : v)).replace(/"\\u0000(\d+)"/g, '$1');

const isoMicros = (micros: bigint): string => `${new Date(Number(micros / 1000n)).toISOString().slice(0, 23)}${String(micros % 1000n).padStart(3, '0')}Z`;

let fileCount = 0;
function file(name: string, data: string | Uint8Array): string {
  const full = path.join(folder, `${fileCount++}-${name}`);
  writeFileSync(full, data);
  return full;
}

/** The four files of the same events: Parquet and CSV with JSON text, NDJSON nested and as JSON text. */
function exportFiles(events: readonly PosthogEvent[]): { parquet: string; csv: string; nested: string; text: string } {
  const columnData = [
    { name: 'uuid', data: events.map((_, i) => `u-${i}`), type: 'STRING' as const },
    { name: 'event', data: events.map((each) => each.event), type: 'STRING' as const },
    { name: 'distinct_id', data: events.map((each) => each.distinct_id), type: 'STRING' as const },
    { name: 'properties', data: events.map((each) => json(each.properties)), type: 'STRING' as const },
    { name: 'person_properties', data: events.map((each) => json(each.person_properties)), type: 'STRING' as const },
    { name: 'timestamp', data: events.map((each) => each.micros) },
  ];
  const schema = schemaFromColumnData({
    columnData,
    schemaOverrides: {
      timestamp: { name: 'timestamp', type: 'INT64', repetition_type: 'OPTIONAL', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } },
    },
  });
  const parquet = file('posthog.parquet', new Uint8Array(parquetWriteBuffer({ columnData: columnData.map(({ name, data }) => ({ name, data })), schema, rowGroupSize: 7 })));
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const csvRows = events.map((each, i) => [`u-${i}`, each.event, each.distinct_id, quote(json(each.properties)), quote(json(each.person_properties)), isoMicros(each.micros)].join(','));
  const csv = file('posthog.csv', `uuid,event,distinct_id,properties,person_properties,timestamp\n${csvRows.join('\n')}\n`);
  const line = (each: PosthogEvent, i: number, asText: boolean) =>
    `{"uuid":"u-${i}","event":${json(each.event)},"distinct_id":${json(each.distinct_id)},` +
    `"properties":${asText ? JSON.stringify(json(each.properties)) : json(each.properties)},` +
    `"person_properties":${asText ? JSON.stringify(json(each.person_properties)) : json(each.person_properties)},"timestamp":"${isoMicros(each.micros)}"}`;
  const nested = file('posthog.jsonl', events.map((each, i) => line(each, i, false)).join('\n') + '\n');
  const text = file('posthog-text.jsonl', events.map((each, i) => line(each, i, true)).join('\n') + '\n');
  return { parquet, csv, nested, text };
}

function compile() {
  return compileClassifier(checkRules(parseChannels(RULES), RULES));
}

function outcome(result: RunReportResult, lineShift: number) {
  return {
    report: JSON.parse(JSON.stringify(result.report, (key, value: unknown) => (key === 'line' && typeof value === 'number' ? value - lineShift : value))) as unknown,
    events: result.events,
    skippedCount: result.skippedCount,
    sessionOf: Array.from(result.sessionOf ?? []),
    system: result.eventFields.system.id,
  };
}

/**
 * The report of `filePath` and classify's rows (lines less `lineShift`) on one thread,
 * checked equal to those on two (ranges of `rangeSize` bytes; a run gives either a
 * report or rows).
 */
async function reportBothWays(filePath: string, rangeSize: number, lineShift: number) {
  const base: RunReportOptions = {
    source: { path: filePath },
    classifier: compile(),
    settings: parseReportSettings({ conversion: 'purchase', lookback: '1h', sessionTimeout: '20m' }),
    rulesName: 'rules.channels',
    patternLimit: 3,
    against: 'auto',
  };
  const threads = { threads: 2, rangeSize, workerScript: WORKER };
  const one = outcome(await runReport(base), lineShift);
  const two = outcome(await runReportThreaded({ ...base, classifier: compile(), ...threads, attributeElsewhereFrom: 0, numberSessions: true }), lineShift);
  expect(two).toEqual(one);
  const rows = (into: unknown[]) => (events: ClassifiedRow[]) => void into.push(...events.map(({ line, channel }) => [line - lineShift, channel]));
  const oneRows: unknown[] = [];
  await runReport({ source: base.source, classifier: compile(), onClassified: rows(oneRows) });
  const twoRows: unknown[] = [];
  await runReportThreaded({ source: base.source, classifier: compile(), ...threads, onClassifiedRows: rows(twoRows) });
  expect(twoRows).toEqual(oneRows);
  return { ...one, rows: oneRows };
}

describe('PostHog batch export: Parquet and CSV with JSON-text properties read as the JSON Lines export', () => {
  it('the same report, channels, sessions and agreement, on one thread and on two', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(posthogEvent, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 2000 }), async (events, rangeSize) => {
        const files = exportFiles(events);
        const nested = await reportBothWays(files.nested, rangeSize, 0);
        expect(nested.system).toBe('posthog');
        expect(await reportBothWays(files.text, rangeSize, 0)).toEqual(nested);
        expect(await reportBothWays(files.parquet, rangeSize, 0)).toEqual(nested);
        // A CSV's first row is its header: its events are one line further down.
        expect(await reportBothWays(files.csv, rangeSize, 1)).toEqual(nested);
      }),
      { numRuns: 12 },
    );
  });

  it('the sessions are PostHog`s $session_id, the channels the properties`', async () => {
    const events: PosthogEvent[] = [
      { event: '$pageview', distinct_id: 'd1', micros: BigInt(T0) * 1000n, properties: { $session_id: 's1', utm_medium: 'email' }, person_properties: {} },
      { event: 'purchase', distinct_id: 'd1', micros: BigInt(T0 + 5 * 60_000) * 1000n, properties: { $session_id: 's1' }, person_properties: { plan: 'pro' } },
      { event: '$pageview', distinct_id: 'd1', micros: BigInt(T0 + 65 * 60_000) * 1000n, properties: { $session_id: 's1' }, person_properties: {} },
    ];
    const { parquet } = exportFiles(events);
    const result = await reportBothWays(parquet, 100, 0);
    expect(result.rows).toEqual([
      [1, 'Email'],
      [2, 'Pro'],
      [3, 'Other'],
    ]);
    // One session by $session_id (the timeout would make two).
    expect(new Set(result.sessionOf).size).toBe(1);
  });

  it('channel-rules classify and report print the same for Parquet, CSV and JSON Lines, with 1 and 2 threads', () => {
    const events: PosthogEvent[] = [
      { event: '$pageview', distinct_id: 'd1', micros: BigInt(T0) * 1000n + 456n, properties: { $session_id: 's1', utm_medium: 'email', $referrer: 'https://www.google.com/' }, person_properties: {} },
      { event: 'purchase', distinct_id: 'd1', micros: BigInt(T0 + 5 * 60_000) * 1000n, properties: { $session_id: 's1', $referrer: '$direct' }, person_properties: {} },
      { event: '$pageview', distinct_id: 'd1', micros: BigInt(T0 + 65 * 60_000) * 1000n, properties: { $session_id: 's1' }, person_properties: {} },
    ];
    const files = exportFiles(events);
    const rules = file('rules.channels', RULES);
    const run = (command: string, events: string, threads: string) => {
      const result = runCli([command, rules, '--events', events, '--threads', threads, ...(command === 'report' ? ['--format', 'json'] : [])]);
      expect([result.code, result.stderr]).toEqual([0, 'events: PostHog events (detected)\n']);
      return result.stdout;
    };
    const channels = (out: string) => out.trim().split('\n').map((line) => (JSON.parse(line) as { channel: string }).channel);
    expect(channels(run('classify', files.nested, '1'))).toEqual(['Email', 'Other', 'Other']);
    // A CSV's first row is its header: its events are one line further down.
    const report = (events: string, threads: string) =>
      JSON.parse(run('report', events, threads), (key, value: unknown) => (key === 'line' && typeof value === 'number' && events === files.csv ? value - 1 : value)) as unknown;
    for (const events of [files.parquet, files.csv, files.text]) {
      for (const threads of ['1', '2']) {
        expect(channels(run('classify', events, threads))).toEqual(['Email', 'Other', 'Other']);
        expect(report(events, threads)).toEqual(report(files.nested, '1'));
      }
    }
    expect(JSON.parse(run('report', files.parquet, '1'))).toMatchObject({ events: 3, sessionCount: 1 });
  });

  it('the preview reads a Parquet sample`s properties from its bytes (the web build`s reader)', async () => {
    const { parquet } = exportFiles([{ event: '$pageview', distinct_id: 'd1', micros: BigInt(T0) * 1000n, properties: { $session_id: 's1', utm_medium: 'email' }, person_properties: {} }]);
    const records: EventProps[] = [];
    const bytes = new Uint8Array(await import('node:fs/promises').then((fs) => fs.readFile(parquet)));
    for await (const batch of readEventFileBytes(bytes, 'posthog.parquet')) records.push(...batch.events.map((event) => event.props));
    const fields = eventFieldsFor(records[0]);
    expect(fields.system.id).toBe('posthog');
    expect([fields.lookup.accessor('utm_medium')(records[0]!), fields.meta.read(records[0]!)]).toMatchObject(['email', { sessionId: 's1', user: 'd1' }]);
  });
});
