// The preview's run carries SPEC §9: the unassigned patterns (with each event's listed
// pattern) and, with a field, the agreement (with each event's value), the same
// figures `report` gives.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEVER_CANCELLED } from '../../engine/cancellation';
import { compileRules, reportSettings, runPreview } from '../../engine/preview/preview-run';
import { DEFAULT_PREVIEW_OPTIONS } from '../../engine/preview/protocol';
import { loadSample } from '../../engine/preview/sample';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { ndjsonText, zipBuffer } from '../support/containers';

const ROOT = path.join(__dirname, '..', '..');
const RULES = readFileSync(path.join(ROOT, 'examples/ga4-default.channels'), 'utf8');
const EVENTS = path.join(ROOT, 'examples/ga4-sample.ndjson');

describe('preview run: SPEC §9', () => {
  it('gives the unassigned section and the agreement of report, with per-event indexes', async () => {
    const sample = await loadSample(1, { kind: 'path', path: EVENTS }, 'ga4-sample.ndjson');
    const compiled = compileRules(RULES, 'ga4-default.channels');
    const result = await runPreview(1, sample, compiled, reportSettings(DEFAULT_PREVIEW_OPTIONS), { token: NEVER_CANCELLED, against: 'utm_medium' });
    const cli = await runReport({
      source: { path: EVENTS },
      classifier: compiled.classifier,
      settings: parseReportSettings(),
      against: 'utm_medium',
      rulesName: 'ga4-default.channels',
    });
    expect(result.report.unassigned).toEqual(cli.report!.unassigned);
    expect(result.report.against).toEqual(cli.report!.against);
    const listed = result.report.unassigned!.patterns;
    const counted = listed.map((_, index) => result.unassignedOf!.filter((of) => of === index).length);
    expect(counted).toEqual(listed.map((pattern) => pattern.events));
    const against = result.against!;
    expect([...against.of].filter((of) => of >= 0).length).toBe(cli.report!.against!.events);
  });

  it('counts as unassigned the events a rule gives the otherwise channel, as report does', async () => {
    // They were left out: the section said 1 event while the channels table's Unassigned row said 2.
    const rules = 'channel "Email"\n  when utm_medium = "email"\nchannel "Unassigned"\n  when utm_medium = "banner"\notherwise "Unassigned"\n';
    const events = path.join(mkdtempSync(path.join(tmpdir(), 'trust-run-')), 'events.ndjson');
    const lines = [{ utm_medium: 'email' }, { utm_medium: 'banner' }, {}].map((fields, i) => JSON.stringify({ user_id: `u${i}`, time: i + 1, ...fields }));
    writeFileSync(events, lines.join('\n'));
    const sample = await loadSample(1, { kind: 'path', path: events }, 'events.ndjson');
    const compiled = compileRules(rules, 'site.channels');
    const result = await runPreview(1, sample, compiled, reportSettings(DEFAULT_PREVIEW_OPTIONS), { token: NEVER_CANCELLED });
    const cli = await runReport({ source: { path: events }, classifier: compiled.classifier, settings: parseReportSettings() });
    expect(result.report.unassigned).toEqual(cli.report!.unassigned);
    expect(result.report.unassigned).toMatchObject({
      events: 2,
      patterns: [
        { fields: { utm_medium: 'banner' }, events: 1 },
        { fields: { utm_medium: null }, events: 1 },
      ],
    });
    expect([...result.unassignedOf!]).toEqual([-1, 0, 1]);
  });

  it("names the zip entry of a zip sample's examples, as report does (SPEC §3.1), read by path and from bytes", async () => {
    // The entry was dropped: the unassigned example was {line: 1}, pointing at a.ndjson's
    // event, and the agreement's examples {line: 2} and {line: 1} named no entry.
    const record = (user: string, time: number, medium: string, ch: string) => ({ user_id: user, event_type: 'page_view', time, utm_medium: medium, ch });
    const zip = await zipBuffer([
      { kind: 'file', name: 'a.ndjson', data: ndjsonText([record('a', 1000, 'cpc', 'Paid')]) },
      { kind: 'file', name: 'b.ndjson', data: ndjsonText([record('b', 2000, 'email', 'Email'), record('b', 3000, 'cpc', 'Search')]) },
    ]);
    const events = path.join(mkdtempSync(path.join(tmpdir(), 'trust-run-')), 'two.zip');
    writeFileSync(events, zip);
    const compiled = compileRules('channel "Paid" when utm_medium = "cpc"\n', 'r.channels');
    const cli = await runReport({ source: { path: events }, classifier: compiled.classifier, settings: parseReportSettings(), against: 'ch', rulesName: 'r.channels' });
    expect(cli.report!.unassigned!.patterns.map((pattern) => pattern.example)).toEqual([{ line: 1, entry: 'b.ndjson' }]);
    for (const source of [{ kind: 'path', path: events } as const, { kind: 'bytes', name: 'two.zip', bytes: new Uint8Array(zip) } as const]) {
      const sample = await loadSample(1, source, 'two.zip');
      const result = await runPreview(1, sample, compiled, reportSettings(DEFAULT_PREVIEW_OPTIONS), { token: NEVER_CANCELLED, against: 'ch' });
      expect(result.report.unassigned).toEqual(cli.report!.unassigned);
      expect(result.report.against).toEqual(cli.report!.against);
      expect(result.report.against!.pairs.map((pair) => pair.example.entry).sort()).toEqual(['a.ndjson', 'b.ndjson', 'b.ndjson']);
    }
  });
});
