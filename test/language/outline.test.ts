import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { foldingRegions } from '../../engine/language/folding';
import { semanticTokens } from '../../engine/language/semantic-tokens';
import { documentSymbols, fieldsUsed, matchesQuery, ruleLabel, workspaceSymbolsOf } from '../../engine/language/symbols';

const TEXT = `case insensitive
# lists
list a = [
  "x",
]
channel "A"
  when x   =  "1" # trailing
    or y exists
channel ""
  when z exists
otherwise "Rest"
expect unclassified for { q: null }
`;

describe('outline', () => {
  const parsed = parseChannels(TEXT);
  it('has the setting, lists, channels with rules, otherwise and expectations', () => {
    const symbols = documentSymbols(parsed.tree, TEXT);
    expect(symbols.map((symbol) => `${symbol.kind}:${symbol.name}`)).toEqual([
      'setting:case insensitive',
      'list:a',
      'channel:A',
      'channel:',
      'otherwise:Rest',
      'expectation:expect unclassified',
    ]);
    expect(symbols[2]!.children.map((rule) => rule.name)).toEqual(['when x = "1" or y exists']);
  });

  it('labels long rules shortened, comments left out', () => {
    const long = parseChannels(`channel "A"\n  when ${'a = "x" and '.repeat(20)}b exists`);
    const rule = (long.tree.statements[0] as { rules: Parameters<typeof ruleLabel>[0][] }).rules[0]!;
    const label = ruleLabel(rule, `channel "A"\n  when ${'a = "x" and '.repeat(20)}b exists`);
    expect(label.length).toBe(80);
    expect(label.endsWith('…')).toBe(true);
  });

  it('gives workspace symbols for channels and lists', () => {
    expect(workspaceSymbolsOf(parsed.tree).map((symbol) => `${symbol.kind}:${symbol.name}`)).toEqual(['list:a', 'channel:A', 'channel:', 'channel:Rest']);
  });

  it.each([
    ['Paid Search', 'ps', true],
    ['Paid Search', 'PAID', true],
    ['Paid Search', 'sp', false],
    ['Email', '', true],
  ])('%s matches %s: %s', (name, query, expected) => {
    expect(matchesQuery(name, query)).toBe(expected);
  });

  it('collects the fields used', () => {
    expect(fieldsUsed(parsed.tree)).toEqual(['x', 'y', 'z', 'q']);
  });

  it('folds the multi-line list, the channel block and the multi-line rule', () => {
    const regions = foldingRegions(parsed, TEXT).map((region) => TEXT.slice(region.span.start, region.span.end).split('\n')[0]);
    expect(regions).toEqual(['list a = [', 'channel "A"', 'when x   =  "1" # trailing', 'channel ""']);
  });

  it('gives semantic tokens in order, without overlaps', () => {
    const tokens = semanticTokens(parsed.tree, TEXT);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]!.span.start).toBeGreaterThanOrEqual(tokens[i - 1]!.span.end);
    expect(tokens.filter((token) => token.type === 'type').map((token) => TEXT.slice(token.span.start, token.span.end))).toEqual(['"A"', '""', '"Rest"']);
  });
});
