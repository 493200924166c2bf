// The regex syntaxes of the dialects: RE2 (DuckDB, BigQuery), Java (Spark SQL),
// PostgreSQL ARE and Snowflake's POSIX ERE. ASCII letters, digits and space are
// written as themselves, ASCII punctuation backslashed, every other character as a
// code point escape (for Snowflake: as itself, escaped where ERE requires), so no
// character of a rule can be read as syntax.

import {
  complement,
  equal,
  has,
  normalize,
  simplifyOver,
  SURROGATES,
  subtract,
  type CodePointRange,
  type CodePointSet,
} from './code-point-set';
import type { RegexSyntax } from './regex-syntax';
import { SqlCompileError } from './sql-compile-error';

const ASCII_WORD: CodePointSet = normalize([
  { min: 0x30, max: 0x39 },
  { min: 0x41, max: 0x5a },
  { min: 0x5f, max: 0x5f },
  { min: 0x61, max: 0x7a },
]);

const NUL: CodePointRange = { min: 0, max: 0 };

function isAsciiAlphanumeric(codePoint: number): boolean {
  return (codePoint >= 0x30 && codePoint <= 0x39) || (codePoint >= 0x41 && codePoint <= 0x5a) || (codePoint >= 0x61 && codePoint <= 0x7a);
}

/** ASCII punctuation: a backslash makes each one literal in RE2, Java and ARE, in and out of brackets. */
function isAsciiPunctuation(codePoint: number): boolean {
  return (codePoint >= 0x21 && codePoint <= 0x2f) || (codePoint >= 0x3a && codePoint <= 0x40) || (codePoint >= 0x5b && codePoint <= 0x60) || (codePoint >= 0x7b && codePoint <= 0x7e);
}

/** The character as itself (letters, digits, space), a backslashed punctuation mark, or `escape`. */
function plainOr(codePoint: number, escape: (codePoint: number) => string): string {
  if (isAsciiAlphanumeric(codePoint) || codePoint === 0x20) return String.fromCodePoint(codePoint);
  if (isAsciiPunctuation(codePoint)) return `\\${String.fromCodePoint(codePoint)}`;
  return escape(codePoint);
}

function hex(codePoint: number, width = 1): string {
  return codePoint.toString(16).toUpperCase().padStart(width, '0');
}

/** `[…]` or `[^…]`, whichever needs fewer ranges, with characters printed by `char`. */
function bracket(set: CodePointSet, dontCare: CodePointSet, char: (codePoint: number) => string): string {
  const positive = simplifyOver(set, dontCare);
  const negative = simplifyOver(complement(set), dontCare);
  if (positive.length === 1 && positive[0]!.min === positive[0]!.max) return char(positive[0]!.min);
  const body = (ranges: CodePointSet) =>
    ranges.map((range) => (range.min === range.max ? char(range.min) : `${char(range.min)}-${char(range.max)}`)).join('');
  if (negative.length === 0) return `[${body(positive)}]`;
  return negative.length < positive.length ? `[^${body(negative)}]` : `[${body(positive)}]`;
}

/** `\b` / `\B` as lookarounds on an explicit word class (PostgreSQL, Java). */
function lookaroundBoundary(negate: boolean, wordClass: string): string {
  const isWordBefore = `(?<=${wordClass})`;
  const notWordBefore = `(?<!${wordClass})`;
  const isWordAfter = `(?=${wordClass})`;
  const notWordAfter = `(?!${wordClass})`;
  return negate
    ? `(?:${isWordBefore}${isWordAfter}|${notWordBefore}${notWordAfter})`
    : `(?:${isWordBefore}${notWordAfter}|${notWordBefore}${isWordAfter})`;
}

function re2Char(codePoint: number): string {
  return plainOr(codePoint, (other) => `\\x{${hex(other)}}`);
}

function re2(name: string): RegexSyntax {
  const dontCare = [SURROGATES];
  return {
    name,
    dontCare,
    set: (set) => bracket(set, dontCare, re2Char),
    group: (inner) => `(?:${inner})`,
    start: '^',
    // Without the m flag RE2's `$` is `\z`; written `\z` so the SQL holds no `$`.
    end: '\\z',
    wordBoundary(negate, word) {
      if (negate) {
        // RE2 reads UTF-8 bytes: between two bytes of one character outside ASCII both
        // sides are "not word", so its \B matches there (`\B` finds a match in "😀").
        throw new SqlCompileError(`\\B: ${name} also matches it between the bytes of a character outside ASCII, so it cannot be compiled exactly`);
      }
      if (!equal(word, ASCII_WORD)) {
        throw new SqlCompileError(
          `${negate ? '\\B' : '\\b'} ignoring case counts ſ (U+017F) and K (U+212A) as word characters; ${name}'s ASCII word boundary does not, so it cannot be compiled exactly`,
        );
      }
      return negate ? '\\B' : '\\b';
    },
    maxRepeat: 1000,
  };
}

export const RE2_DUCKDB = re2('RE2 (DuckDB)');
export const RE2_BIGQUERY = re2('RE2 (BigQuery)');

const javaDontCare = [SURROGATES];
export const JAVA_REGEX: RegexSyntax = {
  name: 'Java regex (Spark SQL)',
  dontCare: javaDontCare,
  set: (set) => bracket(set, javaDontCare, re2Char),
  group: (inner) => `(?:${inner})`,
  start: '^',
  // Java's `$` also matches before a final line terminator; `\z` is the end of input.
  end: '\\z',
  wordBoundary: (negate, word) => lookaroundBoundary(negate, bracket(word, javaDontCare, re2Char)),
  maxRepeat: 100_000,
};

function postgresChar(codePoint: number): string {
  return plainOr(codePoint, (other) => (other <= 0xffff ? `\\u${hex(other, 4)}` : `\\U${hex(other, 8)}`));
}

// PostgreSQL text cannot hold U+0000, so no value contains it.
const postgresDontCare = normalize([SURROGATES, NUL]);
export const POSTGRES_ARE: RegexSyntax = {
  name: 'PostgreSQL ARE',
  dontCare: postgresDontCare,
  set: (set) => bracket(set, postgresDontCare, postgresChar),
  group: (inner) => `(?:${inner})`,
  start: '^',
  // ARE `\Z` matches only at the end of the string (like `$` outside newline-sensitive mode).
  end: '\\Z',
  wordBoundary: (negate, word) => lookaroundBoundary(negate, bracket(word, postgresDontCare, postgresChar)),
  // RE_DUP_MAX in PostgreSQL's regex library.
  maxRepeat: 255,
};

// POSIX ERE as Snowflake documents it. Characters are written as themselves (the
// string literal escapes control characters); ERE's special characters are escaped
// outside brackets, and the characters that are special inside a bracket expression
// (`\ ] [ ^ -`) are taken out of it into an alternation, so no bracket expression
// depends on POSIX's positional rules or on how a backslash is read inside one.
const ERE_SPECIAL = new Set([...'.[\\()*+?{}|^$'].map((char) => char.codePointAt(0)!));
const BRACKET_AWKWARD = [...'\\][^-'].map((char) => char.codePointAt(0)!);
const BRACKET_AWKWARD_SET: CodePointSet = normalize(BRACKET_AWKWARD.map((codePoint) => ({ min: codePoint, max: codePoint })));

function ereChar(codePoint: number): string {
  const char = String.fromCodePoint(codePoint);
  return ERE_SPECIAL.has(codePoint) ? `\\${char}` : char;
}

const snowflakeDontCare = normalize([SURROGATES, NUL]);
export const SNOWFLAKE_ERE: RegexSyntax = {
  name: 'Snowflake POSIX ERE',
  dontCare: snowflakeDontCare,
  set(set) {
    const care = subtract(set, snowflakeDontCare);
    const awkward = BRACKET_AWKWARD.filter((codePoint) => has(care, codePoint));
    const rest = simplifyOver(subtract(care, BRACKET_AWKWARD_SET), snowflakeDontCare);
    const parts = awkward.map(ereChar);
    if (rest.length === 1 && rest[0]!.min === rest[0]!.max) parts.push(ereChar(rest[0]!.min));
    else if (rest.length > 0) {
      const char = (codePoint: number) => String.fromCodePoint(codePoint);
      parts.push(`[${rest.map((range) => (range.min === range.max ? char(range.min) : `${char(range.min)}-${char(range.max)}`)).join('')}]`);
    }
    return parts.length === 1 ? parts[0]! : `(${parts.join('|')})`;
  },
  group: (inner) => `(${inner})`,
  start: '^',
  end: '$',
  wordBoundary(negate) {
    throw new SqlCompileError(`${negate ? '\\B' : '\\b'} has no exact equivalent in Snowflake's POSIX regex`);
  },
  maxRepeat: 255,
};
