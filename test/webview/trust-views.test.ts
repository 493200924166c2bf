// SPEC §9 in the preview (Chromium, stand-in host): the Agreement view with its
// matrix filtering the explorer, and the Unassigned view with its patterns filtering
// the explorer and "Add a rule for this traffic…" asking the extension.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM } from '../support/chromium';
import { describeInChromium, launchBrowser, openWebview, ROOT, tableRows, type Browser } from './browser';

let browser: Browser;
beforeAll(async () => {
  if (CHROMIUM === undefined) return;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// The worked example's run (17 events; rule -2 = unclassified) with §9 sections added:
// the 5 unclassified events form one pattern; "theirs" says email for events 0, 1 and
// organic for 4, 12 (our organic social) and direct for 2.
function run() {
  const data = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/webview/amplitude-run.json'), 'utf8'));
  const ruleOf: number[] = data.result.ruleOf;
  const unassigned = ruleOf.map((rule) => (rule < 0 ? 0 : -1));
  const theirsOf = ruleOf.map(() => -1);
  theirsOf[0] = 0;
  theirsOf[1] = 0;
  theirsOf[4] = 1;
  theirsOf[12] = 1;
  theirsOf[2] = 2;
  data.result.unassignedOf = unassigned;
  data.result.against = { field: 'theirs', names: ['email', 'organic', 'direct'], of: theirsOf };
  data.result.report.unassigned = {
    events: 5,
    fields: ['utm_medium', 'referring_domain'],
    patternCount: 1,
    patterns: [{ fields: { utm_medium: null, referring_domain: null }, events: 5, users: 2, example: { line: 4 } }],
  };
  data.result.report.against = {
    field: 'theirs',
    events: 5,
    agree: 3,
    pairs: [
      { ours: 'organic social', theirs: 'organic', events: 2, example: { line: 5, rule: 'r:4' } },
      { ours: 'direct', theirs: 'direct', events: 1, example: { line: 3, rule: 'r:9' } },
      { ours: 'email', theirs: 'email', events: 2, example: { line: 1, rule: 'r:7' } },
    ],
  };
  return data;
}

async function load(page: Page) {
  const harness = await openWebview(page);
  const data = run();
  await harness.send({ type: 'rulesFile', name: 'examples/amplitude-example.channels', uri: 'file:///work/examples/amplitude-example.channels' });
  await harness.send({ type: 'options', options: data.options });
  await harness.send({ type: 'sample', columns: data.sample });
  await harness.send({ type: 'result', result: data.result });
  return harness;
}

/**
 * The run with the value of theirs given per event (null: none): report.against's pairs
 * and the per-event indexes computed from the rules' channels, as the worker does.
 */
function runWithTheirs(theirsOf: Array<string | null>) {
  const data = run();
  const ruleOf: number[] = data.result.ruleOf;
  const rules: Array<{ channel: string | null }> = data.result.rules;
  const names = [...new Set(theirsOf.filter((value): value is string => value !== null))];
  const pairs = new Map<string, { ours: string | null; theirs: string; events: number; example: { line: number; rule: string } }>();
  let events = 0;
  let agree = 0;
  theirsOf.forEach((theirs, i) => {
    if (theirs === null) return;
    const ours = ruleOf[i]! < 0 ? null : rules[ruleOf[i]!]!.channel;
    events++;
    if (ours !== null && ours.toLowerCase() === theirs.toLowerCase()) agree++;
    const key = JSON.stringify([ours, theirs]);
    const pair = pairs.get(key) ?? { ours, theirs, events: 0, example: { line: i + 1, rule: 'r:1' } };
    pair.events++;
    pairs.set(key, pair);
  });
  data.result.against = { field: 'theirs', names, of: theirsOf.map((value) => (value === null ? -1 : names.indexOf(value))) };
  data.result.report.against = { field: 'theirs', events, agree, pairs: [...pairs.values()] };
  return data;
}

async function loadRun(page: Page, data: ReturnType<typeof run>) {
  const harness = await openWebview(page);
  await harness.send({ type: 'options', options: data.options });
  await harness.send({ type: 'sample', columns: data.sample });
  await harness.send({ type: 'result', result: data.result });
  await page.waitForSelector('#agreement-table');
  return harness;
}

const explorerRows = async (page: Page) => (await page.locator('.explorer-row:not(.explorer-header)').count());

describeInChromium('Agreement and Unassigned views', () => {
  it('shows the rate and the matrix; a cell filters the explorer to its events, a second click clears it', async () => {
    const page = await browser.context.newPage();
    try {
      await load(page);
      expect(await page.textContent('#agreement-summary')).toBe('60.0 % of 5 events with theirs agree (2 disagree).');
      expect(await tableRows(page, '#agreement-table')).toEqual([
        ['Ours \\ theirs', 'email', 'organic', 'direct'],
        ['direct', '·', '·', '1'],
        ['email', '2', '·', '·'],
        ['organic social', '·', '2', '·'],
      ]);
      await page.locator('#agreement-table button[data-ours="organic social"][data-theirs="organic"]').click();
      await page.waitForFunction(() => document.querySelector('#agreement-table td.selected') !== null);
      await expect.poll(() => explorerRows(page)).toBe(2);
      await page.locator('#agreement-table button[data-ours="organic social"][data-theirs="organic"]').click();
      await page.waitForFunction(() => document.querySelector('#agreement-table td.selected') === null);
      await expect.poll(() => explorerRows(page)).toBeGreaterThan(2);
    } finally {
      await page.close();
    }
  });

  it('sums the values past the 12 most frequent in a "(N more)" column whose cells filter the explorer too', async () => {
    // 13 values of theirs on events 0–12 (v01 also on event 13, so it leads): the 13th
    // was in no cell of the matrix, while the text report had its "(1 more)" column.
    const theirsOf: Array<string | null> = Array.from({ length: 17 }, (_, i) => (i < 13 ? `v${String(i + 1).padStart(2, '0')}` : i === 13 ? 'v01' : null));
    const page = await browser.context.newPage();
    try {
      await loadRun(page, runWithTheirs(theirsOf));
      const rows = await tableRows(page, '#agreement-table');
      expect(rows[0]).toEqual(['Ours \\ theirs', ...Array.from({ length: 12 }, (_, i) => `v${String(i + 1).padStart(2, '0')}`), '(1 more)']);
      // Event 12 (v13) got organic social from its rule: its row counts 1 in the summed column.
      const organicSocial = rows.find((row) => row[0] === 'organic social')!;
      expect(organicSocial.at(-1)).toBe('1');
      const total = rows.slice(1).reduce((sum, row) => sum + row.slice(1).reduce((cells, cell) => cells + (cell === '·' ? 0 : Number(cell)), 0), 0);
      expect(total).toBe(14);
      await page.locator('#agreement-table button[data-ours="organic social"][data-summed="true"]').click();
      await page.waitForFunction(() => document.querySelector('#agreement-table td.selected') !== null);
      await expect.poll(() => explorerRows(page)).toBe(1);
      expect(await page.getAttribute('.explorer-row:not(.explorer-header)', 'id')).toBe('ev-row-12');
    } finally {
      await page.close();
    }
  });

  it('never rounds a rate to 100.0 % while an event disagrees', async () => {
    const data = run();
    data.result.report.against = {
      field: 'theirs',
      events: 2000,
      agree: 1999,
      pairs: [
        { ours: 'direct', theirs: 'email', events: 1, example: { line: 3, rule: 'r:9' } },
        { ours: 'email', theirs: 'email', events: 1999, example: { line: 1, rule: 'r:7' } },
      ],
    };
    const page = await browser.context.newPage();
    try {
      await loadRun(page, data);
      expect(await page.textContent('#agreement-summary')).toBe('> 99.9 % of 2,000 events with theirs agree (1 disagree).');
    } finally {
      await page.close();
    }
  });

  it('colours a cell agree or disagree by the engine\'s case folding, in the columns and in the summed one', async () => {
    // Lowercasing coloured İ × i̇ agree ('İ'.toLowerCase() is 'i̇') and ſ × S disagree,
    // while the engine's simple case folding counts the first as a disagreement and the second as agreeing.
    const example = { line: 1, rule: 'r:1' };
    const pairs = [
      { ours: 'İ', theirs: 'i\u0307', events: 5, example },
      { ours: 'ſ', theirs: 'S', events: 4, example },
      { ours: 'ſ', theirs: 's', events: 3, example },
    ];
    const kindOf = (page: Page, ours: string, theirs: string | null) =>
      page
        .locator(`#agreement-table button[data-ours="${ours}"]${theirs === null ? '[data-summed="true"]' : `[data-theirs="${theirs}"]`}`)
        .evaluate((button) => button.closest('td')!.className);
    const page = await browser.context.newPage();
    try {
      const data = run();
      data.result.report.against = { field: 'theirs', events: 12, agree: 7, pairs };
      await loadRun(page, data);
      expect(await kindOf(page, 'İ', 'i\u0307')).toBe('num disagree');
      expect(await kindOf(page, 'ſ', 'S')).toBe('num agree');
      expect(await kindOf(page, 'ſ', 's')).toBe('num agree');
      // The same pairs past 12 more frequent values, in the "(N more)" column.
      const frequent = Array.from({ length: 12 }, (_, i) => ({ ours: 'x', theirs: `v${String(i + 1).padStart(2, '0')}`, events: 10, example }));
      data.result.report.against = { field: 'theirs', events: 132, agree: 7, pairs: [...frequent, ...pairs] };
      await loadRun(page, data);
      expect((await tableRows(page, '#agreement-table'))[0]!.at(-1)).toBe('(3 more)');
      expect(await kindOf(page, 'İ', null)).toBe('num disagree');
      expect(await kindOf(page, 'ſ', null)).toBe('num agree');
    } finally {
      await page.close();
    }
  });

  it('shows values that a page would show alike apart: a line break, a space, a channel named (unclassified)', async () => {
    // HTML shows a line feed as a space, and a channel "(unclassified)" as no channel.
    const example = { line: 1, rule: 'r:1' };
    const data = run();
    data.result.report.against = {
      field: 'theirs',
      events: 3,
      agree: 0,
      pairs: [
        { ours: '(unclassified)', theirs: 'a\nb', events: 2, example },
        { ours: null, theirs: 'a b', events: 1, example },
      ],
    };
    const page = await browser.context.newPage();
    try {
      await loadRun(page, data);
      expect(await tableRows(page, '#agreement-table')).toEqual([
        ['Ours \\ theirs', '"a\\nb"', 'a b'],
        ['"(unclassified)"', '2', '·'],
        ['(unclassified)', '·', '1'],
      ]);
    } finally {
      await page.close();
    }
  });

  it('lists the disagreements below the matrix with their first line and rule, as text does, the 100 largest of more', async () => {
    const data = run();
    data.result.report.against.pairs.unshift({ ours: null, theirs: 'email', events: 1, example: { line: 9, entry: 'b.ndjson', rule: null } });
    data.result.report.against.events = 6;
    const page = await browser.context.newPage();
    try {
      await loadRun(page, data);
      expect(await tableRows(page, '#disagreement-table')).toEqual([
        ['Ours', 'Theirs', 'Events', 'First line', 'Rule'],
        ['(unclassified)', 'email', '1', 'b.ndjson:9', '(none)'],
        ['organic social', 'organic', '2', '5', 'r:4'],
      ]);
      // 101 disagreeing pairs: the 100 largest, and the caption says so.
      const example = { line: 1, rule: 'r:1' };
      const pairs = Array.from({ length: 101 }, (_, i) => ({ ours: 'x', theirs: `v${String(i).padStart(3, '0')}`, events: 101 - i, example }));
      data.result.report.against = { field: 'theirs', events: 5151, agree: 0, pairs };
      await loadRun(page, data);
      const rows = await tableRows(page, '#disagreement-table');
      expect(rows.length).toBe(101);
      expect(rows.at(-1)).toEqual(['x', 'v099', '2', '1', 'r:1']);
      expect(await page.textContent('#disagreement-table caption')).toBe('Disagreements, largest first, with the first event and the rule that gave it. The 100 largest of 101 are listed.');
    } finally {
      await page.close();
    }
  });

  it('lists no disagreement when every event agrees', async () => {
    const data = run();
    data.result.report.against = { field: 'theirs', events: 2, agree: 2, pairs: [{ ours: 'email', theirs: 'Email', events: 2, example: { line: 1, rule: 'r:7' } }] };
    const page = await browser.context.newPage();
    try {
      await loadRun(page, data);
      expect(await page.locator('#disagreement-table').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('lists the unassigned patterns; a row filters the explorer; Add a rule posts the pattern', async () => {
    const page = await browser.context.newPage();
    try {
      const harness = await load(page);
      expect(await page.textContent('#unassigned-summary')).toBe('5 events got the otherwise channel or none.');
      const rows = await tableRows(page, '#unassigned-table');
      expect(rows.slice(0, 2)).toEqual([
        ['utm_medium', 'referring_domain', 'Events', 'Users', ''],
        ['(missing)', '(missing)', '5', '2', 'Add a rule for this traffic…'],
      ]);
      expect(await page.locator('#unassigned-table em.missing').count()).toBe(2);
      await page.locator('#unassigned-table tr[data-pattern="0"] button.link').click();
      await page.waitForFunction(() => document.querySelector('#unassigned-table tr.selected') !== null);
      await expect.poll(() => explorerRows(page)).toBe(5);
      await page.locator('#unassigned-table button.add-rule').click();
      await expect.poll(async () => (await harness.posted()).filter((message) => (message as { type: string }).type === 'addRuleForTraffic')).toEqual([
        { type: 'addRuleForTraffic', pattern: 0 },
      ]);
    } finally {
      await page.close();
    }
  });

  it('shows a missing field as the (missing) marker, apart from the real strings "(not set)", "(missing)" and ""', async () => {
    // A null was shown as "(not set)", the same as that ordinary string (SPEC §2.3).
    const data = run();
    const example = { line: 4 };
    data.result.report.unassigned = {
      events: 5,
      fields: ['utm_medium', 'referring_domain'],
      patternCount: 4,
      patterns: [
        { fields: { utm_medium: null, referring_domain: '(not set)' }, events: 2, users: 1, example },
        { fields: { utm_medium: '(missing)', referring_domain: '' }, events: 1, users: 1, example },
        { fields: { utm_medium: '(not set)', referring_domain: null }, events: 1, users: 1, example },
        { fields: { utm_medium: '"(missing)"', referring_domain: 'x' }, events: 1, users: 1, example },
      ],
    };
    const page = await browser.context.newPage();
    try {
      await loadRun(page, data);
      const rows = (await tableRows(page, '#unassigned-table')).slice(1).map((row) => row.slice(0, 2));
      expect(rows).toEqual([
        ['(missing)', '(not set)'],
        ['"(missing)"', '""'],
        ['(not set)', '(missing)'],
        ['"\\"(missing)\\""', 'x'],
      ]);
      // The marker is also set apart in the page: italic, with a title saying what it means.
      const markers = page.locator('#unassigned-table em.missing');
      expect(await markers.count()).toBe(2);
      expect(await markers.first().getAttribute('title')).toBe('No value: utm_medium is missing or null');
      expect(await markers.first().evaluate((marker) => getComputedStyle(marker).fontStyle)).toBe('italic');
    } finally {
      await page.close();
    }
  });

  it('hides the Agreement section when the run has no field to agree with', async () => {
    const page = await browser.context.newPage();
    try {
      const harness = await openWebview(page);
      const data = run();
      delete data.result.against;
      delete data.result.report.against;
      await harness.send({ type: 'options', options: data.options });
      await harness.send({ type: 'sample', columns: data.sample });
      await harness.send({ type: 'result', result: data.result });
      await page.waitForSelector('#unassigned-table');
      expect(await page.locator('#agreement').isHidden()).toBe(true);
    } finally {
      await page.close();
    }
  });
});
