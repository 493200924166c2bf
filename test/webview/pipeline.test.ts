// End to end without VS Code: the real preview worker (dist/preview-worker.js) runs
// the worked example, its messages go to the real UI bundle in Chromium through the
// stand-in host, and the `explain` the UI asks for goes back to the worker. Also the
// HTML report exactly as `channel-rules report --format html` writes it.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PreviewRunner } from '../../engine/preview/preview-runner';
import { ATTRIBUTION_MODELS, DEFAULT_PREVIEW_OPTIONS, type FromWebview, type PreviewOptions, type ToWebview } from '../../engine/preview/protocol';
import { renderReportHtml } from '../../cli/format/report-html';
import { compileRules, reportSettings } from '../../engine/preview/preview-run';
import { standaloneExplorer } from '../../engine/preview/standalone-explorer';
import { runReport } from '../../engine/report/run-report';
import { ndjsonText, zipBuffer } from '../support/containers';
import { runCli } from '../support/run-cli';
import { CHROMIUM } from '../support/chromium';
import { describeInChromium, launchBrowser, openWebview, ROOT, screenshotPath, tableRows, type Browser, type WebviewHarness } from './browser';
import { figuresShown, WORKED_EXAMPLE } from './worked-example';

const RULES_FILE = path.join(ROOT, 'examples', 'amplitude-example.channels');
const RULES = readFileSync(RULES_FILE, 'utf8');
const EVENTS = path.join(ROOT, 'examples', 'amplitude-example.ndjson');
const OPTIONS: PreviewOptions = { ...DEFAULT_PREVIEW_OPTIONS, conversion: 'Purchase', lookback: '20m' };

let browser: Browser;
let runner: PreviewRunner;
beforeAll(async () => {
  if (CHROMIUM === undefined) return;
  browser = await launchBrowser();
  runner = new PreviewRunner({ workerPath: path.join(ROOT, 'dist', 'preview-worker.js') });
});
afterAll(async () => {
  runner?.dispose();
  await browser?.close();
});

/** Typed arrays as plain arrays (the harness turns them back into typed arrays in the page). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (ArrayBuffer.isView(item) ? Array.from(item as Int32Array) : item))) as T;
}

/** Does what PreviewPanel does: load the sample, run, and send the results to the webview. */
async function showInWebview(harness: WebviewHarness, eventsFile: string, sampleId: number, rules = RULES): Promise<void> {
  const columns = await runner.loadSample(sampleId, { kind: 'path', path: eventsFile }, path.basename(eventsFile));
  const outcome = await runner.run(rules, 'amplitude-example.channels', OPTIONS);
  if (outcome.kind !== 'result') throw new Error(JSON.stringify(outcome));
  const messages: ToWebview[] = [
    { type: 'rulesFile', name: 'examples/amplitude-example.channels', uri: pathToFileURL(RULES_FILE).href },
    { type: 'options', options: OPTIONS },
    { type: 'sample', columns },
    { type: 'result', result: outcome.result },
  ];
  for (const message of messages) await harness.send(plain(message));
}

/** Answers the UI's last `explain` request from the worker, as the panel would. */
async function answerExplain(harness: WebviewHarness, rules = RULES): Promise<void> {
  const request = (await harness.posted()).filter((message): message is Extract<FromWebview, { type: 'explain' }> => message.type === 'explain').at(-1);
  if (request === undefined) throw new Error('the UI asked for no explanation');
  const outcome = await runner.explain(request.eventIndex, rules, 'amplitude-example.channels');
  if (outcome.kind !== 'explanation') throw new Error(JSON.stringify(outcome));
  await harness.send(plain({ type: 'explanation', explanation: outcome.explanation }));
}

async function shownTables(page: Page) {
  return {
    channels: await tableRows(page, '#channels-table'),
    sessions: await tableRows(page, '#sessions-table'),
    attribution: await tableRows(page, '#attribution-table'),
  };
}

describeInChromium('worker → webview', () => {
  it('shows the worked example exactly, every model side by side, and explains events from the worker', async () => {
    const page = await browser.context.newPage();
    try {
      const harness = await openWebview(page, { theme: 'dark' });
      await showInWebview(harness, EVENTS, 1);
      const tables = await shownTables(page);
      expect(figuresShown(tables)).toEqual(WORKED_EXAMPLE);
      expect(tables.attribution[0]).toEqual([
        'Channel',
        'First touch',
        'Last touch',
        'Linear',
        'Participation',
        'Position based',
        'J-shaped',
        'Inverse J-shaped',
        'Time decay',
      ]);
      expect(tables.attribution[1]).toHaveLength(ATTRIBUTION_MODELS.length * 2);
      expect(await page.textContent('#counts')).toContain('17 events · 2 users · 5 sessions · no line skipped');
      // 12 page views, 5 purchases.
      const channelRows = tables.channels.slice(2);
      expect(channelRows.reduce((sum, row) => sum + Number(row[2]), 0)).toBe(12);
      expect(channelRows.find((row) => row[0] === '(unclassified)')?.[4]).toBe('5');

      await page.selectOption('#explorer-channel', 'organic social');
      expect(await page.textContent('#explorer-count')).toBe('2 of 17 events');
      await page.click('#ev-row-4');
      await answerExplain(harness);
      const why = await page.textContent('#why');
      expect(why).toContain('Channel organic social from line 26');
      expect(why).toContain('line 22 (email): utm_medium = "email" failed; utm_medium is missing');
      await page.screenshot({ path: screenshotPath('pipeline-webview-dark.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('keeps hostile event values as text all the way from the file', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const file = screenshotPath('xss-events.ndjson');
    writeFileSync(
      file,
      [
        { user_id: evil, time: '2024-01-01T10:00:00Z', event_type: evil, utm_medium: 'email', utm_source: evil },
        { user_id: 'u2', time: '2024-01-01T10:00:00Z', event_type: 'Page View', referrer: `https://x.example/${evil}` },
      ]
        .map((event) => JSON.stringify(event))
        .join('\n'),
    );
    const page = await browser.context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      const harness = await openWebview(page);
      await showInWebview(harness, file, 2);
      await page.click('#ev-row-0');
      await answerExplain(harness);
      expect(await page.textContent('#ev-row-0')).toContain(evil);
      expect(await page.textContent('#why')).toContain(`utm_source${evil}`);
      expect(await page.$$eval('#event-type option', (options) => options.map((option) => option.textContent))).toContain(evil);
      expect(await page.$$('img')).toHaveLength(0);
      expect(dialogs).toEqual([]);
      await page.screenshot({ path: screenshotPath('pipeline-xss.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('lists the zip entries the sample does not read, with their reasons (SPEC §3.1)', async () => {
    // They were dropped without a word: the header said 17 events, no line skipped, and nothing of inner.zip.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'skipped-entries-'));
    const file = path.join(folder, 'nested.zip');
    const events = readFileSync(EVENTS);
    writeFileSync(
      file,
      await zipBuffer([
        { kind: 'file', name: 'inner.zip', data: await zipBuffer([{ kind: 'file', name: 'x.ndjson', data: events }]) },
        { kind: 'file', name: 'notes.txt', data: 'not events' },
        { kind: 'file', name: 'x.ndjson', data: events },
      ]),
    );
    const page = await browser.context.newPage();
    try {
      const harness = await openWebview(page);
      await showInWebview(harness, file, 3);
      expect(await page.textContent('#counts')).toContain('17 events');
      expect(await page.textContent('#skipped-entries summary')).toBe('2 zip entries not read in the sample: not events files');
      expect(await page.$$eval('#skipped-entries li', (items) => items.map((item) => item.textContent))).toEqual([
        'inner.zip (a zip inside the zip)',
        'notes.txt (not an events file)',
      ]);
    } finally {
      await page.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describeInChromium('channel-rules report --format html', () => {
  it('writes one file that shows the worked example exactly, offline', async () => {
    const result = runCli(['report', 'examples/amplitude-example.channels', '--events', 'examples/amplitude-example.ndjson', '--format', 'html', '--conversion', 'Purchase', '--lookback', '20m']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const file = screenshotPath('cli-report.html');
    writeFileSync(file, result.stdout);
    const page = await browser.context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    try {
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready="true"]');
      expect(figuresShown(await shownTables(page))).toEqual(WORKED_EXAMPLE);
      expect(requests).toEqual([pathToFileURL(file).href]);
      await page.screenshot({ path: screenshotPath('cli-report.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });
});

describeInChromium('HTML report with the events embedded for the explorer', () => {
  it('names the lines of a zip <entry>:<line> in the explorer and the why panel (SPEC §3.1)', async () => {
    // The entries were dropped: the explorer showed lines 1, 2, 1, 2.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'zip-report-'));
    const events = path.join(folder, 'events.zip');
    const record = (user: string, time: number) => ({ user_id: user, time, event_type: 'pageview', utm_source: 'a' });
    writeFileSync(
      events,
      await zipBuffer([
        { kind: 'file', name: 'one.ndjson', data: ndjsonText([record('u1', 1000), record('u1', 2000)]) },
        { kind: 'file', name: 'day/two.ndjson', data: ndjsonText([record('u2', 3000), record('u2', 4000)]) },
      ]),
    );
    const rules = path.join(folder, 'r.channels');
    writeFileSync(rules, 'channel "A"\n  when utm_source = "a"\n');
    const result = runCli(['report', rules, '--events', events, '--format', 'html']);
    expect(result.stderr).toBe('');
    const file = screenshotPath('report-zip.html');
    writeFileSync(file, result.stdout);
    const page = await browser.context.newPage();
    try {
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready="true"]');
      const lines = await page.$$eval('#explorer-grid .explorer-row:not(.explorer-header)', (rows) => rows.map((row) => row.firstElementChild?.textContent));
      expect(lines).toEqual(['one.ndjson:1', 'one.ndjson:2', 'day/two.ndjson:1', 'day/two.ndjson:2']);
      await page.click('#ev-row-2');
      expect(await page.textContent('#why h3')).toBe('Event at line day/two.ndjson:1');
    } finally {
      await page.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('lists the zip entries the run did not read, as stderr does (SPEC §3.1)', async () => {
    // stderr named them when the report was written; the page, read later, did not.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'skipped-entries-report-'));
    const events = path.join(folder, 'events.zip');
    const records = ndjsonText([{ user_id: 'u1', time: 1000, event_type: 'pageview', utm_source: 'a' }]);
    writeFileSync(
      events,
      await zipBuffer([
        { kind: 'file', name: 'inner.zip', data: await zipBuffer([{ kind: 'file', name: 'x.ndjson', data: records }]) },
        { kind: 'file', name: 'x.ndjson', data: records },
      ]),
    );
    const rules = path.join(folder, 'r.channels');
    writeFileSync(rules, 'channel "A"\n  when utm_source = "a"\n');
    const result = runCli(['report', rules, '--events', events, '--format', 'html']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('skipped 1 entry that is not events files: inner.zip (a zip inside the zip)');
    const file = screenshotPath('report-skipped-entries.html');
    writeFileSync(file, result.stdout);
    const page = await browser.context.newPage();
    try {
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.textContent('#skipped-entries summary')).toBe('1 zip entry not read: not events files');
      expect(await page.$$eval('#skipped-entries li', (items) => items.map((item) => item.textContent))).toEqual(['inner.zip (a zip inside the zip)']);
    } finally {
      await page.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("lists the run's unreadable lines with their numbers and reasons", async () => {
    // The explorer's data held no skipped line: the header said 2 lines skipped and listed none.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'skipped-report-'));
    const events = path.join(folder, 'events.ndjson');
    writeFileSync(events, ['{"user_id":"u1","time":1000,"event_type":"pageview"}', '{not json', '[1]'].join('\n'));
    const rules = path.join(folder, 'r.channels');
    writeFileSync(rules, 'channel "A"\n  when utm_source = "a"\n');
    const result = runCli(['report', rules, '--events', events, '--format', 'html']);
    expect(result.code).toBe(0);
    const file = screenshotPath('report-skipped.html');
    writeFileSync(file, result.stdout);
    const page = await browser.context.newPage();
    try {
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.textContent('#skipped-lines summary')).toBe('2 unreadable lines');
      const listed = await page.$$eval('#skipped-lines li', (items) => items.map((item) => item.textContent));
      expect(listed).toHaveLength(2);
      expect(listed[0]).toMatch(/^line 2: invalid JSON/);
      expect(listed[1]).toBe('line 3: not a JSON object: an array');
    } finally {
      await page.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('filters by channel and explains events offline', async () => {
    const compiled = compileRules(RULES, 'examples/amplitude-example.channels');
    const run = await runReport({ source: { path: EVENTS }, classifier: compiled.classifier, settings: reportSettings(OPTIONS), collectClassified: true });
    const explorer = standaloneExplorer({
      rulesText: RULES,
      rulesName: 'examples/amplitude-example.channels',
      channelNames: run.channelNames,
      events: run.classified!,
      sessionOf: run.sessionOf!,
      totalEvents: run.events,
      skipped: run.skipped,
      skippedCount: run.skippedCount,
      skippedEntries: run.skippedEntries,
      eventsName: 'examples/amplitude-example.ndjson',
      limit: 10,
    });
    const html = renderReportHtml({
      report: run.report!,
      explorer,
      rulesFile: 'examples/amplitude-example.channels',
      eventsFile: 'examples/amplitude-example.ndjson',
      options: OPTIONS,
    });
    const file = screenshotPath('report-with-explorer.html');
    writeFileSync(file, html);
    const page = await browser.context.newPage();
    try {
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready="true"]');
      expect(figuresShown(await shownTables(page))).toEqual(WORKED_EXAMPLE);
      expect(await page.textContent('#explorer-count')).toBe('10 events (the first 10 of 17 are embedded)');
      await page.selectOption('#explorer-channel', 'organic search');
      expect(await page.textContent('#explorer-count')).toBe('2 of 10 events (the first 10 of 17 are embedded)');
      await page.click('#ev-row-7');
      const why = await page.textContent('#why');
      expect(why).toContain('Channel organic search from line 29');
      expect(why).toContain('referring_domain in ["facebook.com", "twitter.com", "linkedin.com"] failed; referring_domain is google.com');
      await page.screenshot({ path: screenshotPath('report-with-explorer.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('offers and starts with the event types of every event, not only of the embedded ones', async () => {
    // 4 pageviews embedded, then 6 signups: signup could not be chosen and pageview was
    // the default, though the report's tables count 6 signups.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'late-types-'));
    const events = path.join(folder, 'events.ndjson');
    const types = ['pageview', 'pageview', 'pageview', 'pageview', 'signup', 'signup', 'signup', 'signup', 'signup', 'signup'];
    writeFileSync(events, types.map((type, i) => JSON.stringify({ user_id: `u${i % 3}`, time: (i + 1) * 1000, event_type: type, utm_source: 'a' })).join('\n'));
    const rules = 'channel "A"\n  when utm_source = "a"\n';
    const compiled = compileRules(rules, 'late.channels');
    const run = await runReport({ source: { path: events }, classifier: compiled.classifier, settings: reportSettings(OPTIONS), collectClassified: true });
    const explorer = standaloneExplorer({
      rulesText: rules,
      rulesName: 'late.channels',
      channelNames: run.channelNames,
      events: run.classified!,
      sessionOf: run.sessionOf!,
      totalEvents: run.events,
      skipped: run.skipped,
      skippedCount: run.skippedCount,
      skippedEntries: run.skippedEntries,
      eventsName: 'events.ndjson',
      limit: 4,
    });
    const file = screenshotPath('report-late-types.html');
    writeFileSync(file, renderReportHtml({ report: run.report!, explorer, rulesFile: 'late.channels', eventsFile: 'events.ndjson', options: OPTIONS }));
    const page = await browser.context.newPage();
    try {
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.textContent('#explorer-count')).toBe('4 events (the first 4 of 10 are embedded)');
      expect(await page.$$eval('#event-type option', (options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual(['pageview', 'signup']);
      expect(await page.inputValue('#event-type')).toBe('signup');
      await page.selectOption('#event-type', 'pageview');
      expect(await page.inputValue('#event-type')).toBe('pageview');
    } finally {
      await page.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
