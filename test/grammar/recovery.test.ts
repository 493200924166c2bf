import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../../grammar/nesting-limit';
import { parseChannels } from '../../grammar/parse';
import { printTree } from './print-tree';
import { treeViolations } from './tree-invariants';

function parse(lines: string[]) {
  const text = lines.join('\n');
  const result = parseChannels(text);
  expect(treeViolations(text, result, { strict: false })).toEqual([]);
  return {
    errors: result.errors.map((e) => [text.slice(e.span.start, e.span.end), e.message]),
    tree: printTree(result.tree),
  };
}

describe('recovery', () => {
  it('reports every error in a file and keeps every statement after each of them', () => {
    const { errors, tree } = parse([
      'list a = ["x", y, "z"]',
      'list b = ["q"]',
      'channel "One"',
      '  when utm_source =',
      '  when utm_medium = "cpc"',
      '  when (a exists',
      '  when b in a',
      'channel "Two" when c exists d exists',
      '  when e exists',
      'expect "One" for { utm_medium: cpc }',
      'expect "Two" for { c: "1" }',
      'otherwise',
      'channel "Three" when f exists',
    ]);
    expect(errors).toEqual([
      ['y', 'expected a string in double quotes or `]` after `,`'],
      ['', 'expected a string in double quotes after `=`'],
      ['', 'expected `)` to close the `(`'],
      ['d', 'unexpected `d`: join conditions with `and` or `or`, or start a new rule with `when`'],
      ['cpc', 'expected a string in double quotes or `null` after `:`'],
      ['', 'expected a channel name (a string in double quotes) after `otherwise`'],
    ]);
    expect(tree).toBe(
      [
        '(list a ["x"])',
        '(list b ["q"])',
        '(channel "One" (when (= utm_source ?)) (when (= utm_medium "cpc")) (when (paren (exists a))) (when (in b a)))',
        '(channel "Two" (when (exists c)) (when (exists e)))',
        '(expect "One" (utm_medium ?))',
        '(expect "Two" (c "1"))',
        '(otherwise ?)',
        '(channel "Three" (when (exists f)))',
      ].join('\n'),
    );
  });

  it('keeps a when clause whose condition is broken, and parses the next one', () => {
    const { errors, tree } = parse(['channel "X"', '  when = "a"', '  when b = "c"']);
    expect(errors).toEqual([['=', 'expected a condition after `when`']]);
    expect(tree).toBe('(channel "X" (when ?) (when (= b "c")))');
  });

  it('skips garbage inside a condition up to the next when, not further', () => {
    const { errors, tree } = parse(['channel "X"', '  when a = "b" ) ] } , : x y z', '  when c exists', '  when d exists']);
    expect(errors).toEqual([[')', 'unexpected `)`: join conditions with `and` or `or`, or start a new rule with `when`']]);
    expect(tree).toBe('(channel "X" (when (= a "b")) (when (exists c)) (when (exists d)))');
  });

  it('resumes at every statement keyword', () => {
    for (const next of ['channel "Y" when z exists', 'list l = []', 'expect "Y" for {}', 'otherwise "Y"']) {
      const { errors, tree } = parse(['channel "X" when a in [ "b" (', next]);
      expect(errors).toHaveLength(1);
      expect(tree.split('\n')).toHaveLength(2);
      expect(tree.split('\n')[0]).toBe('(channel "X" (when (in a ["b"])))');
    }
  });

  it('skips garbage before the first statement', () => {
    const { errors, tree } = parse(['this is not a rule', 'channel "X" when a exists']);
    expect(errors).toEqual([['this', 'unexpected `this`: expected `channel`, `list`, `expect` or `otherwise`']]);
    expect(tree).toBe('(channel "X" (when (exists a)))');
  });

  it('keeps a broken list and the channels using it', () => {
    const { errors, tree } = parse(['list sites = ["a" "b"]', 'channel "X" when s in sites']);
    expect(errors).toEqual([['"b"', 'expected `,` or `]` after a list value']]);
    expect(tree).toBe('(list sites ["a"])\n(channel "X" (when (in s sites)))');
  });

  it('reports a lexical error and a syntax error on the same line separately', () => {
    const { errors, tree } = parse(['channel "X" when a = "\\q" and b matches /x/g and', 'channel "Y" when c exists']);
    expect(errors).toEqual([
      ['\\q', 'invalid escape `\\q` in a string: JSON strings allow \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX (four hex digits)'],
      ['g', 'unsupported regex flag `g`: only `i` (ignore case) is allowed'],
      ['', 'expected a condition after `and`'],
    ]);
    expect(tree).toBe('(channel "X" (when (and (= a "\\\\q") (matches b /x/g))))\n(channel "Y" (when (exists c)))');
  });

  it('gives a tree and an error for text that is not rules at all', () => {
    const result = parseChannels('{"utm_source": "google"}\n');
    expect(result.tree.statements).toEqual([]);
    expect(result.errors.map((e) => e.message)).toEqual([
      'unexpected `{`: expected `channel`, `list`, `expect` or `otherwise`',
    ]);
  });
});

describe('nesting limit', () => {
  const nested = (n: number) => `${'('.repeat(n)}a exists${')'.repeat(n)}`;

  it(`parses conditions nested ${MAX_NESTING} levels deep`, () => {
    const result = parseChannels(`channel "X" when ${nested(MAX_NESTING)}`);
    expect(result.errors).toEqual([]);
    const notChain = parseChannels(`channel "X" when ${'not '.repeat(MAX_NESTING)}a exists`);
    expect(notChain.errors).toEqual([]);
  });

  it('reports a deeper condition at the level that is too deep, and parses everything after it', () => {
    const text = `channel "X" when b exists and ${nested(5000)}\n  when c exists\nchannel "Y" when d exists`;
    const result = parseChannels(text);
    const tooDeep = text.indexOf('(') + MAX_NESTING;
    expect(result.errors).toEqual([
      {
        code: 'syntax',
        message: `this condition nests more than ${MAX_NESTING} levels deep (parentheses and \`not\`); simplify it`,
        span: { start: tooDeep, end: tooDeep + 1 },
      },
    ]);
    expect(treeViolations(text, result, { strict: false })).toEqual([]);
    expect(printTree(result.tree).split('\n').map((line) => line.replace(/\(paren .*/, '…'))).toEqual([
      '(channel "X" (when (and (exists b) …',
      '(channel "Y" (when (exists d)))',
    ]);
    const x = result.tree.statements[0];
    expect(x.kind === 'channel' && x.rules.length).toBe(2);
  });

  it('counts `not` and parentheses together, and only a `not` that negates a condition', () => {
    const half = MAX_NESTING / 2;
    const ok = `channel "X" when ${'not ('.repeat(half)}a not in l${')'.repeat(half)}`;
    expect(parseChannels(ok).errors).toEqual([]);
    const over = `channel "X" when ${'not ('.repeat(half)}not a exists${')'.repeat(half)}`;
    expect(parseChannels(over).errors.map((e) => over.slice(e.span.start, e.span.end))).toEqual(['not']);
  });
});
