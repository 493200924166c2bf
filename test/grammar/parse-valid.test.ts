import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { ChannelsParser } from '../../grammar/parser';
import { channelsLexer } from '../../grammar/lexer';
import type { Condition, Expression } from '../../grammar/syntax-tree';
import { printExpression, printTree } from './print-tree';
import { treeViolations } from './tree-invariants';

/** Parses a valid text: no errors, and the tree satisfies every invariant. */
function parseValid(text: string) {
  const result = parseChannels(text);
  expect(result.errors).toEqual([]);
  expect(treeViolations(text, result)).toEqual([]);
  return result;
}

function condition(text: string): string {
  const tree = parseValid(`channel "C"\n  when ${text}`).tree;
  const channel = tree.statements[0];
  if (channel.kind !== 'channel') throw new Error('not a channel');
  return printExpression(channel.rules[0].condition);
}

describe('conditions: every operator', () => {
  it.each([
    ['a = "x"', '(= a "x")'],
    ['a != "x"', '(!= a "x")'],
    ['a in sites', '(in a sites)'],
    ['a in ["x", "y"]', '(in a ["x" "y"])'],
    ['a in ["x", "y",]', '(in a ["x" "y"])'],
    ['a in []', '(in a [])'],
    ['a not in sites', '(not-in a sites)'],
    ['a not in ["x"]', '(not-in a ["x"])'],
    ['a contains "x"', '(contains a "x")'],
    ['a not contains "x"', '(not-contains a "x")'],
    ['a starts with "x"', '(starts-with a "x")'],
    ['a not starts with "x"', '(not-starts-with a "x")'],
    ['a ends with "x"', '(ends-with a "x")'],
    ['a not ends with "x"', '(not-ends-with a "x")'],
    ['a matches /^x+$/', '(matches a /^x+$/)'],
    ['a matches /x/i', '(matches a /x/i)'],
    ['a not matches /x/', '(not-matches a /x/)'],
    ['a exists', '(exists a)'],
    ['a is missing', '(is-missing a)'],
    ['a is null', '(is-null a)'],
    ['a is empty', '(is-empty a)'],
    ['a is set', '(is-set a)'],
    ['a is not set', '(is-not-set a)'],
  ])('%s', (text, tree) => {
    expect(condition(text)).toBe(tree);
  });
});

describe('conditions: case modifiers', () => {
  it.each([
    ['a = "x" ignoring case', '(= a "x" ignoring-case)'],
    ['a != "x" matching case', '(!= a "x" matching-case)'],
    ['a in l ignoring case', '(in a l ignoring-case)'],
    ['a not in ["x"] matching case', '(not-in a ["x"] matching-case)'],
    ['a contains "x" ignoring case', '(contains a "x" ignoring-case)'],
    ['a not starts with "x" ignoring case', '(not-starts-with a "x" ignoring-case)'],
    ['a ends with "x" matching case', '(ends-with a "x" matching-case)'],
    ['a matches /x/ ignoring case', '(matches a /x/ ignoring-case)'],
    ['a matches /x/i matching case', '(matches a /x/i matching-case)'],
    ['a = "x" ignoring\n   case', '(= a "x" ignoring-case)'],
  ])('%s', (text, tree) => {
    expect(condition(text)).toBe(tree);
  });
});

describe('expressions: precedence, negation, parentheses', () => {
  it.each([
    ['a exists and b exists', '(and (exists a) (exists b))'],
    ['a exists or b exists', '(or (exists a) (exists b))'],
    ['a exists and b exists and c exists', '(and (exists a) (exists b) (exists c))'],
    ['a exists or b exists or c exists', '(or (exists a) (exists b) (exists c))'],
    ['a exists or b exists and c exists', '(or (exists a) (and (exists b) (exists c)))'],
    ['a exists and b exists or c exists', '(or (and (exists a) (exists b)) (exists c))'],
    ['a exists and b exists or c exists and d exists', '(or (and (exists a) (exists b)) (and (exists c) (exists d)))'],
    ['not a exists', '(not (exists a))'],
    ['not not a exists', '(not (not (exists a)))'],
    ['not a exists and b exists', '(and (not (exists a)) (exists b))'],
    ['not a exists or b exists', '(or (not (exists a)) (exists b))'],
    ['not (a exists or b exists)', '(not (paren (or (exists a) (exists b))))'],
    ['(a exists)', '(paren (exists a))'],
    ['((a exists))', '(paren (paren (exists a)))'],
    ['(a exists or b exists) and c exists', '(and (paren (or (exists a) (exists b))) (exists c))'],
    ['a exists and (b exists or c exists) and d exists', '(and (exists a) (paren (or (exists b) (exists c))) (exists d))'],
    ['not a in l', '(not (in a l))'],
    ['not a not in l', '(not (not-in a l))'],
  ])('%s', (text, tree) => {
    expect(condition(text)).toBe(tree);
  });
});

describe('fields', () => {
  it.each([
    ['utm_source exists', '(exists utm_source)'],
    ['event_properties.utm_source exists', '(exists event_properties.utm_source)'],
    ['a.b.c exists', '(exists a.b.c)'],
    ['a . b exists', '(exists a.b)'],
    ['`[Amplitude] Page Counter` exists', '(exists `[Amplitude] Page Counter`)'],
    ['`for` exists', '(exists `for`)'],
    ['`` exists', '(exists ``)'],
    ['user.`page.title`.x exists', '(exists user.`page.title`.x)'],
    ['$insert_id exists', '(exists $insert_id)'],
    ['_x-1$ exists', '(exists _x-1$)'],
    ['in-app exists', '(exists in-app)'],
    ['notice exists', '(exists notice)'],
    ['channels exists', '(exists channels)'],
    ['référent exists', '(exists référent)'],
    ['Channel exists', '(exists Channel)'],
  ])('%s', (text, tree) => {
    expect(condition(text)).toBe(tree);
  });

  it('names a dotted field by its flattened path, quoted parts without backticks', () => {
    const tree = parseValid('channel "C" when a.`b c`.d exists').tree;
    const rule = tree.statements[0].kind === 'channel' ? tree.statements[0].rules[0] : undefined;
    const c = rule?.condition as Condition;
    expect(c.field.name).toBe('a.b c.d');
    expect(c.field.parts.map((p) => [p.name, p.quoted])).toEqual([['a', false], ['b c', true], ['d', false]]);
  });

  it('lets a backtick name span lines (any character but a backtick)', () => {
    expect(condition('`a\nb` exists')).toBe('(exists `a\nb`)');
  });
});

describe('strings decode exactly as JSON.parse', () => {
  it.each([
    String.raw`"plain"`,
    String.raw`""`,
    String.raw`"quote \" backslash \\ slash \/"`,
    String.raw`"\b\f\n\r\t"`,
    String.raw`"\u00e9\u0041\uD83D\uDE00"`,
    String.raw`"\ud800"`,
    '"é 😀 \u2028"',
    String.raw`"a#b"`,
    String.raw`"/not a regex/"`,
  ])('%s', (raw) => {
    const c = parseValid(`channel "C" when a = ${raw}`).tree.statements[0];
    const operand = c.kind === 'channel' ? (c.rules[0].condition as Condition).operand : undefined;
    expect(operand).toMatchObject({ kind: 'string', raw, value: JSON.parse(raw) });
  });
});

describe('regexes: JavaScript literal syntax', () => {
  it.each([
    ['/abc/', 'abc', ''],
    ['/a\\/b/', 'a\\/b', ''],
    ['/[/]/', '[/]', ''],
    ['/[\\]/]x/', '[\\]/]x', ''],
    ['/^(.*cp.*|ppc|retargeting|paid.*)$/i', '^(.*cp.*|ppc|retargeting|paid.*)$', 'i'],
    ['/a#b/', 'a#b', ''],
    ['/"/', '"', ''],
    ['/\\d+\\./', '\\d+\\.', ''],
  ])('%s', (raw, pattern, flags) => {
    const c = parseValid(`channel "C" when a matches ${raw}`).tree.statements[0];
    const operand = c.kind === 'channel' ? (c.rules[0].condition as Condition).operand : undefined;
    expect(operand).toMatchObject({ kind: 'regex', raw, pattern, flags });
  });
});

describe('files', () => {
  it.each([
    ['an empty file', '', ''],
    ['only whitespace and comments', '  \n# hello\n\t# more\n', ''],
    ['a list', 'list sites = ["a", "b"]', '(list sites ["a" "b"])'],
    ['an empty list', 'list none = []', '(list none [])'],
    ['a list with a trailing comma', 'list l = ["a",]', '(list l ["a"])'],
    ['a channel with rules', 'channel "X"\n  when a exists\n  when b exists', '(channel "X" (when (exists a)) (when (exists b)))'],
    ['otherwise', 'otherwise "Other"', '(otherwise "Other")'],
    [
      'an expectation',
      'expect "Paid Search" for { utm_source: "google", utm_medium: "cpc" }',
      '(expect "Paid Search" (utm_source "google") (utm_medium "cpc"))',
    ],
    ['expect unclassified', 'expect unclassified for { a: null }', '(expect unclassified (a null))'],
    ['expect with no fields', 'expect unclassified for {}', '(expect unclassified)'],
    ['expect with a trailing comma', 'expect "X" for { a: "1", }', '(expect "X" (a "1"))'],
    ['expect with dotted and quoted fields', 'expect "X" for { a.b: "1", `c d`: null }', '(expect "X" (a.b "1") (`c d` null))'],
    ['case insensitive', 'case insensitive\nchannel "X" when a = "b"', 'case-insensitive\n(channel "X" (when (= a "b")))'],
    ['case insensitive after comments', '# header\n\ncase insensitive', 'case-insensitive'],
    [
      'statements in any order',
      'otherwise "O"\nexpect "X" for {}\nchannel "X" when a exists\nlist l = ["z"]',
      '(otherwise "O")\n(expect "X")\n(channel "X" (when (exists a)))\n(list l ["z"])',
    ],
    ['a repeated channel name', 'channel "X" when a exists\nchannel "X" when b exists', '(channel "X" (when (exists a)))\n(channel "X" (when (exists b)))'],
    ['everything on one line', 'channel "X" when a exists when b exists otherwise "O"', '(channel "X" (when (exists a)) (when (exists b)))\n(otherwise "O")'],
    ['CRLF line ends', 'list l = [\r\n  "a",\r\n]\r\nchannel "X"\r\n  when a in l # c\r\n', '(list l ["a"])\n(channel "X" (when (in a l)))'],
    ['a byte order mark', '\uFEFFchannel "X" when a exists', '(channel "X" (when (exists a)))'],
  ])('%s', (_name, text, tree) => {
    expect(printTree(parseValid(text).tree)).toBe(tree);
  });
});

describe('comments', () => {
  it('are collected anywhere, with their spans, and never change the tree', () => {
    const text = [
      '# top',
      'list l = [ # after [',
      '  "a", # after a value',
      '] # after ]',
      'channel # between keyword and name',
      '  "X" # after the name',
      '  when # after when',
      '    a # after the field',
      '    = # after =',
      '    "b" # after the value',
      '    and (b exists # inside parens',
      '    ) # last',
      'expect "X" for { # in braces',
      '  a: "b", # after a pair',
      '} #',
    ].join('\n');
    const result = parseValid(text);
    expect(printTree(result.tree)).toBe(
      '(list l ["a"])\n(channel "X" (when (and (= a "b") (paren (exists b)))))\n(expect "X" (a "b"))',
    );
    expect(result.comments.map((c) => c.text)).toEqual([
      '# top', '# after [', '# after a value', '# after ]', '# between keyword and name', '# after the name',
      '# after when', '# after the field', '# after =', '# after the value', '# inside parens', '# last',
      '# in braces', '# after a pair', '#',
    ]);
    for (const c of result.comments) expect(text.slice(c.span.start, c.span.end)).toBe(c.text);
  });

  it('end at a CR as well as at a LF', () => {
    const result = parseValid('# one\r# two\r\nchannel "X" when a exists');
    expect(result.comments.map((c) => c.text)).toEqual(['# one', '# two']);
  });

  it('do not start inside strings, regexes or backtick names', () => {
    const result = parseValid('channel "#X" when `#a` = "#b" or c matches /#d/');
    expect(result.comments).toEqual([]);
  });
});

describe('spans', () => {
  const text = 'channel "Paid"\n  when not a.`b` != "x" ignoring case and c not starts with "y"';
  const result = parseValid(text);
  const channel = result.tree.statements[0];
  const slice = (s: { start: number; end: number }) => text.slice(s.start, s.end);

  it('cover exactly what each node was written as', () => {
    if (channel.kind !== 'channel') throw new Error('expected a channel');
    expect(slice(channel.span)).toBe(text);
    const rule = channel.rules[0];
    expect(slice(rule.span)).toBe(text.slice(text.indexOf('when')));
    const and = rule.condition as Expression & { kind: 'and' };
    expect(slice(and.span)).toBe(text.slice(text.indexOf('not a')));
    const [not, second] = and.operands;
    expect(slice(not.span)).toBe('not a.`b` != "x" ignoring case');
    const first = (not as Expression & { kind: 'not' }).operand as Condition;
    expect(slice(first.span)).toBe('a.`b` != "x" ignoring case');
    expect(slice(first.field.span)).toBe('a.`b`');
    expect(slice(first.operatorSpan)).toBe('!=');
    expect(slice(first.caseModifier!.span)).toBe('ignoring case');
    expect(slice((second as Condition).operatorSpan)).toBe('not starts with');
    expect(slice(second.span)).toBe('c not starts with "y"');
  });

  it('count UTF-16 code units', () => {
    const t = 'channel "😀" when `é😀` = "😀"';
    const r = parseValid(t);
    const c = r.tree.statements[0];
    if (c.kind !== 'channel') throw new Error('expected a channel');
    expect(c.name!.span).toEqual({ start: 8, end: 12 });
    const cond = c.rules[0].condition as Condition;
    expect(cond.field.span).toEqual({ start: 18, end: 23 });
    expect(cond.operand!.span).toEqual({ start: 26, end: 30 });
  });
});

describe('the shipped examples', () => {
  const dir = join(__dirname, '../../examples');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.channels')))('%s parses without errors', (name) => {
    parseValid(readFileSync(join(dir, name), 'utf8'));
  });
});

describe('the chevrotain grammar', () => {
  it('passes chevrotain’s own checks (no ambiguity, no left recursion)', () => {
    expect(() => new ChannelsParser({ validate: true })).not.toThrow();
  });

  it('has tokens that pass chevrotain’s lexer checks (each pattern reachable, none empty), which the lexer the engine uses skips', () => {
    expect(() => channelsLexer({ validate: true })).not.toThrow();
    expect(channelsLexer({ validate: true }).lexerDefinitionErrors).toEqual([]);
  });
});
