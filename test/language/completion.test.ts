// Completion contexts, table-driven: `‸` is the cursor; each row names labels that
// must be offered and labels that must not.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { completeAt } from '../../engine/language/completion';
import { profileEvents } from '../../engine/language/sample-profile';
import { withCursor } from '../server/cursor';

const profile = profileEvents([
  { utm_source: 'google', utm_medium: 'cpc' },
  { utm_source: 'google', utm_medium: 'organic', referrer: 'https://www.google.com/' },
  { utm_source: 'bing', utm_medium: 'cpc', event_properties: { plan: 'pro' } },
  { utm_source: 'newsletter', utm_medium: 'email', 'odd key': 'x' },
]);

function labels(marked: string, withProfile = true): string[] {
  const { text, offset } = withCursor(marked);
  return completeAt({ text, offset, tree: parseChannels(text).tree, ...(withProfile ? { profile } : {}) }).map((entry) => entry.label);
}

const OPERATORS = ['=', '!=', 'in', 'not in', 'contains', 'starts with', 'ends with', 'matches', 'exists', 'is missing', 'is not set'];

describe('completion', () => {
  it.each([
    ['an empty file: statements and `case insensitive`', '‸', ['case insensitive', 'channel', 'list', 'expect', 'otherwise'], ['when', 'utm_source']],
    ['after a list: statements, no `when`', 'list a = ["x"]\n‸', ['channel', 'list', 'expect', 'otherwise'], ['when', 'case insensitive']],
    ['after `case`', 'case ‸', ['insensitive'], ['channel']],
    ['after a channel name: `when`', 'channel "A"\n  ‸', ['when'], ['channel', 'utm_source']],
    ['after `when`: fields, `not`, `(`', 'channel "A"\n  when ‸', ['utm_source', 'utm_medium', 'referrer', 'gclid', 'plan', 'not', '('], ['when', 'channel']],
    ['a partly typed field', 'channel "A"\n  when utm_s‸', ['utm_source'], []],
    ['after a field: the operators', 'channel "A"\n  when utm_source ‸', OPERATORS, ['utm_source', 'when']],
    ['after `not` following a field', 'channel "A"\n  when utm_source not ‸', ['in', 'contains', 'starts with', 'ends with', 'matches'], ['=', 'exists']],
    ['after `is`', 'channel "A"\n  when utm_source is ‸', ['missing', 'null', 'empty', 'set', 'not set'], ['=']],
    ['after `starts`', 'channel "A"\n  when utm_source starts ‸', ['with'], []],
    ['after `=`: values of that field in the sample', 'channel "A"\n  when utm_source = ‸', ['"google"', '"bing"', '"newsletter"'], ['"cpc"']],
    ['inside a string: values of that field', 'channel "A"\n  when utm_medium = "c‸"', ['"cpc"', '"organic"', '"email"'], ['"google"']],
    ['after `in`: lists and `[`', 'list sites = ["a"]\nchannel "A"\n  when utm_source in ‸', ['sites', '[…]'], ['utm_source']],
    ['inside a list literal: values not written yet', 'channel "A"\n  when utm_medium in ["cpc", ‸', ['"organic"', '"email"'], ['"cpc"']],
    ['after a comparison: connectives, case modifiers, next statements', 'channel "A"\n  when utm_source = "x" ‸', ['and', 'or', 'ignoring case', 'matching case', 'when', 'channel', 'expect'], ['utm_source']],
    ['after `exists`: no case modifier', 'channel "A"\n  when utm_source exists ‸', ['and', 'or', 'when'], ['ignoring case']],
    ['inside parentheses: `)`', 'channel "A"\n  when (utm_source exists ‸', ['and', 'or', ')'], ['when', 'channel']],
    ['after `ignoring`', 'channel "A"\n  when utm_source = "x" ignoring ‸', ['case'], []],
    ['after `and`: fields', 'channel "A"\n  when utm_source = "x" and ‸', ['utm_medium', 'not'], ['and']],
    ['after `expect`: channel names and `unclassified`', 'channel "Paid"\n  when x exists\notherwise "Rest"\nexpect ‸', ['"Paid"', '"Rest"', 'unclassified'], []],
    ['after the expected channel: `for`', 'expect "A" ‸', ['for'], []],
    ['an expectation field', 'expect "A" for { ‸', ['utm_source', 'referrer'], []],
    ['an expectation value', 'expect "A" for { utm_medium: ‸', ['"cpc"', 'null'], []],
    ['an expectation value of a dotted field', 'expect "A" for { event_properties.plan: ‸', ['"pro"', 'null'], ['"cpc"']],
    ['a dotted expectation field', 'expect "A" for { utm_medium: "cpc", event_properties.‸', ['event_properties.plan'], []],
    ['after an expectation pair', 'expect "A" for { utm_medium: "cpc" ‸', [',', '}'], []],
    ['a dotted path', 'channel "A"\n  when event_properties.‸', ['event_properties.plan'], []],
    ['after `otherwise`: channel names', 'channel "Paid"\n  when x exists\notherwise ‸', ['"Paid"'], ['unclassified']],
    ['after `channel`: channel names used so far', 'channel "Paid"\n  when x exists\nchannel ‸', ['"Paid"'], []],
    ['inside a comment: nothing', 'channel "A" # when ‸', [], ['when', 'utm_source']],
    ['inside a regex: nothing', 'channel "A"\n  when utm_source matches /goo‸/', [], ['utm_source']],
  ])('%s', (_, marked, included, excluded) => {
    const offered = labels(marked);
    for (const label of included) expect(offered, `${label} in ${JSON.stringify(offered)}`).toContain(label);
    for (const label of excluded) expect(offered).not.toContain(label);
    if (included.length === 0) expect(offered).toEqual([]);
  });

  it('offers fields used in the file first, then the sample, then the standard fields', () => {
    const { text, offset } = withCursor('channel "A"\n  when my_field exists\n  when ‸');
    const entries = completeAt({ text, offset, tree: parseChannels(text).tree, profile });
    const sorted = entries.filter((entry) => entry.kind === 'field').sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    expect(sorted[0]!.label).toBe('my_field');
    expect(sorted.findIndex((entry) => entry.label === 'utm_source')).toBeLessThan(sorted.findIndex((entry) => entry.label === 'gclid'));
  });

  it('writes field names that need it in backticks', () => {
    const { text, offset } = withCursor('channel "A"\n  when ‸');
    const entry = completeAt({ text, offset, tree: parseChannels(text).tree, profile }).find((candidate) => candidate.label === 'odd key');
    expect(entry?.insertText).toBe('`odd key`');
  });

  it('does not offer a sample field whose name holds a backtick: no backtick name can hold one', () => {
    const odd = profileEvents([{ 'utm`sourcex': 'a', c: { 'd`e': 'f', g: 'h' } }]);
    const { text, offset } = withCursor('channel "A"\n  when ‸');
    const fields = completeAt({ text, offset, tree: parseChannels(text).tree, profile: odd }).filter((entry) => entry.kind === 'field');
    expect(fields.map((entry) => entry.label)).toContain('c.g');
    expect(fields.filter((entry) => entry.label.includes('`'))).toEqual([]);
  });

  it('replaces the whole word or string at the cursor', () => {
    const { text, offset } = withCursor('channel "A"\n  when utm_medium = "c‸p"');
    const entry = completeAt({ text, offset, tree: parseChannels(text).tree, profile }).find((candidate) => candidate.label === '"cpc"')!;
    expect(text.slice(entry.replace.start, entry.replace.end)).toBe('"cp"');
    const word = withCursor('channel "A"\n  when utm_s‸ou = "x"');
    const field = completeAt({ text: word.text, offset: word.offset, tree: parseChannels(word.text).tree, profile }).find((candidate) => candidate.label === 'utm_source')!;
    expect(word.text.slice(field.replace.start, field.replace.end)).toBe('utm_sou');
  });

  it('offers no sample values without a sample, but still the standard fields', () => {
    expect(labels('channel "A"\n  when utm_source = ‸', false)).toEqual([]);
    expect(labels('channel "A"\n  when ‸', false)).toContain('utm_campaign');
  });

  it('offers snippets for a channel block, a when, a list and an expectation', () => {
    const { text, offset } = withCursor('channel "A"\n  when x exists\n‸');
    const snippets = completeAt({ text, offset, tree: parseChannels(text).tree }).filter((entry) => entry.kind === 'snippet');
    expect(snippets.map((entry) => entry.label).sort()).toEqual(['channel', 'expect', 'list', 'when']);
    expect(snippets.every((entry) => entry.snippet === true && entry.insertText.includes('$'))).toBe(true);
  });
});

describe('completion in long files', () => {
  it.each(['amplitude-example.channels', 'ga4-default.channels'])('scanning from the clause agrees with scanning the whole file (%s)', (name) => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', name), 'utf8');
    const tree = parseChannels(text).tree;
    for (let offset = 0; offset <= text.length; offset += 3) {
      const fast = completeAt({ text, offset, tree, profile }).map((entry) => [entry.label, entry.replace.start, entry.replace.end]);
      const slow = completeAt({ text, offset, tree, profile, scanFromFileStart: true }).map((entry) => [entry.label, entry.replace.start, entry.replace.end]);
      expect(fast, `at offset ${offset}`).toEqual(slow);
    }
  });
});
