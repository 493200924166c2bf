import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYWORDS } from '../../grammar/lexer';

const root = join(__dirname, '../..');
const grammarPath = join(root, 'grammar/channels.tmLanguage.json');
const fixtures = join(__dirname, 'textmate');

describe('TextMate grammar', () => {
  it('passes every fixture of test/grammar/textmate (vscode-tmgrammar-test)', () => {
    const files = readdirSync(fixtures).filter((f) => f.endsWith('.channels'));
    expect(files.length).toBeGreaterThan(0);
    const run = spawnSync(
      join(root, 'node_modules/.bin/vscode-tmgrammar-test'),
      ['--compact', '-g', grammarPath, ...files.map((f) => join(fixtures, f))],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.error).toBeUndefined();
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/ERROR/);
    expect(run.status).toBe(0);
  });

  it('highlights every reserved word of the language', () => {
    const grammar = readFileSync(grammarPath, 'utf8');
    for (const word of KEYWORDS) expect(grammar).toMatch(new RegExp(`[(:|]${word}[|)]`));
  });
});

describe('language configuration', () => {
  const config = JSON.parse(readFileSync(join(root, 'grammar/language-configuration.json'), 'utf8'));
  const word = new RegExp(config.wordPattern, 'g');
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);

  it('takes identifiers with `-` and `$` as one word', () => {
    expect('when utm-source$x = "a"'.match(word)).toEqual(['when', 'utm-source$x', 'a']);
    expect('référent exists'.match(word)).toEqual(['référent', 'exists']);
  });

  it('indents the line after `channel "X"` and after an open bracket', () => {
    expect(increase.test('channel "Paid Search"')).toBe(true);
    expect(increase.test('  channel "X" # comment')).toBe(true);
    expect(increase.test('list sites = [')).toBe(true);
    expect(increase.test('expect "X" for {  # fields')).toBe(true);
    expect(increase.test('  when a = "b"')).toBe(false);
    expect(increase.test('channels exists')).toBe(false);
    expect(increase.test('# a comment with [')).toBe(false);
  });

  it('outdents a new statement and a closing bracket', () => {
    for (const line of ['  channel "Y"', '  list l = []', '  expect "X" for {}', '  otherwise "O"', '  ]', '}']) {
      expect(decrease.test(line)).toBe(true);
    }
    expect(decrease.test('  when a exists')).toBe(false);
    expect(decrease.test('  lists exists')).toBe(false);
  });

  it('auto-closes quotes, backticks and brackets, except inside strings and comments', () => {
    const pairs = config.autoClosingPairs.map((p: { open: string; close: string; notIn: string[] }) => [p.open, p.close, p.notIn]);
    expect(pairs).toEqual([
      ['"', '"', ['string', 'comment']],
      ['`', '`', ['string', 'comment']],
      ['[', ']', ['string', 'comment']],
      ['(', ')', ['string', 'comment']],
      ['{', '}', ['string', 'comment']],
    ]);
    expect(config.comments).toEqual({ lineComment: '#' });
  });
});
