// The automaton of a `matches` test accepts exactly the strings in which the engine's
// RegExp (flags `u` / `iu`) finds a match: random patterns with anchors, word
// boundaries, classes, quantifiers and case folding, against RegExp.prototype.test on
// every string up to length 4 over an alphabet with case pairs (k, K and the Kelvin
// sign, which folds to k).

import fc from 'fast-check';
import { Words } from 'refa';
import { describe, expect, it } from 'vitest';
import { regexSearchLanguage, regexSearchSamples } from '../../engine/analysis/regex-language';

const ALPHABET = ['a', 'b', 'k', 'K', '\u212a', '-', ' '];

function* strings(alphabet: readonly string[], maxLength: number): Iterable<string> {
  let level = [''];
  yield '';
  for (let length = 1; length <= maxLength; length++) {
    level = level.flatMap((prefix) => alphabet.map((char) => prefix + char));
    yield* level;
  }
}
const ALL_STRINGS = [...strings(ALPHABET, 4)];

const atom = fc.constantFrom('a', 'b', 'k', 'K', '.', '[ab]', '[^a]', '\\w', '\\W', '\\s', '-', '[a-k]', '\\u212a');
const assertion = fc.constantFrom('^', '$', '\\b', '\\B');
const pattern: fc.Arbitrary<string> = fc.letrec<{ regex: string }>((tie) => ({
  regex: fc.oneof(
    { depthSize: 'small' },
    atom,
    assertion,
    fc.tuple(tie('regex'), tie('regex')).map(([a, b]) => `${a}${b}`),
    fc.tuple(tie('regex'), tie('regex')).map(([a, b]) => `(?:${a}|${b})`),
    fc.tuple(tie('regex'), fc.constantFrom('*', '+', '?', '{2}', '{0,2}', '{1,}')).map(([a, q]) => `(?:${a})${q}`),
  ),
})).regex;

describe('regex search languages', () => {
  it('accept exactly what RegExp.prototype.test accepts', () => {
    fc.assert(
      fc.property(pattern, fc.boolean(), (source, ignoreCase) => {
        const language = regexSearchLanguage(source, ignoreCase, { maxNodes: 20_000 });
        expect(language.exact).toBe(true);
        const regex = new RegExp(source, ignoreCase ? 'iu' : 'u');
        for (const text of ALL_STRINGS) {
          expect(language.over.test(Words.fromStringToUnicode(text)), `/${source}/${ignoreCase ? 'i' : ''} on ${JSON.stringify(text)}`).toBe(regex.test(text));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('finds samples on the NFA that the regex matches', () => {
    fc.assert(
      fc.property(pattern, fc.boolean(), (source, ignoreCase) => {
        const regex = new RegExp(source, ignoreCase ? 'iu' : 'u');
        const samples = regexSearchSamples(source, ignoreCase, { maxNodes: 20_000 }, 5);
        for (const sample of samples) expect(regex.test(sample)).toBe(true);
        const language = regexSearchLanguage(source, ignoreCase, { maxNodes: 20_000 });
        expect(samples.length > 0).toBe(!language.over.isEmpty);
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['^(.*cp.*|ppc|retargeting|paid.*)$', true, ['cpc', 'CPM', 'ppc', 'paid_social'], ['cp\n', 'ppcx', 'organic']],
    ['^(.*(([^a-df-z]|^)shop|shopping).*)$', true, ['summer_shop', 'eshop', 'shop', 'SHOPPING'], ['workshop', 'bishop']],
    ['\\bk', true, ['k', 'a k', '\u212a'], ['ak', '']],
    ['a$|^b', false, ['a', 'xa', 'b', 'bx'], ['ax', 'xb', '']],
  ])('/%s/ (ignoring case: %s)', (source, ignoreCase, matching, notMatching) => {
    const language = regexSearchLanguage(source, ignoreCase, { maxNodes: 20_000 });
    for (const text of matching) expect(language.over.test(Words.fromStringToUnicode(text)), text).toBe(true);
    for (const text of notMatching) expect(language.over.test(Words.fromStringToUnicode(text)), text).toBe(false);
  });

  it('approximates what it cannot model: over ⊇ language ⊇ under', () => {
    // A two-character lookahead is outside what the product models exactly (the
    // checker refuses lookaround; the analysis must still be safe if one gets through).
    const language = regexSearchLanguage('a(?=bc)', false, { maxNodes: 20_000 });
    expect(language.exact).toBe(false);
    const regex = /a(?=bc)/u;
    for (const text of ['abc', 'ab', 'a', 'xabcx', 'bca']) {
      const word = Words.fromStringToUnicode(text);
      if (regex.test(text)) expect(language.over.test(word)).toBe(true);
      if (language.under.test(word)) expect(regex.test(text)).toBe(true);
    }
  });
});

// Characters whose case classes refa's tables (an older Unicode) read otherwise than the
// engine's (V8, Unicode 17): ɤ/Ɤ (U+0264, U+A7CB), ΐ/ΐ (U+0390, U+1FD3), ﬅ/ﬆ (U+FB05, U+FB06).
const NEWER_FOLDING = ['\u0264', '\ua7cb', '\u0390', '\u1fd3', '\ufb05', '\ufb06', 'a', 'K'];
const newerAtom = fc.constantFrom('\u0264', '\ua7cb', '\u1fd3', '\ufb05', '[^\u0264]', '[\u0264-\u0265]', '[^\u0390a]', '[\u1fd3a]', '.', '\\w', '\\W', 'a', '\\b');
const newerPattern = fc.array(fc.oneof(newerAtom, newerAtom.map((a) => `(?:${a})*`), fc.constantFrom('^', '$')), { minLength: 1, maxLength: 4 }).map((atoms) => atoms.join(''));

const NEWER_STRINGS = [...strings(NEWER_FOLDING, 3)];

describe('regex search languages ignoring case, where refa folds otherwise than the engine', () => {
  it('bound what RegExp.prototype.test accepts (under ⊆ it ⊆ over), exactly when they claim to', () => {
    fc.assert(
      fc.property(newerPattern, (source) => {
        const language = regexSearchLanguage(source, true, { maxNodes: 20_000 });
        const regex = new RegExp(source, 'iu');
        for (const text of NEWER_STRINGS) {
          const matches = regex.test(text);
          const word = Words.fromStringToUnicode(text);
          const where = `/${source}/i on ${JSON.stringify(text)}`;
          if (language.under.test(word)) expect(matches, where).toBe(true);
          if (matches) expect(language.over.test(word), where).toBe(true);
          if (language.exact) expect(language.over.test(word), where).toBe(matches);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are not exact for a character whose newer case class refa lacks', () => {
    expect(regexSearchLanguage('^\u0264$', true, { maxNodes: 20_000 }).exact).toBe(false);
    expect(regexSearchLanguage('^[a-z]+$', true, { maxNodes: 20_000 }).exact).toBe(true);
  });
});

describe('the cost of a regex automaton', () => {
  it('is bounded by the transitions its subset construction walks, not only by its states', () => {
    // 240 alternatives of one character, then 12 more after an `a`: a subset construction
    // with few enough states but thousands of alphabet cells, which took 42 s and 1.3 GB.
    const alternatives = Array.from({ length: 240 }, (_, k) => String.fromCharCode(0x4e00 + k * 3)).join('|');
    const source = `(?:[a-z]|${alternatives})*a[a-z]{12}$`;
    expect(() => regexSearchLanguage(source, false, { maxNodes: 10_000 })).toThrow('the regex is too large to analyse');
  });
});
