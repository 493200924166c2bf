import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CancellationSource, CancelledError } from '../../engine/cancellation';
import { EventFileError } from '../../engine/events/event-format';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport, type ClassifiedEvent, type RunProgress } from '../../engine/report/run-report';
import { amplitudeClassifier, fieldClassifier, handClassifier } from './hand-classifier';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const AMPLITUDE = path.join(FIXTURES, 'report', 'amplitude-example.ndjson');
const SETTINGS = parseReportSettings({ conversion: 'Purchase', lookback: '20m' });

describe('skipped lines', () => {
  it('lists unreadable and unusable lines together, in line order, and counts them', async () => {
    const result = await runReport({
      source: { path: path.join(FIXTURES, 'events', 'malformed.ndjson') },
      classifier: fieldClassifier(['A']),
      settings: parseReportSettings(),
    });
    expect(result.skipped).toEqual([
      { line: 3, reason: expect.stringMatching(/^invalid JSON: /) },
      { line: 4, reason: 'not a JSON object: an array' },
      { line: 5, reason: 'not a JSON object: a string' },
      { line: 6, reason: 'no user: user_id and device_id are missing or null' },
      {
        line: 7,
        reason: 'unparsable time "2024-02-30T10:00:00Z": expected epoch milliseconds or YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]',
      },
      { line: 8, reason: 'no time: time, timestamp, event_time, client_event_time are missing or null' },
      { line: 11, reason: 'not a JSON object: null' },
    ]);
    expect(result.skippedCount).toBe(7);
    expect(result.events).toBe(3);
    expect(result.report).toMatchObject({ events: 3, skipped: 7, users: 3 });
  });

  it('keeps only the first skippedLimit lines but counts all', async () => {
    const text = Array.from({ length: 50 }, (_, k) => (k % 2 === 0 ? '{bad' : '{"user_id":"u","time":0}')).join('\n');
    const result = await runReport({
      source: { text, format: 'ndjson' },
      classifier: fieldClassifier(['A']),
      settings: parseReportSettings(),
      skippedLimit: 3,
    });
    expect(result.skipped.map((line) => line.line)).toEqual([1, 3, 5]);
    expect(result.skippedCount).toBe(25);
    expect(result.report!.skipped).toBe(25);
  });

  it('CSV rows: quoted newlines keep line numbers; no user and bad dates are reported', async () => {
    const result = await runReport({
      source: { path: path.join(FIXTURES, 'events', 'quoted-newlines.csv') },
      classifier: fieldClassifier(['A']),
      settings: parseReportSettings(),
    });
    expect(result.skipped).toEqual([
      { line: 9, reason: 'no user: user_id and device_id are missing or null' },
      { line: 13, reason: expect.stringMatching(/^unparsable time "2024-13-01T10:07:00Z"/) },
    ]);
    expect(result.report).toMatchObject({ events: 7, users: 5 });
  });

  it('a JSON array element that is not an object or has no user is reported by element number', async () => {
    const result = await runReport({
      source: { path: path.join(FIXTURES, 'events', 'events.json') },
      classifier: fieldClassifier(['A']),
      settings: parseReportSettings(),
    });
    expect(result.skipped).toEqual([
      { line: 3, reason: 'not a JSON object: a number' },
      { line: 4, reason: 'no user: user_id and device_id are missing or null' },
    ]);
    expect(result.events).toBe(3);
  });
});

describe('the same events in every format give the same report', () => {
  const lines = readFileSync(AMPLITUDE, 'utf8').trim().split('\n');
  const objects = lines.map((line) => JSON.parse(line) as Record<string, string>);
  const columns = ['user_id', 'time', 'event_type', 'utm_medium', 'referring_domain'];
  const csv = [columns.join(','), ...objects.map((o) => columns.map((c) => (o[c] === undefined ? '' : `"${o[c]}"`)).join(','))].join('\r\n');
  const json = JSON.stringify(objects, null, 2);

  it.each([
    ['ndjson', lines.join('\n')],
    ['json', json],
    ['csv', csv],
  ] as const)('%s', async (format, text) => {
    const fromFile = await runReport({ source: { path: AMPLITUDE }, classifier: amplitudeClassifier, settings: SETTINGS });
    const fromText = await runReport({ source: { text, format }, classifier: amplitudeClassifier, settings: SETTINGS });
    // A CSV row's line number is one more than the NDJSON line (the header).
    const shift = format === 'csv' ? 1 : 0;
    const { unassigned, ...tables } = fromText.report!;
    const { unassigned: expectedUnassigned, ...expectedTables } = fromFile.report!;
    expect(tables).toEqual(expectedTables);
    expect(unassigned).toEqual({
      ...expectedUnassigned,
      patterns: expectedUnassigned!.patterns.map((pattern) => ({ ...pattern, example: { line: pattern.example.line + shift } })),
    });
  });
});

describe('channels table', () => {
  it('users are counted by canonical text; events without a type count in totals only', async () => {
    const text = [
      '{"user_id":12345,"time":0,"channel":"A","event_type":"view"}',
      '{"user_id":"12345","time":1,"channel":"A","event_type":"view"}',
      '{"device_id":"d","time":2,"channel":"A"}',
      '{"user_id":"v","time":3,"channel":"B","event":"click"}',
      '{"user_id":"v","time":4,"event":"click"}',
    ].join('\n');
    const { report } = await runReport({
      source: { text, format: 'ndjson' },
      classifier: fieldClassifier(['A', 'B', 'C']),
      settings: parseReportSettings(),
    });
    expect(report!.users).toBe(3);
    expect(report!.channels).toEqual([
      { channel: 'A', uniques: 2, totals: 3, byEventType: { view: { uniques: 1, totals: 2 } } },
      { channel: 'B', uniques: 1, totals: 1, byEventType: { click: { uniques: 1, totals: 1 } } },
      { channel: 'C', uniques: 0, totals: 0, byEventType: {} },
      { channel: '(unclassified)', uniques: 1, totals: 1, byEventType: { click: { uniques: 1, totals: 1 } } },
    ]);
  });

  it('byEventType lists types in order of first appearance; an `otherwise` channel keeps its place', async () => {
    const classifier = handClassifier([{ channel: 'Z', line: 1, holds: (p) => p.channel === 'Z' }], 'Other', ['channel']);
    const text = ['{"user_id":"u","time":0,"event_type":"b"}', '{"user_id":"u","time":0,"event_type":"a","channel":"Z"}', '{"user_id":"u","time":0,"event_type":"a"}'].join('\n');
    const { report } = await runReport({ source: { text, format: 'ndjson' }, classifier, settings: parseReportSettings() });
    expect(report!.channels.map((row) => row.channel)).toEqual(['Z', 'Other']);
    expect(Object.keys(report!.channels[1]!.byEventType)).toEqual(['b', 'a']);
  });

  it('an event type named __proto__ is an ordinary key', async () => {
    const text = '{"user_id":"u","time":0,"event_type":"__proto__","channel":"A"}';
    const { report } = await runReport({ source: { text, format: 'ndjson' }, classifier: fieldClassifier(['A']), settings: parseReportSettings() });
    expect(Object.keys(report!.channels[0]!.byEventType)).toEqual(['__proto__']);
    expect(JSON.parse(JSON.stringify(report!.channels[0]!.byEventType))).toEqual(JSON.parse('{"__proto__":{"uniques":1,"totals":1}}'));
  });
});

describe('per-event results', () => {
  it('gives each event its line, channel and rule, with or without a report', async () => {
    const classifier = handClassifier([{ channel: 'Z', line: 7, holds: (p) => p.channel === 'Z' }], 'Other', ['channel']);
    const text = ['{"user_id":"u","time":0,"channel":"Z"}', '', '{"user_id":"u","time":1}', '{"time":1}'].join('\n');
    const batches: ClassifiedEvent[][] = [];
    const result = await runReport({ source: { text, format: 'ndjson' }, classifier, collectClassified: true, onClassified: (b) => batches.push(b) });
    expect(result.report).toBeUndefined();
    expect(result.classified!.map(({ line, channel, rule, result: r }) => ({ line, channel, rule, r }))).toEqual([
      { line: 1, channel: 'Z', rule: 7, r: 0 },
      { line: 3, channel: 'Other', rule: 'otherwise', r: -1 },
    ]);
    expect(batches.flat()).toEqual(result.classified);
    expect(result.skipped).toEqual([{ line: 4, reason: 'no user: user_id and device_id are missing or null' }]);
  });

  it('unclassified events have no channel and no rule', async () => {
    const result = await runReport({
      source: { path: AMPLITUDE },
      classifier: amplitudeClassifier,
      collectClassified: true,
    });
    expect(result.classified!.map((event) => [event.line, event.channel, event.rule])).toEqual([
      [1, 'email', 22],
      [2, 'email', 22],
      [3, 'direct', 34],
      [4, null, null],
      [5, 'organic social', 26],
      [6, 'organic search', 29],
      [7, 'direct', 34],
      [8, 'organic search', 29],
      [9, null, null],
      [10, 'direct', 34],
      [11, null, null],
      [12, null, null],
      [13, 'organic social', 26],
      [14, 'organic search', 29],
      [15, 'direct', 34],
      [16, 'paid social', 19],
      [17, null, null],
    ]);
  });
});

describe('progress, cancellation, errors', () => {
  it('reports reading progress, then the report phase', async () => {
    const seen: RunProgress[] = [];
    await runReport({ source: { path: AMPLITUDE }, classifier: amplitudeClassifier, settings: SETTINGS, onProgress: (p) => seen.push(p) });
    expect(seen.at(-2)).toMatchObject({ phase: 'reading', events: 17, skipped: 0 });
    expect(seen.at(-2)!.read).toBe(seen.at(-2)!.total);
    expect(seen.at(-1)).toMatchObject({ phase: 'report', events: 17 });
  });

  it('stops with CancelledError when cancelled', async () => {
    const source = new CancellationSource();
    source.cancel();
    await expect(
      runReport({ source: { path: AMPLITUDE }, classifier: amplitudeClassifier, settings: SETTINGS, token: source }),
    ).rejects.toBeInstanceOf(CancelledError);
  });

  it('stops between batches when cancelled during the run', async () => {
    const source = new CancellationSource();
    const text = Array.from({ length: 200_000 }, (_, k) => `{"user_id":"u${k % 100}","time":${k}}`).join('\n');
    let batches = 0;
    const run = runReport({
      source: { text, format: 'ndjson' },
      classifier: fieldClassifier(['A']),
      settings: SETTINGS,
      token: source,
      onClassified: () => {
        batches++;
        source.cancel();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(batches).toBe(1);
  });

  it('an unreadable file is an EventFileError', async () => {
    await expect(runReport({ source: { path: path.join(FIXTURES, 'events', 'events.txt') }, classifier: amplitudeClassifier })).rejects.toBeInstanceOf(
      EventFileError,
    );
  });
});
