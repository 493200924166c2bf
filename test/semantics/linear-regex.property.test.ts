// LinearRegex answers what `new RegExp(pattern, 'u' | 'iu').test(value)` answers (SPEC
// §2.3), on random patterns of the subset and random values short enough for the
// backtracking engine to be fast; and it answers in linear time where RegExp does not.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinearRegex, MAX_REGEX_STATES, RegexTooLargeError, RegexUnsupportedError } from '../../engine/semantics/linear-regex';
import { randomRegex, randomValue } from './random-regex';

/**
 * RegExp's answer, as the ECMAScript specification defines `test` with the `u` flag: a
 * match may start at every code point boundary, never inside a surrogate pair. V8 also
 * tries the middle of a pair, where `\B` holds (both sides are lone surrogates), so
 * `/\B/u.test('a😀a')` is true in Node although no match starts there by the spec (nor in
 * RE2); a sticky RegExp tried at each boundary is V8's own engine with the spec's loop.
 */
function native(pattern: string, ignoreCase: boolean, value: string): boolean {
  const sticky = new RegExp(pattern, ignoreCase ? 'iuy' : 'uy');
  for (let i = 0; i <= value.length; i++) {
    sticky.lastIndex = i;
    if (sticky.test(value)) return true;
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return false;
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

  it('follows the specification where V8 does not: no match starts inside a surrogate pair', () => {
    // V8 finds `\B` between the two halves of 😀; the ECMAScript spec, RE2 and the SQL do not.
    expect(new RegExp('\\B', 'u').exec('a😀a')?.index).toBe(2);
    for (const [pattern, value] of [['\\B', 'a😀a'], ['\\B|a', 'ſ𐐨ſ'], ['(?:\\B)+', 'b😀b']] as const) {
      expect(new LinearRegex(pattern, true).test(value), `/${pattern}/ on ${value}`).toBe(false);
      expect(native(pattern, true, value)).toBe(false);
    }
    expect(new LinearRegex('\\B', false).test('')).toBe(true);
  });

  it('gives the same answers after its cache of states is dropped', () => {
    // Each distinct prefix of a counted repeat is a state: far more than the cache holds.
    const regex = new LinearRegex('(?:[ab]*a[ab]{12})$', false);
    const values = fc.sample(fc.array(fc.constantFrom('a', 'b'), { minLength: 10, maxLength: 40 }).map((parts) => parts.join('')), { numRuns: 3000, seed: 7 });
    for (const value of values) expect(regex.test(value), value).toBe(native('(?:[ab]*a[ab]{12})$', false, value));
  });

  it('gives the same answers when a long value overflows the cache and is finished by NFA simulation', () => {
    // Only the `c` at the end of every other value can complete a match, so each value is read to its end.
    for (const pattern of ['a[ab]{12}c', 'a[ab]{12}$', 'a[ab ]{12}\\Bc', '\\Ba[ab ]{12}$', '(?:ab|a)[ab]{12}(?:c|$)']) {
      const regex = new LinearRegex(pattern, false);
      for (let seed = 1; seed <= 4; seed++) {
        let state = seed;
        const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) >> 16) & 63;
        const value = Array.from({ length: 20_000 }, () => {
          const r = random();
          return r < 2 ? ' ' : r < 33 ? 'a' : 'b';
        }).join('') + (seed % 2 === 0 ? 'c' : '');
        const drops = regex.cacheDrops;
        expect(regex.test(value), `/${pattern}/ seed ${seed}`).toBe(native(pattern, false, value));
        expect(regex.cacheDrops - drops, `/${pattern}/ seed ${seed} overflowed the cache twice`).toBeGreaterThanOrEqual(2);
      }
    }
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

  it('allows exactly MAX_REGEX_STATES states, as docs/language.md counts them (not the accepting state)', () => {
    // Ten copies of `[a-z]{1000}` were refused: the accepting state made them 10,001.
    const ten = new LinearRegex('[a-z]{1000}'.repeat(10), false);
    expect(ten.size).toBe(MAX_REGEX_STATES);
    expect(ten.test('q'.repeat(10_000))).toBe(true);
    expect(() => new LinearRegex(`${'[a-z]{1000}'.repeat(9)}a{1001}`, false)).toThrow(RegexTooLargeError);
    expect(() => new LinearRegex(`${'[a-z]{1000}'.repeat(10)}a`, true)).toThrow(RegexTooLargeError);
  });
});

describe('LinearRegex.testReporting', () => {
  it('reports its work as it goes, so that a caller can stop one long test part-way', () => {
    const value = 'a'.repeat(20_000);
    const whole = new LinearRegex('[a-z]{1000}!', false);
    expect(whole.test(value)).toBe(false);
    expect(whole.work).toBeGreaterThan(500_000);
    const stopped = new LinearRegex('[a-z]{1000}!', false);
    const reports: number[] = [];
    expect(() =>
      stopped.testReporting(value, (work) => {
        reports.push(work);
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(reports).toHaveLength(1);
    expect(stopped.work).toBeLessThan(200_000);
    // Stopped, it still answers as before.
    expect(stopped.test(value)).toBe(false);
    expect(stopped.test(`${'b'.repeat(1000)}!`)).toBe(true);
  });

  it('gives the answers test gives, also after a test it stopped part-way', () => {
    const patterns = ['[ab]{300}c', '(?:a|b){200}(?:ab|ba)c', 'a[a-c]{250}b$', '^(?:[ab]{100}|c{50})+$'];
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.array(fc.stringMatching(/^[abc]{0,1500}$/), { minLength: 1, maxLength: 4 }), (pattern, values) => {
        const regex = new LinearRegex(pattern, false);
        const reference = new LinearRegex(pattern, false);
        let reports = 0;
        for (const value of values) {
          // Stopped at its first report (if it makes one), then asked again whole.
          try {
            regex.testReporting(value, () => {
              reports++;
              throw new Error('stop');
            });
          } catch (error) {
            expect((error as Error).message).toBe('stop');
          }
          expect(regex.testReporting(value, () => void reports++)).toBe(reference.test(value));
          expect(regex.test(value)).toBe(reference.test(value));
        }
        return reports >= 0;
      }),
      { numRuns: 60 },
    );
    // The values above make it report: the stopped path is taken.
    const busy = new LinearRegex(patterns[0]!, false);
    let reports = 0;
    busy.testReporting('ab'.repeat(1500), () => void reports++);
    expect(reports).toBeGreaterThan(0);
  });
});
