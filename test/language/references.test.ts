import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { occurrencesOf, prepareRename, renameEdits, symbolAt } from '../../engine/language/references';
import { withCursor } from '../server/cursor';

function at(marked: string) {
  const { text, offset } = withCursor(marked);
  return { text, offset, tree: parseChannels(text).tree };
}

describe('names', () => {
  it.each([
    ['a list declaration', 'list si‸tes = ["a"]', { kind: 'list', name: 'sites' }],
    ['a list use', 'channel "A"\n  when x not in si‸tes', { kind: 'list', name: 'sites' }],
    ['a channel block name', 'channel "Pa‸id"\n  when x exists', { kind: 'channel', name: 'Paid' }],
    ['an otherwise name', 'otherwise "Re‸st"', { kind: 'channel', name: 'Rest' }],
    ['an expected channel', 'expect "Pa‸id" for {}', { kind: 'channel', name: 'Paid' }],
    ['a field is not a name', 'channel "A"\n  when u‸tm exists', undefined],
    ['a value is not a name', 'channel "A"\n  when utm = "Pa‸id"', undefined],
  ])('%s', (_, marked, expected) => {
    const { tree, offset } = at(marked);
    expect(symbolAt(tree, offset)?.symbol).toEqual(expected);
  });

  it('lists occurrences in source order, declarations marked', () => {
    const { tree, text } = at('channel "A"\n  when x in s\nlist s = []\nchannel "B"\n  when y not in s‸\n');
    const found = occurrencesOf(tree, { kind: 'list', name: 's' });
    expect(found.map((occurrence) => [text.slice(occurrence.span.start, occurrence.span.end), occurrence.declaration])).toEqual([
      ['s', false],
      ['s', true],
      ['s', false],
    ]);
  });

  it('prepares a rename with the name as placeholder', () => {
    const { tree, offset, text } = at('channel "Pai‸d \\"x\\""\n  when x exists');
    const prepared = prepareRename(tree, offset)!;
    expect(prepared.placeholder).toBe('Paid "x"');
    expect(text.slice(prepared.span.start, prepared.span.end)).toBe('"Paid \\"x\\""');
  });

  it.each([
    ['an identifier that is not one', 'list a‸ = []', '1abc', /not a valid list name/],
    ['a keyword', 'list a‸ = []', 'channel', /keyword/],
    ['a reserved channel name', 'channel "A‸"\n  when x exists', '(unclassified)', /cannot name a channel/],
    ['an empty channel name', 'channel "A‸"\n  when x exists', '""', /cannot name a channel/],
    ['something that is not a name', 'channel "A"\n  when x‸ exists', 'y', /Only a list name or a channel name/],
    ['a declared list', 'list a‸ = []\nlist b = []', 'b', /^A list named b already exists\.$/],
    ['a list that is used but not declared', 'list a‸ = ["x"]\nchannel "A" when f in b\nchannel "B" when f in a\n', 'b', /^A list named b is used \(`in b`\) but not declared: renaming would make that use name this list\.$/],
    ['a list that is used but not declared, from a use', 'channel "A" when f in c or g in a‸\nchannel "B" when f not in b\n', 'b', /^A list named b is used/],
    ['a declared channel', 'channel "A‸"\n  when x exists\nchannel "B"\n  when y exists', 'B', /already exists: renaming would merge/],
    ['a channel that is expected but not declared', 'channel "A‸"\n  when x exists\nexpect "B" for { x: "1" }', 'B', /^A channel named "B" is expected \(`expect "B"`\) but not declared/],
  ])('refuses to rename to %s', (_, marked, newName, message) => {
    const { tree, offset } = at(marked);
    const result = renameEdits(tree, offset, newName);
    expect('error' in result && result.error).toMatch(message);
  });

  it('renames to the same name, and to a name nothing uses', () => {
    const { tree, offset } = at('list a‸ = ["x"]\nchannel "A" when f in a\n');
    expect(renameEdits(tree, offset, 'a')).toEqual({ edits: [{ span: { start: 5, end: 6 }, newText: 'a' }, { span: { start: 37, end: 38 }, newText: 'a' }] });
    expect(renameEdits(tree, offset, 'c')).toEqual({ edits: [{ span: { start: 5, end: 6 }, newText: 'c' }, { span: { start: 37, end: 38 }, newText: 'c' }] });
  });

  it('accepts a quoted new channel name', () => {
    const { tree, offset } = at('channel "A‸"\n  when x exists');
    expect(renameEdits(tree, offset, '"B"')).toEqual({ edits: [{ span: { start: 8, end: 11 }, newText: '"B"' }] });
  });
});
