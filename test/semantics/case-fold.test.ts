import { describe, expect, it } from 'vitest';
import { caseClassOf, foldCase, foldCodePoint } from '../../engine/semantics/case-fold';
import { escapeRegexLiteral } from '../../engine/semantics/value-test';

const MAX = 0x10ffff;
const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;
const char = (c: number) => String.fromCodePoint(c);
const regexChar = (c: number) => `\\u{${c.toString(16)}}`;
const sameIgnoringCase = (a: string, b: string) => new RegExp(`^${escapeRegexLiteral(a)}$`, 'iu').test(b);

/** A regex character class source for a sorted list of code points, as ranges. */
function classSource(sorted: number[]): string {
  let source = '';
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    source += i === j ? regexChar(sorted[i]!) : `${regexChar(sorted[i]!)}-${regexChar(sorted[j]!)}`;
    i = j + 1;
  }
  return source;
}

/** UTF-16 units of `text` that an `iu` class of these code points matches. */
function unitsMatched(sorted: number[], text: string): number {
  if (sorted.length === 0) return 0;
  return text.length - text.replace(new RegExp(`[${classSource(sorted)}]`, 'giu'), '').length;
}
const units = (codePoints: number[]) => codePoints.reduce((n, c) => n + (c > 0xffff ? 2 : 1), 0);

function textOf(codePoints: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < codePoints.length; i += 8192) parts.push(String.fromCodePoint(...codePoints.slice(i, i + 8192)));
  return parts.join('');
}

describe('foldCase: equal ignoring case exactly as an iu regex', () => {
  const table: Array<[string, string, boolean]> = [
    ['Google', 'gOOGLE', true],
    ['ß', 'ẞ', true], // U+1E9E capital sharp s folds to ß (simple folding)
    ['ß', 'ss', false], // full folding would say equal; simple folding does not
    ['STRASSE', 'straße', false],
    ['ı', 'i', false], // Turkish dotless ı has no simple fold to i
    ['ı', 'I', false],
    ['İ', 'i', false], // Turkish capital İ only folds with the Turkic (T) mappings
    ['İ', 'i̇', false],
    ['σ', 'Σ', true],
    ['ς', 'σ', true], // final sigma
    ['ς', 'Σ', true],
    ['\u212a', 'k', true], // KELVIN SIGN (written escaped: NFC would turn it into K)
    ['\u212a', 'K', true],
    ['\u2126', '\u03c9', true], // OHM SIGN and ω
    ['ſ', 's', true], // U+017F LONG S
    ['ǅ', 'ǆ', true], // titlecase digraph
    ['ǅ', 'Ǆ', true],
    ['Ꭰ', 'ꭰ', true], // Cherokee folds to upper case
    ['𐐀', '𐐨', true], // Deseret (astral)
    ['Ᲊ', 'ᲊ', true], // U+1C89/U+1C8A, Unicode 16: newer than refa's data
    ['µ', 'μ', true], // micro sign and Greek mu
    ['ﬀ', 'ff', false], // ligature: full folding only
    ['\u00e9', '\u00c9', true],
    ['\u00e9', 'e\u0301', false], // precomposed vs e + combining accent: no normalisation
    ['\ud800', '\ud800', true], // lone surrogates are their own class
    ['\ud800', '\udc00', false],
    ['', '', true],
  ];
  it.each(table)('%j vs %j → %s', (a, b, equal) => {
    expect(sameIgnoringCase(a, b)).toBe(equal); // the definition
    expect(foldCase(a) === foldCase(b)).toBe(equal);
  });

  it('returns the same string object when nothing changes', () => {
    const value = 'utm_source=google&x=ü';
    expect(foldCase(value)).toBe(value);
    expect(foldCase('Mixed ẞ 𐐀 Case')).toBe('mixed ß 𐐨 case');
  });

  it('keeps UTF-16 length and lone surrogates', () => {
    for (const s of ['A\ud800B', '\udc00Σ', '𐐀\ud800', 'x\udbff']) {
      expect(foldCase(s).length).toBe(s.length);
      expect(sameIgnoringCase(s, foldCase(s))).toBe(true);
    }
  });

  it('classes list every member once, canonical first', () => {
    expect([...caseClassOf(0x6b)].sort((a, b) => a - b)).toEqual([0x4b, 0x6b, 0x212a]);
    expect(char(caseClassOf(0x212a)[0]!)).toBe('k');
    expect(caseClassOf(0x3a3).map(char).sort()).toEqual(['Σ', 'ς', 'σ'].sort());
    expect(caseClassOf(0x31)).toEqual([0x31]);
  });

  // Over every code point: a ~ b (an `iu` regex of a matches b) ⇔ fold(a) = fold(b).
  // (⇐) every code point matches its fold. (⇒) for each bit of the fold, the set of
  // code points whose fold has that bit is closed under the regex's equivalence (an
  // `iu` class of the set matches nothing outside it), so equivalent code points have
  // folds with the same bits. Classes are matched over texts that hold every code
  // point; astral sets are checked per 1024-code-point block after showing that no
  // equivalence leaves a block, because V8 is slow on fragmented astral classes.
  it('agrees with new RegExp(…, "iu") on every code point', () => {
    const all: number[] = [];
    for (let c = 0; c <= MAX; c++) if (!isSurrogate(c)) all.push(c);
    const bmp = all.filter((c) => c < 0x10000);
    const astral = all.filter((c) => c >= 0x10000);
    const allText = textOf(all);
    const bmpText = textOf(bmp);

    // (⇐) each code point is equal, ignoring case, to its fold.
    const mismatched: string[] = [];
    for (const c of all) {
      const folded = foldCodePoint(c);
      if (foldCase(char(c)) !== char(folded)) mismatched.push(`foldCase(U+${c.toString(16)})`);
      if ((folded !== c || c < 0x10000) && !new RegExp(`^${escapeRegexLiteral(char(c))}$`, 'iu').test(char(folded))) {
        mismatched.push(`U+${c.toString(16)} ≁ U+${folded.toString(16)}`);
      }
    }
    expect(mismatched).toEqual([]);

    // No astral code point is equivalent to one in another 1024-block (or in the BMP).
    const leaks: string[] = [];
    for (let bit = 10; bit <= 20; bit++) {
      const set = astral.filter((c) => (c >> bit) & 1);
      if (unitsMatched(set, allText) !== units(set)) leaks.push(`astral bit ${bit}`);
    }
    // Within each astral block, and within the BMP, fold bits are closed sets.
    for (let block = 0x10000; block <= MAX; block += 1024) {
      const members = astral.slice(block - 0x10000, block - 0x10000 + 1024);
      const text = textOf(members);
      for (let bit = 0; bit < 10; bit++) {
        const set = members.filter((c) => (foldCodePoint(c) >> bit) & 1);
        if (unitsMatched(set, text) !== units(set)) leaks.push(`block U+${block.toString(16)} bit ${bit}`);
      }
    }
    for (let bit = 0; bit < 16; bit++) {
      const set = bmp.filter((c) => (foldCodePoint(c) >> bit) & 1);
      if (unitsMatched(set, bmpText) !== units(set)) leaks.push(`BMP bit ${bit}`);
    }
    expect(leaks).toEqual([]);
  });

  it('lone surrogates are alone in their class', () => {
    const surrogates: number[] = [];
    for (let c = 0xd800; c <= 0xdfff; c++) surrogates.push(c);
    // Separated by spaces so that no two of them form a pair.
    const text = surrogates.map((c) => String.fromCharCode(c)).join(' ');
    for (let bit = 0; bit < 11; bit++) {
      const set = surrogates.filter((c) => (c >> bit) & 1);
      expect(unitsMatched(set, text)).toBe(set.length);
    }
    for (const c of surrogates) expect(foldCase(String.fromCharCode(c))).toBe(String.fromCharCode(c));
  });
});
