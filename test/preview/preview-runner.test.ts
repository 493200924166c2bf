// The preview pipeline as the extension drives it: PreviewRunner → dist/preview-worker.js
// (a real worker thread) on real files. The worked example, explanations, cancellation
// of stale runs, and a run that overruns on one event stopped for real.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PreviewRunner, type RunOutcome } from '../../engine/preview/preview-runner';
import { DEFAULT_PREVIEW_OPTIONS, type PreviewOptions, type RunResult } from '../../engine/preview/protocol';
import { gzip, zipBuffer } from '../support/containers';

const ROOT = path.join(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'preview-worker.js');
const EXAMPLE_RULES = readFileSync(path.join(ROOT, 'examples', 'amplitude-example.channels'), 'utf8');
const EXAMPLE_EVENTS = path.join(ROOT, 'examples', 'amplitude-example.ndjson');
const EXAMPLE_OPTIONS: PreviewOptions = { ...DEFAULT_PREVIEW_OPTIONS, conversion: 'Purchase', lookback: '20m' };

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'channel-rules-preview-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const runners: PreviewRunner[] = [];
afterEach(() => {
  for (const runner of runners.splice(0)) runner.dispose();
});

function runner(options: { stallBudgetMs?: number } = {}): PreviewRunner {
  const created = new PreviewRunner({ workerPath: WORKER, ...options });
  runners.push(created);
  return created;
}

function result(outcome: RunOutcome): RunResult {
  if (outcome.kind !== 'result') throw new Error(`expected a result, got ${JSON.stringify(outcome)}`);
  return outcome.result;
}

function table(result: RunResult) {
  const report = result.report;
  const figures: Record<string, number[]> = {};
  for (const row of report.channels) figures[row.channel] = [row.byEventType['Page View']?.uniques ?? 0, row.byEventType['Page View']?.totals ?? 0];
  for (const row of report.sessions) figures[row.channel]!.push(row.totals, row.entries, row.exits);
  const attribution = (model: string, channel: string) => report.attribution.models[model]?.find((row) => row.channel === channel);
  for (const channel of [...Object.keys(figures), '(no touch)']) {
    const first = attribution('first_touch', channel);
    const last = attribution('last_touch', channel);
    (figures[channel] ??= []).push(first?.uniques ?? 0, first?.totals ?? 0, last?.uniques ?? 0, last?.totals ?? 0);
  }
  return figures;
}

describe('preview runner and worker', () => {
  it('gives the worked example exactly, with each event\'s rule and session', async () => {
    const preview = runner();
    const columns = await preview.loadSample(1, { kind: 'path', path: EXAMPLE_EVENTS }, 'amplitude-example.ndjson');
    expect(columns.count).toBe(17);
    expect(columns.eventTypes).toEqual(['Page View', 'Purchase']);
    expect(columns.skippedCount).toBe(0);
    const run = result(await preview.run(EXAMPLE_RULES, 'amplitude-example.channels', EXAMPLE_OPTIONS));
    expect(run.report.sessionCount).toBe(5);
    expect(run.report.events).toBe(17);
    expect(table(run)).toMatchObject({
      direct: [2, 4, 4, 0, 3, 0, 0, 1, 2],
      'organic social': [2, 2, 2, 2, 0, 0, 0, 0, 0],
      'organic search': [2, 3, 3, 1, 0, 2, 3, 1, 1],
      email: [1, 2, 1, 1, 0, 1, 1, 0, 0],
      'paid social': [1, 1, 1, 0, 1, 0, 0, 1, 1],
    });
    expect(table(run)['(no touch)']).toEqual([1, 1, 1, 1]);
    // Rules: 0 paid search, 1 paid social, 2 email, 3 organic social, 4 organic search, 5 direct; -2 unclassified.
    expect(Array.from(run.ruleOf)).toEqual([2, 2, 5, -2, 3, 4, 5, 4, -2, 5, -2, -2, 3, 4, 5, 1, -2]);
    expect(Array.from(run.sessionOf)).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 4, 4, 4, 4, 4]);
    expect(run.rules.map((rule) => [rule.line, rule.channel])).toEqual([
      [16, 'paid search'],
      [19, 'paid social'],
      [22, 'email'],
      [26, 'organic social'],
      [29, 'organic search'],
      [34, 'direct'],
    ]);
    expect(run.ruleProblems).toEqual([]);
  });

  it('with lookback `session`, credits u2\'s last purchase first touch to organic social', async () => {
    const preview = runner();
    await preview.loadSample(1, { kind: 'path', path: EXAMPLE_EVENTS }, 'amplitude-example.ndjson');
    const run = result(await preview.run(EXAMPLE_RULES, 'amplitude-example.channels', { ...EXAMPLE_OPTIONS, lookback: 'session' }));
    const firstTouch = run.report.attribution.models.first_touch!;
    expect(firstTouch.find((row) => row.channel === 'organic social')).toEqual({ channel: 'organic social', uniques: 1, totals: 1 });
    expect(run.report.attribution.lookback).toBe('session');
  });

  it('explains an event: the matching rule and the first failing condition of each earlier rule', async () => {
    const preview = runner();
    await preview.loadSample(1, { kind: 'path', path: EXAMPLE_EVENTS }, 'amplitude-example.ndjson');
    const outcome = await preview.explain(5, EXAMPLE_RULES, 'amplitude-example.channels');
    if (outcome.kind !== 'explanation') throw new Error(JSON.stringify(outcome));
    const explanation = outcome.explanation;
    expect(explanation.line).toBe(6);
    expect(explanation.channel).toBe('organic search');
    expect(explanation.matched?.line).toBe(29);
    expect(explanation.failed.map((failure) => [failure.rule.line, failure.condition, failure.field, failure.value])).toEqual([
      [16, 'utm_medium = "paid search"', 'utm_medium', undefined],
      [19, 'utm_medium = "paid social"', 'utm_medium', undefined],
      [22, 'utm_medium = "email"', 'utm_medium', undefined],
      [26, 'referring_domain in ["facebook.com", "twitter.com", "linkedin.com"]', 'referring_domain', 'bing.com'],
    ]);
    expect(explanation.fields).toContainEqual(['referring_domain', 'bing.com']);
    // The condition's offsets point at the text it quotes.
    const last = explanation.failed[3]!;
    expect(EXAMPLE_RULES.slice(last.start, last.end)).toBe(last.condition);
  });

  it('cancels a stale run when a newer edit arrives', async () => {
    const preview = runner();
    await preview.loadSample(1, { kind: 'path', path: EXAMPLE_EVENTS }, 'amplitude-example.ndjson');
    const stale = preview.run(EXAMPLE_RULES, 'a.channels', EXAMPLE_OPTIONS);
    const edited = EXAMPLE_RULES.replace('channel "direct"', 'channel "direct (edited)"');
    const fresh = preview.run(edited, 'a.channels', EXAMPLE_OPTIONS);
    expect((await stale).kind).toBe('cancelled');
    const run = result(await fresh);
    expect(run.report.channels.map((row) => row.channel)).toContain('direct (edited)');
  });

  it('keeps going with rules that have errors, and says which are left out', async () => {
    const preview = runner();
    await preview.loadSample(1, { kind: 'path', path: EXAMPLE_EVENTS }, 'amplitude-example.ndjson');
    const broken = EXAMPLE_RULES.replace('when utm_medium = "email"', 'when utm_medium = ');
    const run = result(await preview.run(broken, 'broken.channels', EXAMPLE_OPTIONS));
    expect(run.ruleProblems.length).toBeGreaterThan(0);
    expect(run.ruleProblems.join('\n')).toMatch(/broken\.channels:22/);
    expect(run.report.events).toBe(17);
  });

  it('reports a bad setting as a message, not a crash', async () => {
    const preview = runner();
    await preview.loadSample(1, { kind: 'path', path: EXAMPLE_EVENTS }, 'amplitude-example.ndjson');
    const outcome = await preview.run(EXAMPLE_RULES, 'a.channels', { ...EXAMPLE_OPTIONS, lookback: 'soon' });
    expect(outcome).toMatchObject({ kind: 'error', message: expect.stringContaining('lookback') });
    // The worker is still there.
    expect((await preview.run(EXAMPLE_RULES, 'a.channels', EXAMPLE_OPTIONS)).kind).toBe('result');
  });

  it('counts and lists unreadable lines of the sample', async () => {
    const file = path.join(scratch, 'bad.ndjson');
    writeFileSync(file, ['{"user_id":"u1","time":"2024-01-01T10:00Z","event_type":"Page View"}', '{not json', '{"time":"2024-01-01T10:00Z"}', ''].join('\n'));
    const preview = runner();
    const columns = await preview.loadSample(1, { kind: 'path', path: file }, 'bad.ndjson');
    expect(columns.count).toBe(1);
    expect(columns.skippedCount).toBe(2);
    expect(columns.skipped.map((line) => line.line)).toEqual([2, 3]);
    const run = result(await preview.run(EXAMPLE_RULES, 'a.channels', EXAMPLE_OPTIONS));
    expect(run.report.skipped).toBe(2);
  });

  it('names each event of a zip sample by its entry, in the columns, the explanation and the skipped lines (SPEC §3.1)', async () => {
    const lines = readFileSync(EXAMPLE_EVENTS, 'utf8').split('\n').filter((line) => line !== '');
    const file = path.join(scratch, 'export.zip');
    writeFileSync(
      file,
      await zipBuffer([
        { kind: 'file', name: 'day1/a.json.gz', data: gzip(`${lines.slice(0, 7).join('\n')}\n`) },
        { kind: 'file', name: 'notes.txt', data: 'not events' },
        { kind: 'file', name: 'b.ndjson', data: `${lines.slice(7).join('\n')}\n{"time":"2024-01-01T10:00Z"}\n` },
      ]),
    );
    const preview = runner();
    const columns = await preview.loadSample(1, { kind: 'path', path: file }, 'export.zip');
    expect(columns.count).toBe(17);
    expect(columns.entries).toEqual(['day1/a.json.gz', 'b.ndjson']);
    expect(Array.from(columns.entryOf!)).toEqual([...Array<number>(7).fill(0), ...Array<number>(10).fill(1)]);
    expect(Array.from(columns.lines)).toEqual([1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(columns.skipped).toEqual([{ line: 11, entry: 'b.ndjson', reason: expect.stringContaining('user') }]);
    // The same figures as the plain file.
    const run = result(await preview.run(EXAMPLE_RULES, 'amplitude-example.channels', EXAMPLE_OPTIONS));
    expect(run.report.events).toBe(17);
    expect(table(run)['organic search']).toEqual([2, 3, 3, 1, 0, 2, 3, 1, 1]);
    const explained = await preview.explain(8, EXAMPLE_RULES, 'amplitude-example.channels');
    if (explained.kind !== 'explanation') throw new Error(JSON.stringify(explained));
    expect([explained.explanation.entry, explained.explanation.line]).toEqual(['b.ndjson', 2]);
    const first = await preview.explain(5, EXAMPLE_RULES, 'amplitude-example.channels');
    if (first.kind !== 'explanation') throw new Error(JSON.stringify(first));
    expect([first.explanation.entry, first.explanation.line]).toEqual(['day1/a.json.gz', 6]);
    // A plain sample has no entries.
    const plain = await preview.loadSample(2, { kind: 'path', path: EXAMPLE_EVENTS }, 'amplitude-example.ndjson');
    expect(plain.entryOf).toBeUndefined();
    const again = await preview.explain(5, EXAMPLE_RULES, 'amplitude-example.channels');
    if (again.kind !== 'explanation') throw new Error(JSON.stringify(again));
    expect(again.explanation.entry).toBeUndefined();
  });

  it('reads a sample given as text (a virtual file system), and rejects an unreadable file', async () => {
    const preview = runner();
    const text = readFileSync(EXAMPLE_EVENTS, 'utf8');
    const columns = await preview.loadSample(1, { kind: 'text', name: 'remote/events.ndjson', text }, 'events.ndjson');
    expect(columns.count).toBe(17);
    await expect(preview.loadSample(2, { kind: 'path', path: path.join(scratch, 'missing.ndjson') }, 'missing.ndjson')).rejects.toThrow(/missing\.ndjson/);
  });

  it('reports progress during a long run (and not for a quick one)', async () => {
    const file = path.join(scratch, 'slow.ndjson');
    // Each event costs the regex about 400 characters × 25 live NFA states (~0.5–2 ms: random `a`/`b`s
    // against 50 counted copies, where hardly a DFA state repeats): the whole run stays well above the
    // 150 ms after which progress is shown even on a quiet, fast machine, never stuck on one event, and
    // a few seconds on a loaded one.
    let seed = 7;
    const randomAb = () => Array.from({ length: 400 }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 1 ? 'a' : 'b').join('');
    const line = (i: number) => JSON.stringify({ user_id: `u${i % 50}`, time: 1_700_000_000_000 + i * 1000, event_type: 'Page View', utm_source: `${randomAb()}!${i}` });
    writeFileSync(file, Array.from({ length: 2100 }, (_, i) => line(i)).join('\n'));
    const rules = 'channel "Slow"\n  when utm_source matches /a[ab]{49}c/\notherwise "Other"\n';
    const preview = runner();
    await preview.loadSample(1, { kind: 'path', path: file }, 'slow.ndjson');
    const progress: Array<{ phase: string; done: number; total: number }> = [];
    const run = result(await preview.run(rules, 'slow.channels', EXAMPLE_OPTIONS, (update) => progress.push(update)));
    expect(run.report.events).toBe(2100);
    expect(run.timings.classifyMs).toBeGreaterThan(300);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatchObject({ phase: 'classifying', total: 2100 });
    expect(progress[0]!.done).toBeLessThan(2100);
    const quick: unknown[] = [];
    await preview.loadSample(2, { kind: 'path', path: EXAMPLE_EVENTS }, 'amplitude-example.ndjson');
    result(await preview.run(EXAMPLE_RULES, 'a.channels', EXAMPLE_OPTIONS, (update) => quick.push(update)));
    expect(quick).toEqual([]);
  });

  it('stops a run that overruns on one event, names the rule and the event, and recovers', async () => {
    // Regexes match in linear time, but time linear in (value length × pattern size) can
    // still be long: 200,000 random `a`/`b`s against a pattern of 1,000 counted copies
    // keep ~1,000 NFA states alive per character, seconds of work on one event.
    const file = path.join(scratch, 'evil.ndjson');
    let seed = 12345;
    const long = Array.from({ length: 200_000 }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 1 ? 'a' : 'b').join('');
    const events = [
      { user_id: 'u1', time: '2024-01-01T10:00Z', event_type: 'Page View', utm_source: 'aaaa' },
      { user_id: 'u1', time: '2024-01-01T10:01Z', event_type: 'Page View', utm_source: long },
      { user_id: 'u1', time: '2024-01-01T10:02Z', event_type: 'Page View', utm_source: 'b' },
    ];
    writeFileSync(file, events.map((event) => JSON.stringify(event)).join('\n'));
    const rules = [
      'channel "Plain"',
      '  when utm_source = "b"',
      'channel "Evil"',
      '  when utm_source matches /a[ab]{999}c/',
      'otherwise "Other"',
      '',
    ].join('\n');
    const preview = runner({ stallBudgetMs: 400 });
    await preview.loadSample(1, { kind: 'path', path: file }, 'evil.ndjson');
    const started = performance.now();
    const outcome = await preview.run(rules, 'evil.channels', EXAMPLE_OPTIONS);
    expect(performance.now() - started).toBeLessThan(15_000);
    if (outcome.kind !== 'overrun') throw new Error(`expected an overrun, got ${outcome.kind}`);
    expect(outcome.overrun.rule).toMatchObject({ line: 4, channel: 'Evil' });
    expect(outcome.overrun.event).toMatchObject({ index: 1, line: 2 });
    expect(outcome.overrun.event!.fields).toContainEqual(['utm_source', long]);
    expect(outcome.overrun.message).toMatch(/line 4.*"Evil".*line 2/);
    expect(preview.workersStarted).toBe(2);
    // A fixed regex runs on the replacement worker, which read the sample again.
    const fixed = result(await preview.run(rules.replace('/a[ab]{999}c/', '/^a+$/'), 'evil.channels', EXAMPLE_OPTIONS));
    expect(Array.from(fixed.ruleOf)).toEqual([1, -1, 0]);
  });
});

describe('preview runner without a usable worker', () => {
  it('fails every request with the reason instead of hanging or restarting forever', async () => {
    const broken = new PreviewRunner({ workerPath: path.join(ROOT, 'dist', 'no-such-worker.js') });
    runners.push(broken);
    await expect(broken.loadSample(1, { kind: 'path', path: EXAMPLE_EVENTS }, 'x.ndjson')).rejects.toThrow(/preview worker/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(broken.workersStarted).toBeLessThanOrEqual(3);
    expect(await broken.run(EXAMPLE_RULES, 'a.channels', EXAMPLE_OPTIONS)).toMatchObject({ kind: 'error' });
  });
});
