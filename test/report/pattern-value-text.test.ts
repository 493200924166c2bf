// A value in the trust tables (engine/report/pattern-value-text): a missing or null
// field is `(missing)`, and no real string reads like it or like another string once a
// format has shown it (SPEC §2.3: `(not set)` and `(missing)` are ordinary strings).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { code as markdownCode, tableCell, text as markdownText } from '../../cli/format/markdown-text';
import { escapeLine } from '../../cli/format/terminal-text';
import { MISSING_VALUE, patternValueText, valueText } from '../../engine/report/pattern-value-text';

// Line breaks and control characters: text escapes them as backslash sequences (so `a` LF `b` read like `a\nb`), Markdown shows a line break as a space.
// Lone surrogates: UTF-8 output writes each as U+FFFD, so they read like it (halves of a pair too, when split).
const HAZARDS = [MISSING_VALUE, '(not set)', '', '"', '""', '"(missing)"', '\\', ' ', '\n', '\\n', '\r', '\r\n', '\t', '\\t', '\x7f', '\\177', '\x85', '\u00a0', 'a', '\ud800', '\udc00', '\ud83d', '\ude00', '\ufffd', '\\ud800'];
const value = fc.oneof(fc.constant(null), fc.constantFrom(...HAZARDS), fc.string({ maxLength: 12 }), fc.string({ maxLength: 6, unit: 'binary' }), fc.array(fc.constantFrom(...HAZARDS), { maxLength: 3 }).map((parts) => parts.join('')));

/** What output in UTF-8 reads back: a lone surrogate as U+FFFD, as stdout, a file or the page shows it. */
const written = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

/** What each format writes for a value: the cell's text, then the text or Markdown table's escaping of it, as UTF-8 output reads. */
const FORMATS: Record<string, (value: string | null) => string> = {
  cell: (value) => written(patternValueText(value)),
  text: (value) => written(escapeLine(patternValueText(value))),
  markdown: (value) => written(tableCell(markdownText(patternValueText(value)))),
};

describe('patternValueText', () => {
  it('shows null as (missing) and a real "(missing)" quoted, so they differ', () => {
    expect(patternValueText(null)).toBe('(missing)');
    expect(patternValueText('(missing)')).toBe('"(missing)"');
    expect(patternValueText('(not set)')).toBe('(not set)');
    expect(patternValueText('')).toBe('""');
    expect(patternValueText('""')).toBe('"\\"\\""');
    expect(patternValueText('banner')).toBe('banner');
  });

  it('quotes a value with a backslash, a control character or a line break, or white space at an end', () => {
    expect(patternValueText('a\nb')).toBe('"a\\nb"');
    expect(patternValueText('a\\nb')).toBe('"a\\\\nb"');
    expect(patternValueText('a\tb')).toBe('"a\\tb"');
    expect(patternValueText('a\x7fb')).toBe('"a\x7fb"');
    expect(patternValueText(' a')).toBe('" a"');
    expect(patternValueText('a ')).toBe('"a "');
    expect(patternValueText('a b')).toBe('a b');
    expect(valueText('(unclassified)', '(unclassified)')).toBe('"(unclassified)"');
    expect(valueText('(missing)')).toBe('(missing)');
  });

  it('quotes a value with a lone surrogate, which UTF-8 output shows as U+FFFD, and keeps a surrogate pair as it is', () => {
    expect(patternValueText('x\ud800y')).toBe('"x\\ud800y"');
    expect(patternValueText('x\udc00')).toBe('"x\\udc00"');
    expect(patternValueText('\ude00\ud83d')).toBe('"\\ude00\\ud83d"');
    expect(patternValueText('x\ufffdy')).toBe('x\ufffdy');
    expect(patternValueText('x\ud83d\ude00y')).toBe('x\ud83d\ude00y');
    expect(valueText('x\ud800y')).toBe('"x\\ud800y"');
  });

  for (const [format, display] of Object.entries(FORMATS)) {
    it(`is one-to-one over null and every string (${format})`, () => {
      fc.assert(
        fc.property(value, value, (a, b) => {
          if (a !== b) expect(display(a)).not.toBe(display(b));
        }),
        { numRuns: 5000 },
      );
    });
  }

  it('never starts or ends with white space, which padding and table cells hide', () => {
    fc.assert(
      fc.property(value, (a) => {
        expect(patternValueText(a)).not.toMatch(/^\s|\s$/);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('Markdown code spans', () => {
  it('hold text with 150,000 runs of backticks (Math.max spread them: a stack overflow in diff --format markdown)', () => {
    const text = '`a'.repeat(150_000);
    expect(markdownCode(text)).toBe(`\`\` ${text} \`\``);
  });
});
