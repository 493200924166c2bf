// examples/ga4-default.channels: GA4's default channel group, through the real engine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../engine/analysis/check-document';
import { runReport } from '../../engine/report/run-report';
import { describeDiagnostics, EXAMPLES, loadExample, loadRulesText } from './load-example';

const ga4 = loadExample('ga4-default.channels');

/** Google's documented order, then the otherwise channel. */
const GA4_CHANNELS = [
  'Direct',
  'Cross-network',
  'Paid Shopping',
  'Paid Search',
  'Paid Social',
  'Paid Video',
  'Display',
  'Paid Other',
  'Organic Shopping',
  'Organic Social',
  'Organic Video',
  'Organic Search',
  'Referral',
  'Email',
  'Affiliates',
  'Audio',
  'SMS',
  'Mobile Push Notifications',
  'Unassigned',
];

function csvCategories(): Map<string, string[]> {
  const lines = readFileSync(path.join(EXAMPLES, 'ga4', 'source-categories.csv'), 'utf8').trim().split('\n').slice(1);
  const categories = new Map<string, string[]>();
  for (const line of lines) {
    const [source, category] = line.split(',') as [string, string];
    categories.set(category, [...(categories.get(category) ?? []), source]);
  }
  return categories;
}

describe('examples/ga4-default.channels', () => {
  it('parses and checks with no errors and no rule left out', () => {
    const errors = ga4.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(describeDiagnostics(ga4, errors)).toEqual([]);
    expect(ga4.checked.skippedRules).toBe(0);
  });

  it('has the 18 channels in Google order, then otherwise "Unassigned", case-insensitive', () => {
    expect(ga4.checked.channels).toEqual(GA4_CHANNELS);
    expect(ga4.checked.otherwise?.channel).toBe('Unassigned');
    expect(ga4.checked.caseInsensitive).toBe(true);
  });

  it('holds every source of the CSV, each in its category list', () => {
    const categories = csvCategories();
    const lists: Record<string, string> = {
      SOURCE_CATEGORY_SEARCH: 'search_sites',
      SOURCE_CATEGORY_SOCIAL: 'social_sites',
      SOURCE_CATEGORY_SHOPPING: 'shopping_sites',
      SOURCE_CATEGORY_VIDEO: 'video_sites',
    };
    let total = 0;
    for (const [category, sources] of categories) {
      expect(ga4.checked.lists.get(lists[category]!)?.values).toEqual(sources);
      total += sources.length;
    }
    expect(total).toBe(819);
  });

  it('gets no error or warning from the full check (exact analysis included); Display overlaps Paid Social', async () => {
    const document = await checkDocument(ga4.text, { file: 'ga4-default.channels' });
    const serious = document.diagnostics.filter((diagnostic) => diagnostic.severity === 'error' || diagnostic.severity === 'warning');
    expect(describeDiagnostics(ga4, serious)).toEqual([]);
    // The README's example of what `check` shows: "facebook" / "cpm" is Paid Social, not Display.
    const displayLine = ga4.text.split('\n').findIndex((line) => line.includes('"display", "banner"')) + 1;
    const display = document.diagnostics.find(
      (diagnostic) => diagnostic.code === 'overlapping-rule' && ga4.text.slice(0, diagnostic.span.start).split('\n').length === displayLine,
    );
    expect(display?.message).toContain('"Paid Social"');
  });

  it('passes all its expect statements (19 of them)', () => {
    expect(ga4.checked.expectations).toHaveLength(19);
    expect(describeDiagnostics(ga4, ga4.failedExpectations)).toEqual([]);
  });

  it('fails an expect that is wrong, naming the channel and rule the event got instead', () => {
    const wrong = `${ga4.text}\nexpect "Display" for { utm_source: "google", utm_medium: "cpc" }\n`;
    const failed = loadRulesText('ga4-default.channels', wrong).failedExpectations;
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toMatch(/"Paid Search".*ga4-default\.channels:\d+/);
  });

  it('gives the sample events every one of its 19 channels', async () => {
    const seen = new Set<string | null>();
    const result = await runReport({
      source: { path: path.join(EXAMPLES, 'ga4-sample.ndjson') },
      classifier: ga4.classifier,
      onClassified: (events) => events.forEach((event) => seen.add(event.channel)),
    });
    expect(result.events).toBe(3000);
    expect(result.skippedCount).toBe(0);
    expect([...seen].sort()).toEqual([...GA4_CHANNELS].sort());
  });
});
