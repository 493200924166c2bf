// The standalone HTML report (cli/format/report-html.ts) opened from disk in headless
// Chromium: the same UI as the webview, data embedded, no network.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { embedJson, renderReportHtml } from '../../cli/format/report-html';
import type { ReportJson, StandaloneReportData } from '../../engine/preview/protocol';
import { CHROMIUM } from '../support/chromium';
import { describeInChromium, launchBrowser, ROOT, screenshotPath, tableRows, type Browser } from './browser';
import { figuresShown, WORKED_EXAMPLE } from './worked-example';

interface Fixture {
  sample: StandaloneReportData['explorer'] extends infer E ? (E extends { sample: infer S } ? S : never) : never;
  result: { report: ReportJson; rules: NonNullable<StandaloneReportData['explorer']>['rules']; channelNames: string[]; ruleOf: number[]; sessionOf: number[] };
  explanation: NonNullable<StandaloneReportData['explorer']>['explanations'][number];
  options: StandaloneReportData['options'];
}

const fixture = (): Fixture => JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/webview/amplitude-run.json'), 'utf8')) as Fixture;

function standalone(data = fixture()): StandaloneReportData {
  return {
    rulesFile: 'examples/amplitude-example.channels',
    eventsFile: 'examples/amplitude-example.ndjson',
    options: data.options,
    report: data.result.report,
    explorer: {
      sample: data.sample,
      rules: data.result.rules,
      channelNames: data.result.channelNames,
      ruleOf: data.result.ruleOf,
      sessionOf: data.result.sessionOf,
      explanations: [data.explanation],
    },
  };
}

let browser: Browser;
beforeAll(async () => {
  if (CHROMIUM === undefined) return;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Writes the report under test-results/ and opens it; fails on any request beyond the file, any dialog, any console error. */
async function openReport(html: string, name: string, run: (page: Page) => Promise<void>, colorScheme: 'light' | 'dark' = 'light'): Promise<void> {
  const file = screenshotPath(`${name}.html`);
  writeFileSync(file, html);
  const page = await browser.context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  try {
    await page.emulateMedia({ colorScheme });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready="true"]');
    await run(page);
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
  } finally {
    await page.close();
  }
}

async function shownTables(page: Page) {
  return {
    channels: await tableRows(page, '#channels-table'),
    sessions: await tableRows(page, '#sessions-table'),
    attribution: await tableRows(page, '#attribution-table'),
  };
}

describeInChromium('HTML report', () => {
  it('is one file with a strict CSP and the report embedded', () => {
    const html = renderReportHtml(standalone());
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-[^"]+&#39;; style-src &#39;sha256-/);
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=/);
    expect(html).not.toContain('sourceMappingURL');
    // Deterministic: the same data gives the same bytes.
    expect(renderReportHtml(standalone())).toBe(html);
  });

  it('shows the worked example exactly from the bare §7.1 report', () =>
    openReport(renderReportHtml(fixture().result.report), 'report-bare', async (page) => {
      expect(figuresShown(await shownTables(page))).toEqual({
        ...WORKED_EXAMPLE,
        // Without the rules, a channel that no event reached has no row.
        'paid search': [null, null, null, null, null, null, null, null, null],
      });
      expect(await page.textContent('#explorer')).toContain('no per-event data');
    }));

  it('shows the worked example exactly, filters the explorer by channel and explains an event', () =>
    openReport(renderReportHtml(standalone()), 'report', async (page) => {
      expect(figuresShown(await shownTables(page))).toEqual(WORKED_EXAMPLE);
      expect(await page.title()).toBe('Channel report: examples/amplitude-example.channels');
      expect(await page.textContent('#status')).toContain('lookback 20m');
      await page.selectOption('#explorer-channel', 'organic search');
      expect(await page.textContent('#explorer-count')).toBe('3 of 17 events');
      await page.click('#ev-row-5');
      const why = await page.textContent('#why');
      expect(why).toContain('Channel organic search from line 29');
      expect(why).toContain('failed; referring_domain is bing.com');
      // The models shown can be narrowed in the page.
      await page.uncheck('#model-first_touch');
      expect((await tableRows(page, '#attribution-table'))[0]).toEqual(['Channel', 'Last touch']);
    }));

  it('keeps hostile values as text', () => {
    const evil = '</script><img src=x onerror=alert(1)>';
    const data = standalone();
    data.explorer!.sample.users = [evil, 'u2'];
    data.report = JSON.parse(JSON.stringify(data.report).replaceAll('"direct"', JSON.stringify(evil))) as ReportJson;
    data.explorer!.rules = data.explorer!.rules.map((rule) => (rule.channel === 'direct' ? { ...rule, channel: evil } : rule));
    data.explorer!.channelNames = data.explorer!.channelNames.map((name) => (name === 'direct' ? evil : name));
    const html = renderReportHtml(data);
    expect(html).not.toContain(evil);
    expect(embedJson(evil)).toBe('"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e"');
    return openReport(html, 'report-xss', async (page) => {
      expect(await page.$$('img')).toHaveLength(0);
      const channels = await tableRows(page, '#channels-table');
      expect(channels.find((row) => row[0] === evil)).toEqual([evil, '2', '4', '2', '4']);
      expect(await page.textContent('#ev-row-0')).toContain(evil);
    });
  });

  it('shows a value with a lone surrogate apart from its U+FFFD look-alike, in the agreement and unassigned tables', () => {
    // The page draws a lone surrogate as U+FFFD: x U+D800 y and x U+FFFD y looked alike.
    const report = fixture().result.report;
    const example = { line: 1, rule: null };
    report.unassigned = {
      events: 2,
      fields: ['utm_medium'],
      patternCount: 2,
      patterns: [
        { fields: { utm_medium: 'x\ud800y' }, events: 1, users: 1, example: { line: 1 } },
        { fields: { utm_medium: 'x\ufffdy' }, events: 1, users: 1, example: { line: 2 } },
      ],
    };
    report.against = {
      field: 'theirs',
      events: 2,
      agree: 0,
      pairs: [
        { ours: null, theirs: 'x\ud800y', events: 1, example },
        { ours: null, theirs: 'x\ufffdy', events: 1, example: { ...example, line: 2 } },
      ],
    };
    return openReport(renderReportHtml(report), 'report-lone-surrogate', async (page) => {
      expect((await tableRows(page, '#agreement-table'))[0]).toEqual(['Ours \\ theirs', '"x\\ud800y"', 'x\ufffdy']);
      expect((await tableRows(page, '#disagreement-table')).slice(1).map((row) => row[1])).toEqual(['"x\\ud800y"', 'x\ufffdy']);
      expect((await tableRows(page, '#unassigned-table')).slice(1).map((row) => row[0])).toEqual(['"x\\ud800y"', 'x\ufffdy']);
    });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`follows the reader's ${scheme} colour scheme (screenshot)`, () =>
      openReport(
        renderReportHtml(standalone()),
        `report-${scheme}`,
        async (page) => {
          await page.click('#ev-row-5');
          const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          expect(background).toBe(scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(31, 31, 31)');
          await page.screenshot({ path: screenshotPath(`report-${scheme}.png`), fullPage: true });
        },
        scheme,
      ));
  }
});
