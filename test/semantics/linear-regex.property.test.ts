// LinearRegex answers what `new RegExp(pattern, 'u' | 'iu').test(value)` answers (SPEC
// §2.3), on random patterns of the subset and random values short enough for the
// backtracking engine to be fast; and it answers in linear time where RegExp does not.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinearRegex, RegexTooLargeError, RegexUnsupportedError } from '../../engine/semantics/linear-regex';
import { randomRegex, randomValue } from './random-regex';

function native(pattern: string, ignoreCase: boolean, value: string): boolean {
  return new RegExp(pattern, ignoreCase ? 'iu' : 'u').test(value);
}

describe('LinearRegex', () => {
  it('equals RegExp on random patterns and values, with and without ignoring case', () => {
    fc.assert(
      fc.property(randomRegex(), fc.boolean(), fc.array(randomValue(), { minLength: 1, maxLength: 8 }), (pattern, ignoreCase, values) => {
        const regex = new LinearRegex(pattern, ignoreCase);
        for (const value of values) {
          expect(regex.test(value), `/${pattern}/${ignoreCase ? 'i' : ''} on ${JSON.stringify(value)}`).toBe(native(pattern, ignoreCase, value));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('equals RegExp on chosen edge cases', () => {
    const cases: Array<[string, string[]]> = [
      ['ſ', ['s', 'S', 'ſ', 'x']],
      ['k', ['K', '\u212a', 'k']],
      ['ß', ['ẞ', 'ss', 'SS']],
      ['σ', ['ς', 'Σ']],
      ['[^a]', ['A', 'a', 'b', '']],
      ['[^k]', ['\u212a', 'K']],
      ['\\w', ['ſ', '\u212a', 'é']],
      ['\\W', ['ſ', '\u212a', 'é']],
      ['a\\b', ['aſ', 'a\u212a', 'a', 'a.']],
      ['\\Bſ', ['aſ', 'ſ']],
      ['^$', ['', '\n']],
      ['^a$', ['a', 'a\n', '\na']],
      ['a$|^b', ['xa', 'bx', 'ab']],
      ['.', ['\n', '\r', '\u2028', '\u2029', '\ud83d', '😀']],
      ['^.$', ['😀', '\ud83d\ude00', '\ud83d', '\ude00\ud83d']],
      ['\\ud83d', ['😀', '\ud83d', '\ud83dx']],
      ['\\ude00', ['😀', '\ude00']],
      ['[\\ud83d\\ude00]', ['😀', '\ud83d']],
      ['(?:)', ['']],
      ['(a*)*b', ['aaab', 'aaa']],
      ['(?:a|)+$', ['b', '']],
      ['(?:\\b|a)+c', ['c', 'ac', ' c', 'aac']],
      ['(?:^)*a', ['ba']],
      ['a{0}b', ['b', 'ab']],
      ['(a|ab)(c|bcd)(d*)', ['abcd']],
      ['\\s', ['\ufeff', '\u00a0', '\u180e', '\u3000']],
      ['[\\s\\S]', ['\n', '']],
    ];
    for (const [pattern, values] of cases) {
      for (const ignoreCase of [false, true]) {
        const regex = new LinearRegex(pattern, ignoreCase);
        for (const value of values) {
          expect(regex.test(value), `/${pattern}/${ignoreCase ? 'i' : ''} on ${JSON.stringify(value)}`).toBe(native(pattern, ignoreCase, value));
        }
      }
    }
  });

  it('gives the same answers after its cache of states is dropped', () => {
    // Each distinct prefix of a counted repeat is a state: far more than the cache holds.
    const regex = new LinearRegex('(?:[ab]*a[ab]{12})$', false);
    const values = fc.sample(fc.array(fc.constantFrom('a', 'b'), { minLength: 10, maxLength: 40 }).map((parts) => parts.join('')), { numRuns: 3000, seed: 7 });
    for (const value of values) expect(regex.test(value), value).toBe(native('(?:[ab]*a[ab]{12})$', false, value));
  });

  it('matches /(a|aa)*b/ and /a+b/ against long values without backtracking', () => {
    // RegExp takes seconds on 25 `a`s then `c` for the first, and minutes for the second on 1 MB.
    const exponential = new LinearRegex('(a|aa)*b', false);
    expect(exponential.test(`${'a'.repeat(50_000)}c`)).toBe(false);
    expect(exponential.test(`${'a'.repeat(50_000)}b`)).toBe(true);
    const quadratic = new LinearRegex('a+b', true);
    expect(quadratic.test('a'.repeat(1_000_000))).toBe(false);
    expect(quadratic.test(`${'a'.repeat(1_000_000)}B`)).toBe(true);
  });

  it('refuses what is outside the subset and patterns too large to expand', () => {
    expect(() => new LinearRegex('(a)\\1', false)).toThrow(RegexUnsupportedError);
    expect(() => new LinearRegex('a(?=b)', false)).toThrow(RegexUnsupportedError);
    expect(() => new LinearRegex('(?<=a)b', false)).toThrow(RegexUnsupportedError);
    expect(() => new LinearRegex('(?i:a)', false)).toThrow(RegexUnsupportedError);
    expect(() => new LinearRegex('(?:(?:a{1000}){1000}){1000}', false)).toThrow(RegexTooLargeError);
  });
});
