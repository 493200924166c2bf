// Where the preview finds sample events, and that every event format of SPEC §3 gives
// the preview the same report.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEVER_CANCELLED } from '../../engine/cancellation';
import { compileRules, reportSettings, runPreview } from '../../engine/preview/preview-run';
import type { RunResult } from '../../engine/preview/protocol';
import { DEFAULT_PREVIEW_OPTIONS } from '../../engine/preview/protocol';
import { loadSample, sampleColumns } from '../../engine/preview/sample';
import { conventionalSampleNames } from '../../engine/preview/sample-file-names';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { gzip, ndjsonText, zipBuffer } from '../support/containers';

const ROOT = path.join(__dirname, '..', '..');

describe('conventional sample files', () => {
  it('tries <name>.events.<ext>, then <name>.<ext>, then events.<ext>', () => {
    expect(conventionalSampleNames('amplitude-example.channels')).toEqual([
      'amplitude-example.events.ndjson',
      'amplitude-example.events.jsonl',
      'amplitude-example.events.json',
      'amplitude-example.events.csv',
      'amplitude-example.events.parquet',
      'amplitude-example.events.ndjson.gz',
      'amplitude-example.events.jsonl.gz',
      'amplitude-example.events.json.gz',
      'amplitude-example.events.csv.gz',
      'amplitude-example.events.zip',
      'amplitude-example.ndjson',
      'amplitude-example.jsonl',
      'amplitude-example.json',
      'amplitude-example.csv',
      'amplitude-example.parquet',
      'amplitude-example.ndjson.gz',
      'amplitude-example.jsonl.gz',
      'amplitude-example.json.gz',
      'amplitude-example.csv.gz',
      'amplitude-example.zip',
      'events.ndjson',
      'events.jsonl',
      'events.json',
      'events.csv',
      'events.parquet',
      'events.ndjson.gz',
      'events.jsonl.gz',
      'events.json.gz',
      'events.csv.gz',
      'events.zip',
    ]);
  });
});

describe('sample formats', () => {
  const ndjson = readFileSync(path.join(ROOT, 'examples', 'amplitude-example.ndjson'), 'utf8');
  const events = ndjson.trim().split('\n').map((line) => JSON.parse(line) as Record<string, string>);
  const columns = ['user_id', 'time', 'event_type', 'utm_medium', 'referring_domain'];
  const csv = [columns.join(','), ...events.map((event) => columns.map((column) => JSON.stringify(event[column] ?? '').replace(/^""$/, '')).join(','))].join('\n');
  // Amplitude's export: properties under event_properties, the time as `event_time`.
  const amplitude = events
    .map(({ user_id, time, event_type, ...properties }) => JSON.stringify({ user_id, event_time: time.replace('T', ' ').replace('Z', ''), event_type, event_properties: properties }))
    .join('\n');
  const sources = {
    'events.ndjson': ndjson,
    'events.json': JSON.stringify(events),
    'events.csv': csv,
    'amplitude-export.jsonl': amplitude,
  };
  const rules = compileRules(readFileSync(path.join(ROOT, 'examples', 'amplitude-example.channels'), 'utf8'), 'amplitude-example.channels');
  const settings = reportSettings({ ...DEFAULT_PREVIEW_OPTIONS, conversion: 'Purchase', lookback: '20m' });

  it('NDJSON, a JSON array, CSV and an Amplitude export give the same report and rules', async () => {
    const results: RunResult[] = [];
    for (const [name, text] of Object.entries(sources)) {
      const sample = await loadSample(1, { kind: 'text', name, text }, name);
      expect({ name, skipped: sample.skippedCount, count: sample.props.length }).toEqual({ name, skipped: 0, count: 17 });
      results.push(await runPreview(1, sample, rules, settings, { token: NEVER_CANCELLED }));
    }
    // Everything but the unassigned patterns' example lines: a CSV row's line counts the header.
    const withoutLines = (report: RunResult['report']) => ({
      ...report,
      unassigned: { ...report.unassigned!, patterns: report.unassigned!.patterns.map(({ example: _, ...pattern }) => pattern) },
    });
    for (const result of results.slice(1)) {
      expect(withoutLines(result.report)).toEqual(withoutLines(results[0]!.report));
      expect(Array.from(result.ruleOf)).toEqual(Array.from(results[0]!.ruleOf));
    }
  });

  const withoutExampleLines = (report: unknown) => JSON.parse(JSON.stringify(report, (key, value) => (key === 'example' ? undefined : value)));

  it('a .gz, a .zip and a .parquet sample (read by path, as the worker does, or from their bytes, as in the browser) give the same report', async () => {
    const plain = await runPreview(1, await loadSample(1, { kind: 'text', name: 'events.ndjson', text: ndjson }, 'events.ndjson'), rules, settings, {
      token: NEVER_CANCELLED,
    });
    const folder = mkdtempSync(path.join(os.tmpdir(), 'cr-preview-containers-'));
    try {
      const files = {
        'events.ndjson.gz': gzip(ndjson),
        'export.zip': await zipBuffer([
          { kind: 'folder', name: 'day/' },
          { kind: 'file', name: 'day/a.json.gz', data: gzip(ndjson) },
        ]),
        'events.parquet': readFileSync(path.join(ROOT, 'test', 'fixtures', 'containers', 'events.parquet')),
      };
      for (const [name, data] of Object.entries(files)) {
        const file = path.join(folder, name);
        writeFileSync(file, data);
        for (const source of [{ kind: 'path', path: file } as const, { kind: 'bytes', name, bytes: new Uint8Array(data) } as const]) {
          const sample = await loadSample(1, source, name);
          expect({ name, skipped: sample.skippedCount, count: sample.props.length }).toEqual({ name, skipped: 0, count: 17 });
          const result = await runPreview(1, sample, rules, settings, { token: NEVER_CANCELLED });
          expect(Array.from(result.ruleOf)).toEqual(Array.from(plain.ruleOf));
          expect(withoutExampleLines(result.report)).toEqual(withoutExampleLines(plain.report));
        }
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("keeps the zip entries it does not read, as report lists them (SPEC §3.1), read by path and from bytes", async () => {
    // They were dropped without a word: a zip inside the zip gave 1 event, nothing skipped.
    const inner = await zipBuffer([{ kind: 'file', name: 'x.ndjson', data: ndjson }]);
    const zip = await zipBuffer([
      { kind: 'folder', name: 'day/' },
      { kind: 'file', name: 'inner.zip', data: inner },
      { kind: 'file', name: 'notes.txt', data: 'not events' },
      { kind: 'file', name: 'day/x.ndjson', data: ndjsonText([{ user_id: 'u1', time: 1000, event_type: 'Page View' }]) },
    ]);
    const folder = mkdtempSync(path.join(os.tmpdir(), 'cr-preview-skipped-entries-'));
    try {
      const file = path.join(folder, 'nested.zip');
      writeFileSync(file, zip);
      const cli = await runReport({ source: { path: file }, classifier: rules.classifier, settings: parseReportSettings() });
      const expected = [
        { name: 'day/', reason: 'a folder' },
        { name: 'inner.zip', reason: 'a zip inside the zip' },
        { name: 'notes.txt', reason: 'not an events file' },
      ];
      expect(cli.skippedEntries).toEqual(expected);
      for (const source of [{ kind: 'path', path: file } as const, { kind: 'bytes', name: 'nested.zip', bytes: new Uint8Array(zip) } as const]) {
        const sample = await loadSample(1, source, 'nested.zip');
        expect({ kind: source.kind, count: sample.props.length, entries: sample.skippedEntries, entryCount: sample.skippedEntryCount }).toEqual({
          kind: source.kind,
          count: 1,
          entries: expected,
          entryCount: 3,
        });
        expect(sampleColumns(sample)).toMatchObject({ skippedEntries: expected, skippedEntryCount: 3 });
      }
      const plain = await loadSample(2, { kind: 'text', name: 'events.ndjson', text: ndjson }, 'events.ndjson');
      expect([plain.skippedEntries, plain.skippedEntryCount]).toEqual([[], 0]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
