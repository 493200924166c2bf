// Where the preview finds sample events, and that every event format of SPEC §3 gives
// the preview the same report.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEVER_CANCELLED } from '../../engine/cancellation';
import { compileRules, reportSettings, runPreview } from '../../engine/preview/preview-run';
import type { RunResult } from '../../engine/preview/protocol';
import { DEFAULT_PREVIEW_OPTIONS } from '../../engine/preview/protocol';
import { loadSample } from '../../engine/preview/sample';
import { conventionalSampleNames } from '../../engine/preview/sample-file-names';

const ROOT = path.join(__dirname, '..', '..');

describe('conventional sample files', () => {
  it('tries <name>.events.<ext>, then <name>.<ext>, then events.<ext>', () => {
    expect(conventionalSampleNames('amplitude-example.channels')).toEqual([
      'amplitude-example.events.ndjson',
      'amplitude-example.events.jsonl',
      'amplitude-example.events.json',
      'amplitude-example.events.csv',
      'amplitude-example.ndjson',
      'amplitude-example.jsonl',
      'amplitude-example.json',
      'amplitude-example.csv',
      'events.ndjson',
      'events.jsonl',
      'events.json',
      'events.csv',
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
});
