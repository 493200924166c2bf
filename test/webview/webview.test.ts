// The preview UI bundle (dist/webview.js) in headless Chromium with a stand-in for
// VS Code's webview host, fed the messages the extension sends (fixture data in the
// §7.1 shape for the worked example).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM } from '../support/chromium';
import { describeInChromium, launchBrowser, openWebview, ROOT, screenshotPath, tableRows, type Browser, type Theme, type WebviewHarness } from './browser';
import { figuresShown, WORKED_EXAMPLE } from './worked-example';

interface Fixture {
  sample: Record<string, unknown> & { users: string[] };
  result: Record<string, unknown>;
  explanation: Record<string, unknown> & { fields: Array<[string, string | null]> };
  options: Record<string, unknown>;
}

const fixture = (): Fixture => JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/webview/amplitude-run.json'), 'utf8')) as Fixture;

let browser: Browser;
beforeAll(async () => {
  if (CHROMIUM === undefined) return;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function withPage<T>(run: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  try {
    const result = await run(page);
    expect(dialogs).toEqual([]);
    return result;
  } finally {
    await page.close();
  }
}

async function loadExample(harness: WebviewHarness, data = fixture()): Promise<void> {
  await harness.send({ type: 'rulesFile', name: 'examples/amplitude-example.channels', uri: 'file:///work/examples/amplitude-example.channels' });
  await harness.send({ type: 'options', options: data.options });
  await harness.send({ type: 'sample', columns: data.sample });
  await harness.send({ type: 'result', result: data.result });
}

describeInChromium('preview webview (stand-in host)', () => {
  it('says it is ready, then shows the worked example exactly', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      expect((await harness.posted())[0]).toEqual({ type: 'ready' });
      await loadExample(harness);
      const tables = {
        channels: await tableRows(page, '#channels-table'),
        sessions: await tableRows(page, '#sessions-table'),
        attribution: await tableRows(page, '#attribution-table'),
      };
      expect(figuresShown(tables)).toEqual(WORKED_EXAMPLE);
      expect(tables.channels.slice(0, 2)).toEqual([
        ['Channel', 'Page View', 'All events'],
        ['Uniques', 'Totals', 'Uniques', 'Totals'],
      ]);
      expect(tables.channels.at(-1)).toEqual(['(unclassified)', '0', '0', '2', '5']);
      expect(tables.sessions.at(-1)).toEqual(['Sessions', '5', '', '']);
      expect(await page.textContent('#counts')).toContain('17 events · 2 users · 5 sessions');
      // The rendered state the extension relays to end-to-end tests is the same text.
      const rendered = await harness.lastRendered();
      expect(rendered?.state.tables.channels).toEqual(tables.channels);
      expect(rendered?.state.explorerRows).toBe(17);
    }));

  it('switches the event type of the channels table', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      await loadExample(harness);
      await page.selectOption('#event-type', 'Purchase');
      const rows = await tableRows(page, '#channels-table');
      expect(rows[0]).toEqual(['Channel', 'Purchase', 'All events']);
      expect(rows.find((row) => row[0] === '(unclassified)')).toEqual(['(unclassified)', '2', '5', '2', '5']);
      expect((await harness.state()).eventType).toBe('Purchase');
    }));

  it('filters the explorer by channel and explains the selected event', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      const data = fixture();
      await loadExample(harness, data);
      await page.selectOption('#explorer-channel', 'organic search');
      expect(await page.textContent('#explorer-count')).toBe('3 of 17 events');
      const lines = await page.$$eval('#explorer-grid .explorer-row', (rows) => rows.map((row) => row.firstElementChild?.textContent));
      expect(lines).toEqual(['6', '8', '14']);
      await page.click('#ev-row-5');
      expect((await harness.posted()).at(-1)).toEqual({ type: 'explain', eventIndex: 5 });
      await harness.send({ type: 'explanation', explanation: data.explanation });
      const why = await page.textContent('#why');
      expect(why).toContain('Channel organic search from line 29');
      expect(why).toContain('referring_domain in ["facebook.com", "twitter.com", "linkedin.com"] failed; referring_domain is bing.com');
      // Clicking a rule reference asks the extension to reveal it.
      await page.click('#why .verdict .rule-link');
      expect((await harness.posted()).at(-1)).toEqual({ type: 'revealRule', start: 1195, end: 1272 });
      // Keyboard: arrow down moves to the next event of the filtered list.
      await page.focus('#explorer-grid');
      await page.keyboard.press('ArrowDown');
      expect((await harness.posted()).at(-1)).toEqual({ type: 'explain', eventIndex: 7 });
      expect(await page.getAttribute('#explorer-grid', 'aria-activedescendant')).toBe('ev-row-7');
      // The filters and selection are kept for a reload.
      expect(await harness.state()).toMatchObject({ channelFilter: 'organic search', ruleFilter: null, selectedEvent: 7 });
    }));

  it('says whose export the sample is, and a click asks the extension to choose (SPEC §3.2)', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      const data = fixture();
      data.sample.eventSource = { system: 'ga4', label: 'GA4 BigQuery export', detected: true };
      await loadExample(harness, data);
      expect(await page.textContent('#event-source')).toBe('Source: GA4 BigQuery export (detected)');
      await page.click('#event-source');
      expect((await harness.posted()).at(-1)).toEqual({ type: 'pickEventSource' });
    }));

  it('says which names the sample has only in another case, with the setting that reads each', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      const data = fixture();
      const note = 'the rules test utm_medium; the events have UTM_MEDIUM (field names match exactly; "channelRules.fieldMap": {"utm_medium":"UTM_MEDIUM"})';
      data.result.fieldCaseNotes = [note];
      await loadExample(harness, data);
      expect(await page.textContent('#field-case')).toBe(note);
      // The next sample's run says its own.
      await harness.send({ type: 'sample', columns: { ...data.sample, sampleId: 2 } });
      await harness.send({ type: 'result', result: { ...data.result, sampleId: 2, fieldCaseNotes: [] } });
      expect(await page.$('#field-case')).toBeNull();
    }));

  it('names the lines of a zip sample <entry>:<line> in the explorer and the why panel (SPEC §3.1)', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      const data = fixture();
      const count = data.sample.count as number;
      const entries = ['2024-03-01/a.json.gz', 'b.ndjson'];
      // The first 10 events from the first entry (lines 1–10), the rest from the second (lines 1–…).
      data.sample.entries = entries;
      data.sample.entryOf = Array.from({ length: count }, (_, i) => (i < 10 ? 0 : 1));
      data.sample.lines = Array.from({ length: count }, (_, i) => (i < 10 ? i + 1 : i - 9));
      await loadExample(harness, data);
      await page.selectOption('#explorer-channel', 'organic search');
      const lines = await page.$$eval('#explorer-grid .explorer-row', (rows) =>
        rows.map((row) => [row.firstElementChild?.textContent, row.firstElementChild?.getAttribute('title')]),
      );
      expect(lines).toEqual([
        ['2024-03-01/a.json.gz:6', '2024-03-01/a.json.gz:6'],
        ['2024-03-01/a.json.gz:8', '2024-03-01/a.json.gz:8'],
        ['b.ndjson:4', 'b.ndjson:4'],
      ]);
      await page.click('#ev-row-13');
      await harness.send({ type: 'explanation', explanation: { ...data.explanation, eventIndex: 13, line: 4, entry: 'b.ndjson' } });
      expect(await page.textContent('#why h3')).toBe('Event at line b.ndjson:4');
      // A sample that is not a zip keeps plain line numbers.
      await harness.send({ type: 'sample', columns: fixture().sample });
      await harness.send({ type: 'result', result: data.result });
      await page.selectOption('#explorer-channel', 'organic search');
      expect(await page.$$eval('#explorer-grid .explorer-row', (rows) => rows.map((row) => row.firstElementChild?.textContent))).toEqual(['6', '8', '14']);
    }));

  it('shows the raw record beside the mapped fields in the why panel', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      const data = fixture();
      await loadExample(harness, data);
      await page.click('#ev-row-5');
      const raw: Array<[string, string | null]> = [
        ['event_name', 'Page View'],
        ['event_params.page_referrer', 'https://bing.com/'],
      ];
      const mapped: Array<[string, string | null]> = [
        ['referrer', 'https://bing.com/'],
        ['referring_domain', 'bing.com'],
        ['event_type', 'Page View'],
      ];
      await harness.send({ type: 'explanation', explanation: { ...data.explanation, fields: raw, mapped } });
      const cells = (selector: string) => page.$$eval(`${selector} tr`, (rows) => rows.map((row) => Array.from(row.children, (cell) => cell.textContent)));
      expect(await page.textContent('#why .raw-record h4')).toBe('Raw record');
      expect(await cells('#why .raw-record')).toEqual(raw);
      expect(await cells('#why .mapped-fields')).toEqual(mapped);
    }));

  it('filters the explorer to the rule under the editor cursor, and lets go when the cursor leaves', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      await loadExample(harness);
      await harness.send({ type: 'cursorRule', ruleIndex: 5 });
      expect(await page.textContent('#explorer-count')).toBe('4 of 17 events');
      expect(await page.textContent('#explorer-follow')).toBe('following the editor cursor');
      await harness.send({ type: 'cursorRule', ruleIndex: null });
      expect(await page.textContent('#explorer-count')).toBe('17 events');
    }));

  it('restores filters, selection and scroll after a reload (getState/setState)', () =>
    withPage(async (page) => {
      const harness = await openWebview(page, {
        state: { rulesUri: 'file:///work/examples/amplitude-example.channels', channelFilter: 'direct', ruleFilter: null, selectedEvent: 9, eventType: 'Purchase' },
      });
      await loadExample(harness);
      expect(await page.textContent('#explorer-count')).toBe('4 of 17 events');
      expect(await page.getAttribute('#ev-row-9', 'aria-selected')).toBe('true');
      expect((await harness.posted()).some((message) => message.type === 'explain' && message.eventIndex === 9)).toBe(true);
      expect((await tableRows(page, '#channels-table'))[0]).toEqual(['Channel', 'Purchase', 'All events']);
    }));

  it('renders every value from events as text', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      const data = fixture();
      const evil = '<img src=x onerror=alert(1)>';
      data.sample.users = [evil, `</script><script>alert(2)</script>`];
      data.explanation.fields.push(['utm_source', evil]);
      await loadExample(harness, data);
      await page.click('#ev-row-0');
      await harness.send({ type: 'explanation', explanation: { ...data.explanation, eventIndex: 0 } });
      expect(await page.textContent('#ev-row-0')).toContain(evil);
      expect(await page.textContent('#why')).toContain(evil);
      expect(await page.$$('img')).toHaveLength(0);
      expect(await page.$$('#app script')).toHaveLength(0);
    }));

  it('names the rule and the event when a run overruns its budget, keeping the last tables', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      const data = fixture();
      await loadExample(harness, data);
      const rule = (data.result.rules as Array<Record<string, unknown>>)[3];
      await harness.send({
        type: 'overrun',
        runId: 2,
        overrun: {
          budgetMs: 2000,
          phase: 'classifying',
          rule,
          event: { index: 4, line: 5, fields: [['referring_domain', 'twitter.com']] },
          message: 'Stopped: the rule at line 26 (channel "organic social") ran for more than 2 s on the event at line 5 of the sample.',
        },
      });
      expect(await page.textContent('#overrun')).toContain('line 26');
      expect(await page.textContent('#overrun')).toContain('Event at line 5');
      expect(await page.textContent('#status')).toContain('showing the last complete result');
      expect(figuresShown({
        channels: await tableRows(page, '#channels-table'),
        sessions: await tableRows(page, '#sessions-table'),
        attribution: await tableRows(page, '#attribution-table'),
      })).toEqual(WORKED_EXAMPLE);
    }));

  it('shows progress for a long run', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      await loadExample(harness);
      await harness.send({ type: 'progress', runId: 2, phase: 'classifying', done: 40_000, total: 100_000 });
      expect(await page.getAttribute('#progress', 'value')).toBe('40000');
      expect(await page.textContent('#status')).toContain('40,000 of 100,000');
    }));

  it('sends changed controls to the extension and rejects a bad duration', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      await loadExample(harness);
      await page.fill('#lookback', 'session');
      await page.press('#lookback', 'Enter');
      expect((await harness.posted()).at(-1)).toEqual({ type: 'setOptions', options: { lookback: 'session' } });
      await page.fill('#session-timeout', 'soon');
      await page.press('#session-timeout', 'Enter');
      expect(await page.getAttribute('#session-timeout', 'aria-invalid')).toBe('true');
      expect((await harness.posted()).at(-1)).toEqual({ type: 'setOptions', options: { lookback: 'session' } });
      await page.uncheck('#model-last_touch');
      expect((await harness.posted()).at(-1)).toEqual({ type: 'setOptions', options: { models: ['first_touch'] } });
      // The conversion event type is chosen from the sample's event types.
      expect(await page.$$eval('#conversion option', (options) => options.map((option) => option.textContent))).toEqual(['Page View', 'Purchase']);
    }));

  it('is keyboard reachable: Tab reaches every control, the explorer and the why panel\'s rule links', () =>
    withPage(async (page) => {
      const harness = await openWebview(page);
      const data = fixture();
      await loadExample(harness, data);
      await page.click('#ev-row-5');
      await harness.send({ type: 'explanation', explanation: data.explanation });
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const reached: string[] = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        reached.push(
          await page.evaluate(() => {
            const active = document.activeElement as HTMLElement | null;
            if (active === null || active === document.body) return 'body';
            return active.id || `${active.tagName.toLowerCase()}.${active.className}`;
          }),
        );
      }
      for (const id of ['pick-events', 'session-timeout', 'conversion', 'lookback', 'half-life', 'model-first_touch', 'model-time_decay', 'event-type', 'explorer-channel', 'explorer-rule', 'explorer-grid']) {
        expect(reached).toContain(id);
      }
      expect(reached).toContain('button.link rule-link');
      // In the grid, keys move the selection and Enter reveals the event's rule.
      await page.focus('#explorer-grid');
      await page.keyboard.press('Home');
      expect((await harness.posted()).at(-1)).toEqual({ type: 'explain', eventIndex: 0 });
      await page.keyboard.press('End');
      expect((await harness.posted()).at(-1)).toEqual({ type: 'explain', eventIndex: 16 });
      await page.keyboard.press('Home');
      await page.keyboard.press('Enter');
      expect((await harness.posted()).at(-1)).toEqual({ type: 'revealRule', start: 924, end: 949 });
    }));

  for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
    it(`renders in the ${theme} theme (screenshot)`, () =>
      withPage(async (page) => {
        const harness = await openWebview(page, { theme });
        await loadExample(harness);
        const data = fixture();
        await page.click('#ev-row-5');
        await harness.send({ type: 'explanation', explanation: data.explanation });
        const colors = await page.evaluate(() => ({
          background: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.body).color,
        }));
        expect(colors.background).toBe(theme === 'light' ? 'rgb(255, 255, 255)' : theme === 'dark' ? 'rgb(31, 31, 31)' : 'rgb(0, 0, 0)');
        expect(colors.text).not.toBe(colors.background);
        await page.screenshot({ path: screenshotPath(`webview-${theme}.png`), fullPage: true });
      }));
  }
});
