import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../grammar/lexer';
import { limitNesting } from '../../grammar/nesting-limit';
import { parseChannels } from '../../grammar/parse';
import { ChannelsParser } from '../../grammar/parser';
import { SyntaxBuilder } from '../../grammar/syntax-builder';
import type { ParseResult } from '../../grammar/syntax-tree';
import { printTree } from './print-tree';
import { treeViolations } from './tree-invariants';

const VALID = `# GA4-style channels (excerpt)
case insensitive
list search_sites = ["google", "bing", "duckduckgo", "yahoo", "baidu",]

channel "Direct"
  when utm_source = "(direct)" and utm_medium in ["(none)", "(not set)"]
  when utm_source is not set and referrer is not set

channel "Paid Search"
  when utm_source in search_sites and utm_medium matches /^(.*cp.*|ppc|[/]paid.*)$/i
  when gclid exists or not (\`page title\`.x != "a\\"b" ignoring case)

channel "Email"
  when utm_medium = "email" matching case
  when utm_source not contains "newsletter" or a not starts with "x" and b ends with "y"

otherwise "Unassigned"
expect "Email" for { utm_medium: "email", referrer: null, }
expect unclassified for {}
`;

/** Pieces of the language, so random texts reach deep into the grammar. */
const FRAGMENTS = [
  'channel', 'when', 'list', 'expect', 'otherwise', 'case', 'insensitive', 'unclassified', 'for', 'null',
  'and', 'or', 'not', 'in', 'contains', 'starts', 'ends', 'with', 'matches', 'exists', 'is', 'missing',
  'empty', 'set', 'ignoring', 'matching', 'utm_source', 'a.b', '`q n`', '`open', '"x"', '"', '"\\', '"\\u12"',
  "'y'", '/re/', '/re/gi', '/[/]', '/', '//', '=', '==', '!=', '!', '[', ']', '(', ')', '{', '}', ',', ':',
  '.', '#c', '5', '&&', '||', '~', '\n', '\r\n', '\r', ' ', '\t', 'é', '😀', '\uD800', '\u2028', '\uFEFF',
];

const fragmentText = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 })
  .chain((parts) => fc.array(fc.constantFrom('', ' ', '\n'), { minLength: parts.length, maxLength: parts.length })
    .map((seps) => parts.map((p, i) => p + seps[i]).join('')));

/** A random edit of a text: delete, insert or duplicate a piece of it. */
const mutation = (text: string) =>
  fc.oneof(
    fc.tuple(fc.nat(text.length), fc.nat(40)).map(([at, n]) => text.slice(0, at) + text.slice(at + n)),
    fc.tuple(fc.nat(text.length), fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 5 })))
      .map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
    fc.tuple(fc.nat(text.length), fc.nat(text.length), fc.nat(text.length))
      .map(([a, b, at]) => text.slice(0, at) + text.slice(Math.min(a, b), Math.max(a, b)) + text.slice(at)),
  );

const mutated = fc.array(fc.nat(), { minLength: 1, maxLength: 6 }).chain((seeds) =>
  seeds.reduce<fc.Arbitrary<string>>((arb) => arb.chain(mutation), fc.constant(VALID)),
);

function checkAnyText(text: string) {
  let parsed: ParseResult | undefined;
  expect(() => (parsed = parseChannels(text))).not.toThrow();
  const result = parsed!;
  expect(result.errors.filter((e) => e.message.startsWith('internal'))).toEqual([]);
  expect(treeViolations(text, result, { strict: false })).toEqual([]);
  const starts = result.errors.map((e) => e.span.start);
  expect(starts).toEqual([...starts].sort((a, b) => a - b));
}

describe('parseChannels on any text', () => {
  it('the reference file is valid', () => {
    const result = parseChannels(VALID);
    expect(result.errors).toEqual([]);
    expect(result.tree.statements).toHaveLength(7);
  });

  it('never throws on random strings; spans inside the text, in order, nested', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkAnyText), { numRuns: 300 });
  });

  it('never throws on random sequences of language fragments', () => {
    fc.assert(fc.property(fragmentText, checkAnyText), { numRuns: 500 });
  });

  it('never throws on random mutations of a valid file', () => {
    fc.assert(fc.property(mutated, checkAnyText), { numRuns: 500 });
  });

  it('a valid file means the same with comments and whitespace added between any two tokens', () => {
    const ends = tokenize(VALID).tokens.map((t) => t.startOffset + t.image.length);
    const base = printTree(parseChannels(VALID).tree);
    const gap = fc.constantFrom('', '', ' ', '\n', '\r\n', '\t', ' # note\n');
    fc.assert(
      fc.property(fc.array(gap, { minLength: ends.length, maxLength: ends.length }), (gaps) => {
        let text = '';
        let from = 0;
        ends.forEach((end, i) => {
          text += VALID.slice(from, end) + gaps[i];
          from = end;
        });
        text += VALID.slice(from);
        const result = parseChannels(text);
        expect(result.errors).toEqual([]);
        expect(printTree(result.tree)).toBe(base);
        expect(treeViolations(text, result)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

/**
 * parseChannels builds each statement as the parser finishes it (ChannelsParser.statementSink),
 * so that its CST dies young; the file's whole CST, built at the end, is the reference.
 */
const parser = new ChannelsParser();

function sameAsWholeCst(text: string): void {
  const tokens = limitNesting(tokenize(text).tokens).tokens;
  const eager = new SyntaxBuilder(text);
  parser.input = tokens;
  parser.statementSink = eager;
  let eagerTree;
  try {
    eagerTree = eager.file(parser.file());
  } finally {
    parser.statementSink = undefined;
  }
  const eagerErrors = parser.errors.map((error) => [error.message, error.token.startOffset]);
  parser.input = tokens;
  const whole = new SyntaxBuilder(text);
  const wholeTree = whole.file(parser.file());
  expect(eagerTree).toEqual(wholeTree);
  expect(eager.problems).toEqual(whole.problems);
  expect(eagerErrors).toEqual(parser.errors.map((error) => [error.message, error.token.startOffset]));
}

describe('statements built as the parser finishes them', () => {
  it('make the tree and problems of the whole CST built at the end, on fragments and mutations', () => {
    sameAsWholeCst(VALID);
    // Problems of a stray `when` before a channel's: the reference lists the channel's first.
    sameAsWholeCst('when a is set ignoring case\nchannel "A"\n  when b is set matching case\n');
    fc.assert(fc.property(fc.oneof(fragmentText, mutated), sameAsWholeCst), { numRuns: 1_000 });
  });
});
