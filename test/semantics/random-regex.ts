// Random regexes of the language's subset (SPEC §2.3: JavaScript `u` syntax shared with
// RE2) and random values, for the property tests of LinearRegex and the RE2 checks.
// Characters are chosen to hit case folding (ſ, K, ß/ẞ, σ/ς/Σ, İ/ı, Deseret), astral
// characters and lone surrogates, line terminators (which `.` does not match) and word
// boundaries.

import fc from 'fast-check';

const LITERALS = ['a', 'b', 'A', 'B', 's', 'S', 'ſ', 'k', 'K', '\u212a', 'ß', '\u1e9e', 'σ', 'ς', 'Σ', 'ı', 'İ', 'i', 'I',
  '𐐀', '𐐨', '😀', '1', '_', ' ', '-', '\\.', '\\/', '\\n', '\\r', '\\u2028', '\\u{1F600}', '\\ud83d', '\\x41', '\\t', '\\$', '\\^'];

const SETS = ['.', '\\w', '\\W', '\\d', '\\D', '\\s', '\\S'];

const CLASS_ITEMS = ['a', 'b', 'z', 'A', 'Z', 's', 'k', 'ß', 'σ', 'İ', '𐐀', '😀', '\\w', '\\d', '\\s', '\\W', '\\-', '\\]', '\\\\', '^', '.',
  'a-z', 'A-Z', '0-9', 'a-c', 'r-t', 'j-l', '\\u0100-\\u017f', '\\u{10400}-\\u{1044f}', '\\u2000-\\u2030', '\\n'];

const ASSERTIONS = ['^', '$', '\\b', '\\B'];

const QUANTIFIERS = ['*', '+', '?', '*?', '+?', '??', '{2}', '{0,1}', '{1,3}', '{2,}', '{0}', '{3}?'];

/** A random regex source of the subset. */
export function randomRegex(): fc.Arbitrary<string> {
  const characterClass = fc
    .tuple(fc.boolean(), fc.array(fc.constantFrom(...CLASS_ITEMS), { minLength: 1, maxLength: 4 }))
    .map(([negate, items]) => `[${negate ? '^' : ''}${items.join('')}]`);
  const { regex } = fc.letrec<{ regex: string; term: string; atom: string }>((tie) => ({
    regex: fc.array(tie('term'), { minLength: 1, maxLength: 3 }).map((terms) => terms.join('|')),
    term: fc.array(tie('atom'), { maxLength: 4 }).map((atoms) => atoms.join('')),
    atom: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: fc.constantFrom(...LITERALS) },
      { weight: 2, arbitrary: fc.constantFrom(...SETS) },
      { weight: 2, arbitrary: characterClass },
      { weight: 2, arbitrary: fc.constantFrom(...ASSERTIONS) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom('(?:', '('), tie('regex'), fc.constantFrom('', ...QUANTIFIERS))
          .map(([open, body, quantifier]) => `${open}${body})${quantifier}`),
      },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.oneof(fc.constantFrom(...LITERALS), fc.constantFrom(...SETS), characterClass), fc.constantFrom(...QUANTIFIERS))
          .map(([atom, quantifier]) => atom + quantifier),
      },
    ),
  }));
  return regex.filter((source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  });
}

const VALUE_PARTS = ['a', 'b', 'A', 'aa', 'ab', 's', 'S', 'ſ', 'k', 'K', '\u212a', 'ß', '\u1e9e', 'ss', 'σ', 'ς', 'Σ', 'ı', 'İ', 'i', 'I',
  '𐐀', '𐐨', '😀', '\ud83d', '\ude00', '1', '_', ' ', '-', '.', '/', '\n', '\r', '\u2028', '\t', '$', '^', 'z', 'é', '\u0101', '\u2010'];

/** A short random value (native RegExp stays fast on it whatever the pattern). */
export function randomValue(maxParts = 6): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...VALUE_PARTS), { maxLength: maxParts }).map((parts) => parts.join(''));
}
