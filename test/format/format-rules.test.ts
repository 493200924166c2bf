import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { formatRules } from '../../engine/format/format-rules';
import { formatDocumentEdits, formatRangeEdits, minimalEdits, type TextEdit } from '../../engine/format/format-edits';
import { meaningFingerprint } from '../../engine/format/meaning-fingerprint';
import { rulesFile } from './arbitrary-rules';
import { relayout, relayoutChoices } from './relayout';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'format');

function format(text: string, width?: number): string | undefined {
  return formatRules(text, parseChannels(text), width === undefined ? {} : { width })?.text;
}

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  }
  return out;
}

const fixtures = fs
  .readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.input.channels'))
  .map((file) => file.replace('.input.channels', ''));

describe('formatter fixtures', () => {
  it.each(fixtures)('%s', (name) => {
    const input = fs.readFileSync(path.join(FIXTURES, `${name}.input.channels`), 'utf8');
    const expected = fs.readFileSync(path.join(FIXTURES, `${name}.expected.channels`), 'utf8');
    const width = /^# width: (\d+)/.exec(input)?.[1];
    expect(format(input, width === undefined ? undefined : Number(width))).toBe(expected);
    // The expected layout is canonical: formatting it again changes nothing.
    expect(format(expected, width === undefined ? undefined : Number(width))).toBe(expected);
  });

  it('formats the examples idempotently, keeping every comment', () => {
    for (const file of ['amplitude-example.channels', 'ga4-default.channels']) {
      const text = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8');
      const once = format(text)!;
      expect(once).toBeDefined();
      expect(format(once)).toBe(once);
      expect(parseChannels(once).comments.map((comment) => comment.text)).toEqual(parseChannels(text).comments.map((comment) => comment.text));
    }
  });
});

describe('formatter refuses what it cannot format exactly', () => {
  it.each([
    ['a syntax error', 'channel "A"\n  when utm_source = \n'],
    ['an unclosed list', 'list a = ["x", "y"\n'],
    ['a channel without rules', 'channel "A"\nchannel "B" when x exists\n'],
  ])('%s', (_, text) => {
    expect(format(text)).toBeUndefined();
    expect(formatDocumentEdits(text, parseChannels(text))).toBeUndefined();
  });

  it('formats an empty file and a comment-only file', () => {
    expect(format('')).toBe('');
    expect(format('\n\n')).toBe('');
    expect(format('  # only a comment   \n\n\n# and another\n')).toBe('# only a comment\n\n# and another\n');
  });
});

describe('formatter properties', () => {
  it('the layout of the input does not matter', () => {
    fc.assert(
      fc.property(rulesFile, relayoutChoices(false), relayoutChoices(false), (file, a, b) => {
        const first = format(relayout(file, a));
        expect(first).toBeDefined();
        expect(format(relayout(file, b))).toBe(first);
      }),
      { numRuns: 150 },
    );
  });

  it('is idempotent and keeps every comment, wherever comments are', () => {
    fc.assert(
      fc.property(rulesFile, relayoutChoices(true), fc.constantFrom(20, 60, 120), (file, choices, width) => {
        const input = relayout(file, choices);
        const once = format(input, width);
        expect(once).toBeDefined();
        expect(format(once!, width)).toBe(once);
        expect(parseChannels(once!).comments.map((comment) => comment.text)).toEqual(parseChannels(input).comments.map((comment) => comment.text.trimEnd()));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps lines within the width when they can break', () => {
    fc.assert(
      fc.property(rulesFile, relayoutChoices(false), (file, choices) => {
        const once = format(relayout(file, choices), 60)!;
        for (const line of once.split('\n')) {
          // A single string, regex or name cannot break; everything else fits.
          if (line.length > 60) expect(line.trim()).not.toMatch(/^(list|expect|channel) .*[,] /);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('range formatting of every statement equals document formatting', () => {
    fc.assert(
      fc.property(rulesFile, relayoutChoices(true), (file, choices) => {
        const input = relayout(file, choices);
        const parsed = parseChannels(input);
        const whole = apply(input, formatDocumentEdits(input, parsed)!);
        const ranged = apply(input, formatRangeEdits(input, parsed, { start: 0, end: input.length })!);
        // The range covers statements only: the file's ends (blank lines, comments) may differ.
        expect(format(ranged)).toBe(whole);
      }),
      { numRuns: 100 },
    );
  });

  it('range formatting of any range keeps what the file says and every comment', () => {
    fc.assert(
      fc.property(rulesFile, relayoutChoices(true), fc.nat(), fc.nat(), (file, choices, a, b) => {
        const input = relayout(file, choices);
        const parsed = parseChannels(input);
        const [from, to] = [a % (input.length + 1), b % (input.length + 1)].sort((x, y) => x - y) as [number, number];
        const ranged = apply(input, formatRangeEdits(input, parsed, { start: from, end: to })!);
        const reparsed = parseChannels(ranged);
        expect(reparsed.errors, ranged).toEqual([]);
        expect(meaningFingerprint(reparsed), ranged).toBe(meaningFingerprint(parsed));
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatting edits', () => {
  it('formats only the statements a range touches', () => {
    const text = 'list a = [ "x" ,"y" ]\nchannel  "A"\n   when x   exists\nlist b=["z"]\n';
    const parsed = parseChannels(text);
    const middle = text.indexOf('when');
    const edits = formatRangeEdits(text, parsed, { start: middle, end: middle + 2 })!;
    expect(apply(text, edits)).toBe('list a = [ "x" ,"y" ]\n\nchannel "A"\n  when x exists\nlist b=["z"]\n');
  });

  it.each([
    [
      'a comment moved to its end (rule B was commented out)',
      'channel "A" when a # c\n= "1" channel "B" when b = "2"\notherwise "C"\n',
      'channel "A"\n  when a = "1" # c\n\nchannel "B" when b = "2"\notherwise "C"\n',
    ],
    [
      'a comment moved out of parentheses (otherwise was commented out)',
      'channel "A" when (a = "1" # c\n) otherwise "B"\n',
      'channel "A"\n  when (a = "1") # c\n\notherwise "B"\n',
    ],
    ['nothing at its end (`existschannel`, a syntax error)', 'channel "A" when a exists channel "B" when b exists\n', 'channel "A"\n  when a exists\n\nchannel "B" when b exists\n'],
  ])('puts the next statement on a line of its own when it started on the line the range ends: %s', (_, text, expected) => {
    const edits = formatRangeEdits(text, parseChannels(text), { start: 0, end: 5 })!;
    expect(apply(text, edits)).toBe(expected);
  });

  it('trims edits to what changes', () => {
    expect(minimalEdits('abcdef', { start: 0, end: 6 }, 'abXdef')).toEqual([{ span: { start: 2, end: 3 }, newText: 'X' }]);
    expect(minimalEdits('same', { start: 0, end: 4 }, 'same')).toEqual([]);
  });

  it('keeps CRLF line endings', () => {
    const text = 'channel "A"\r\n when x  exists\r\n';
    expect(format(text)).toBe('channel "A"\r\n  when x exists\r\n');
  });

  it('gives a CRLF file the layout of the same file with LF (a CRLF was read as two line breaks: a blank line)', () => {
    fc.assert(
      fc.property(rulesFile, (text) => {
        const lf = format(text.replace(/\r\n/g, '\n'));
        if (lf === undefined) return;
        expect(format(text.replace(/\r?\n/g, '\r\n'))).toBe(lf.replace(/\n/g, '\r\n'));
      }),
      { numRuns: 300 },
    );
    const lists = 'list x = ["a"]\nlist y = ["b"]\nexpect "A" for {a: "x"}\nexpect unclassified for {}\nchannel "A"\n  when a = "x"\n  # c2\n  when b = "y"\n';
    expect(format(lists.replace(/\n/g, '\r\n'))).toBe(format(lists)!.replace(/\n/g, '\r\n'));
  });

  it.each([
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('keeps a line break inside a backtick name as written in a %s file (the file was refused as a formatter bug)', (_, eol) => {
    const text = ['channel "A"', '  when `a\nb` = "x"', 'otherwise "B"', ''].join(eol);
    expect(format(text)).toBe(['channel "A"', '  when `a\nb` = "x"', '', 'otherwise "B"', ''].join(eol));
    // The file's line ending is not taken from inside a name on its first line.
    const firstLine = ['expect "A" for { `a\nb`: "x" }', 'expect "B" for {}', ''].join(eol);
    expect(format(firstLine)).toBe(['expect "A" for { `a\nb`: "x" }', 'expect "B" for {}', ''].join(eol));
    expect(format(text.replaceAll(eol, '\n').replace('`a\nb`', `\`a${eol}b\``))).toBe(['channel "A"', `  when \`a${eol}b\` = "x"`, '', 'otherwise "B"', ''].join('\n'));
    fc.assert(
      fc.property(rulesFile, (file) => {
        const text = file.replace(/\n/g, eol);
        const plain = format(text);
        if (plain === undefined) return;
        expect(format(text.replaceAll('`odd name`', '`odd\nname`'))).toBe(plain.replaceAll('`odd name`', '`odd\nname`'));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps a leading U+FEFF (a byte order mark), which LSP clients other than VS Code send', () => {
    for (const text of ['\uFEFFchannel "A"\n when x  exists\n', '\uFEFF  channel "A"\r\n  when x exists\r\n', '\uFEFF# only a comment\n', '\uFEFF']) {
      const parsed = parseChannels(text);
      const whole = apply(text, formatDocumentEdits(text, parsed)!);
      expect(whole).toBe(`\uFEFF${format(text.slice(1))}`);
      for (const range of [{ start: 0, end: text.length }, { start: 0, end: 0 }, { start: 1, end: 2 }]) {
        const ranged = apply(text, formatRangeEdits(text, parsed, range)!);
        expect(ranged.startsWith('\uFEFF'), JSON.stringify([text, range])).toBe(true);
      }
    }
    // Formatted already: no edit at all.
    const formatted = '\uFEFFchannel "A"\n  when x exists\n';
    expect(formatDocumentEdits(formatted, parseChannels(formatted))).toEqual([]);
    expect(formatRangeEdits(formatted, parseChannels(formatted), { start: 0, end: formatted.length })).toEqual([]);
  });
});
