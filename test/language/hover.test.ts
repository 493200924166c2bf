// Hover, table-driven, with the real analysis and classifier behind it.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeRules, type RuleListAnalysis } from '../../engine/analysis/analyze-rules';
import { buildRulesDocument, classifierOf, type RulesDocument } from '../../engine/language/document';
import { hoverAt, type HoverContext } from '../../engine/language/hover';
import { profileEvents } from '../../engine/language/sample-profile';
import { countSampleEvents } from '../../engine/language/sample-counts';
import { NEVER_CANCELLED } from '../../engine/cancellation';
import { positionOf } from '../server/cursor';

const TEXT = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'server', 'rules.channels'), 'utf8');
const EVENTS = fs
  .readFileSync(path.join(__dirname, '..', 'fixtures', 'server', 'rules.events.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, unknown>);

let document: RulesDocument;
let facts: RuleListAnalysis;
let context: Omit<HoverContext, 'offset'>;

beforeAll(async () => {
  document = buildRulesDocument(TEXT);
  facts = await analyzeRules(document.checked);
  const classifier = classifierOf(document);
  context = {
    document,
    verdicts: facts.rules.map((rule) => ({
      status: rule.status,
      ...(rule.example === undefined ? {} : { example: rule.example.event }),
      coveredBy: rule.coveredBy,
      incomplete: rule.incomplete,
    })),
    otherwise: { status: facts.otherwise.status, ...(facts.otherwise.example === undefined ? {} : { example: facts.otherwise.example.event }) },
    classify: (props) => classifier.classify(props),
    profile: profileEvents(EVENTS),
    sampleCounts: await countSampleEvents(classifier, EVENTS, NEVER_CANCELLED),
  };
});

function hover(needle: string, delta = 0, extra: Partial<HoverContext> = {}) {
  const position = positionOf(TEXT, needle, delta);
  return hoverAt({ ...context, ...extra, offset: document.lines.offset(position) });
}

describe('hover', () => {
  it('on a reachable rule: its channel, place, and an event it classifies (confirmed by the classifier)', () => {
    const result = hover('when utm_medium = "cpc"', 1)!;
    expect(result.markdown).toContain('**Rule 1 of 8** → channel `"Paid Search"`');
    expect(result.markdown).toContain('Reachable. An event it classifies:');
    expect(result.markdown).toContain('{ utm_medium: "cpc" }');
    expect(result.markdown).toMatch(/Sample events it classifies: \*\*\d+\*\* of 60/);
    expect(TEXT.slice(result.span.start, result.span.end)).toBe('when');
  });

  it('on an unreachable rule: the rules that take its events', () => {
    const result = hover('when utm_medium in ["cpc", "ppc"]', 1)!;
    expect(result.markdown).toContain('**Rule 3 of 8** → channel `"Paid (never)"`');
    expect(result.markdown).toContain('**Unreachable**: every event it matches is taken earlier, by the rules on line 5 (`"Paid Search"`), line 6 (`"Paid Search"`).');
  });

  it('never shows an example the classifier does not confirm', () => {
    const result = hover('when utm_medium = "cpc"', 1, { classify: () => -2 })!;
    expect(result.markdown).toContain('Reachable: some events get their channel from this rule.');
    expect(result.markdown).not.toContain('utm_medium: "cpc" }');
  });

  it('says so while the analysis runs', () => {
    expect(hover('when utm_medium = "cpc"', 1, { verdicts: undefined, analysisPending: true })!.markdown).toContain('_Analysis running…_');
  });

  it('on a list: size and first values', () => {
    expect(hover('search_sites', 2)!.markdown).toBe('**list search_sites**: 3 values\n\n```channels\n["google", "bing", "duckduckgo"]\n```');
  });

  it('on a field: what the sample holds', () => {
    const markdown = hover('utm_source in', 2)!.markdown;
    expect(markdown).toContain('**field** `utm_source`');
    expect(markdown).toContain('UTM source');
    expect(markdown).toMatch(/In \d+ of 60 sample events/);
    expect(markdown).toContain('| `"google"` |');
  });

  it('on a regex: what it matches in words', () => {
    expect(hover('/google.com/', 2)!.markdown).toBe('`/google.com/`\n\nMatches a value that contains `"google"`, then any character, then `"com"`.');
  });

  it('on an operator: what it means', () => {
    expect(hover('ends with', 1)!.markdown).toMatch(/^`ends with`: The value ends with this string/);
  });

  it('on a channel name: its rules and sample share', () => {
    const markdown = hover('"Organic Search"', 2)!.markdown;
    expect(markdown).toContain('2 rules in 1 block: #4 (line 12), #5 (line 13)');
    expect(markdown).toMatch(/Sample events: \*\*\d+\*\* of 60/);
  });

  it('on otherwise: whether anything reaches it', () => {
    const markdown = hover('otherwise', 1)!.markdown;
    expect(markdown).toContain('events no rule matches get this channel');
    expect(markdown).toContain('Reachable. An event no rule matches:');
  });

  it('on a case modifier', () => {
    expect(hover('ignoring case', 2)!.markdown).toContain('**ignoring case**');
  });

  it('nothing on a comment', () => {
    expect(hover('# Fixture', 3)).toBeUndefined();
  });
});
