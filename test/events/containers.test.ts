// Containers (SPEC §3.1) against the same events written plain: gzip, zip (several
// entries, gzip inside zip, entries that are not events and folders) and Parquet
// give exactly the report, the skipped lines and the classify results of the plain
// file, lines qualified by their zip entry. Writers are independent libraries
// (zlib, yazl, hyparquet-writer; DuckDB in ./parquet-duckdb.test.ts).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventFormat } from '../../engine/events/event-format';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport, type EventSource, type RunReportResult } from '../../engine/report/run-report';
import { amplitudeClassifier } from '../report/hand-classifier';
import { csvText, gzip, ndjsonText, zipBuffer, type ZipItem } from '../support/containers';

const SETTINGS = parseReportSettings({ conversion: 'Purchase', lookback: '20m', sessionTimeout: '10m' });
const COLUMNS = ['user_id', 'time', 'event_type', 'utm_medium', 'referring_domain'] as const;
const dir = mkdtempSync(path.join(os.tmpdir(), 'cr-containers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function file(name: string, data: Buffer | string): string {
  const folder = path.join(dir, String(files++));
  const full = path.join(folder, name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(full, data);
  return full;
}

/** Every key present (null where unset): Parquet cannot tell null from missing, and reads a null as missing (docs/events-and-reports.md). */
const eventArb = fc.record({
  user_id: fc.constantFrom('u1', 'u2', 'u3', null),
  time: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_000 + 3 * 3_600_000 }),
  event_type: fc.constantFrom('Page View', 'Purchase', 'Click', null),
  utm_medium: fc.constantFrom('email', 'paid search', 'paid social', null),
  referring_domain: fc.constantFrom('google.com', 'facebook.com', 'example.org', null),
});
type Event = { [K in (typeof COLUMNS)[number]]: K extends 'time' ? number : string | null };
/** An event, or (one in eight) a line that is not JSON. */
const lineArb = fc.oneof({ weight: 7, arbitrary: eventArb }, { weight: 1, arbitrary: fc.constant('{not json') });

async function run(source: EventSource): Promise<RunReportResult> {
  return runReport({ source, classifier: amplitudeClassifier, settings: SETTINGS, collectClassified: true });
}

/** What a run shows a user: the report, skipped lines and per-event results. */
function outcome(result: RunReportResult) {
  return {
    report: result.report,
    skippedCount: result.skippedCount,
    skipped: result.skipped,
    classified: result.classified!.map((event) => ({ entry: event.entry, line: event.line, channel: event.channel, rule: event.rule })),
  };
}

function plainText(lines: ReadonlyArray<Event | string>, format: EventFormat): string {
  return format === 'csv' ? csvText(lines.filter((line): line is Event => typeof line !== 'string'), COLUMNS) : ndjsonText(lines);
}

describe('gzip', () => {
  it('a .gz file reads exactly as the plain file of its inner name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { maxLength: 60 }), fc.constantFrom('ndjson', 'json', 'csv'), async (lines, format) => {
        const text = plainText(lines, format as EventFormat);
        const name = { ndjson: 'events.ndjson.gz', json: 'export.json.gz', csv: 'events.csv.gz' }[format]!;
        const zipped = outcome(await run({ path: file(name, gzip(text)) }));
        const plain = outcome(await run({ text, format: format as EventFormat }));
        expect(zipped).toEqual(plain);
      }),
      { numRuns: 30 },
    );
  });
});

describe('zip', () => {
  const wrapperArb = fc.constantFrom('ndjson', 'jsonl', 'json', 'json.gz', 'ndjson.gz', 'csv', 'csv.gz');
  const entryArb = fc.record({ lines: fc.array(lineArb, { maxLength: 25 }), wrapper: wrapperArb, stored: fc.boolean() });
  const extraArb = fc.constantFrom<ZipItem>(
    { kind: 'file', name: 'README.txt', data: 'Amplitude export\n' },
    { kind: 'folder', name: 'folder/' },
    { kind: 'file', name: 'notes/summary.json.txt', data: '{}' },
    { kind: 'file', name: '__MACOSX/._a.ndjson', data: 'binary' },
  );

  it('entries in order, each by its own name, lines as <entry>:<line>; other entries listed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 3, arbitrary: entryArb.map((entry) => ({ kind: 'entry' as const, ...entry })) }, { weight: 1, arbitrary: extraArb }), { maxLength: 7 }),
        async (items) => {
          const zipItems: ZipItem[] = [];
          const skippedNames: string[] = [];
          const expected = { skipped: [] as RunReportResult['skipped'], classified: [] as ReturnType<typeof outcome>['classified'], skippedCount: 0 };
          const all: Array<Event | string> = [];
          /** Where each line of `all` is in the zip. */
          const origin: Array<{ entry: string; line: number }> = [];
          for (const [index, item] of items.entries()) {
            if (item.kind !== 'entry') {
              zipItems.push(item);
              skippedNames.push(item.name);
              continue;
            }
            const format: EventFormat = item.wrapper.startsWith('csv') ? 'csv' : item.wrapper.startsWith('json.') || item.wrapper === 'json' ? 'json' : 'ndjson';
            const name = `day-${index}/${index}.${item.wrapper}`;
            const text = plainText(item.lines, format);
            zipItems.push({ kind: 'file', name, data: item.wrapper.endsWith('.gz') ? gzip(text) : text, compress: !item.stored });
            const alone = await run({ text, format });
            expected.skippedCount += alone.skippedCount;
            for (const line of alone.skipped) expected.skipped.push({ ...line, entry: name });
            for (const event of outcome(alone).classified) expected.classified.push({ ...event, entry: name });
            let entryLine = format === 'csv' ? 1 : 0;
            for (const line of item.lines) {
              if (format === 'csv' && typeof line === 'string') continue;
              all.push(line);
              origin.push({ entry: name, line: ++entryLine });
            }
          }
          const zipped = await run({ path: file('export.zip', await zipBuffer(zipItems)) });
          expect(zipped.skippedEntries.map((entry) => entry.name)).toEqual(skippedNames);
          const got = outcome(zipped);
          expect(got.classified).toEqual(expected.classified);
          expect(got.skipped).toEqual(expected.skipped);
          expect(got.skippedCount).toBe(expected.skippedCount);
          // The report is the plain file's, its example lines named by entry.
          const plain = (await run({ text: ndjsonText(all), format: 'ndjson' })).report!;
          for (const pattern of plain.unassigned?.patterns ?? []) pattern.example = origin[pattern.example.line - 1]!;
          expect(got.report).toEqual(plain);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('Parquet (hyparquet-writer)', () => {
  it('rows read as the NDJSON of the same events, row numbers as lines, across row groups', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 80 }), fc.integer({ min: 1, max: 30 }), async (events, rowGroupSize) => {
        const buffer = parquetWriteBuffer({
          columnData: [
            { name: 'user_id', data: events.map((e) => e.user_id), type: 'STRING' },
            { name: 'time', data: events.map((e) => new Date(e.time)), type: 'TIMESTAMP' },
            { name: 'event_type', data: events.map((e) => e.event_type), type: 'STRING' },
            { name: 'utm_medium', data: events.map((e) => e.utm_medium), type: 'STRING' },
            { name: 'referring_domain', data: events.map((e) => e.referring_domain), type: 'STRING' },
          ],
          rowGroupSize,
        });
        const parquet = outcome(await run({ path: file('events.parquet', Buffer.from(buffer)) }));
        // The same events with their nulls left out: what the Parquet's nulls read as.
        const missing = events.map((event) => Object.fromEntries(Object.entries(event).filter(([, value]) => value !== null)) as Event);
        const plain = outcome(await run({ text: ndjsonText(missing), format: 'ndjson' }));
        expect(parquet).toEqual(plain);
      }),
      { numRuns: 25 },
    );
  });
});
