// The tokens of a `.channels` file (SPEC §2.2) and the chevrotain lexer built from them.
//
// Strings, regexes and backtick names are matched leniently (up to the end of the
// line when unclosed) so that a broken literal is still ONE token the parser can place;
// `literal-errors.ts` then reports exactly what is wrong inside it. Only characters no
// token can start with become chevrotain lexing errors.

import { createToken, Lexer, type CustomPatternMatcherReturn, type ILexingResult, type TokenType } from 'chevrotain';

/** The reserved words of SPEC §2.3, in the order the SPEC lists them. */
export const KEYWORDS = [
  'case', 'insensitive', 'list', 'channel', 'when', 'otherwise', 'expect', 'unclassified',
  'for', 'null', 'and', 'or', 'not', 'in', 'contains', 'starts', 'ends', 'with', 'matches',
  'exists', 'is', 'missing', 'empty', 'set', 'ignoring', 'matching',
] as const;

export type Keyword = (typeof KEYWORDS)[number];

const LETTER = /\p{L}/u;
const IDENTIFIER_REST = /[\p{L}\p{Nd}_$-]/u;
const REGEX_FLAG_CHAR = /[\p{ID_Continue}$\u200C\u200D]/u;

/** Whether `c` (one code point) may start an identifier: a letter, `_` or `$`. */
export function isIdentifierStart(c: string): boolean {
  return c === '_' || c === '$' || LETTER.test(c);
}

/** Whether `c` (one code point) may continue an identifier: a letter, a digit, `_`, `$` or `-`. */
export function isIdentifierPart(c: string): boolean {
  return IDENTIFIER_REST.test(c);
}

/** Whether `c` (one code point) may continue a regex's flags after its closing `/`. */
export function isRegexFlagPart(c: string): boolean {
  return REGEX_FLAG_CHAR.test(c);
}

function isLineTerminator(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

function codePointAt(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function matched(text: string, start: number, end: number): CustomPatternMatcherReturn {
  return [text.slice(start, end)] as unknown as CustomPatternMatcherReturn;
}

// ── identifiers ──────────────────────────────────────────────────────────────

function matchIdentifier(text: string, offset: number): CustomPatternMatcherReturn | null {
  const first = codePointAt(text, offset);
  if (!isIdentifierStart(first)) return null;
  let i = offset + first.length;
  while (i < text.length) {
    const c = codePointAt(text, i);
    if (!isIdentifierPart(c)) break;
    i += c.length;
  }
  return matched(text, offset, i);
}

/** Every UTF-16 unit an identifier can begin with, so chevrotain keeps its first-character optimisation. */
function identifierStartHints(): number[] {
  const hints = [0x24 /* $ */, 0x5f /* _ */];
  for (let code = 0; code < 0xd800; code++) {
    if (LETTER.test(String.fromCharCode(code))) hints.push(code);
  }
  for (let code = 0xd800; code <= 0xdbff; code++) hints.push(code); // high surrogates: astral letters
  for (let code = 0xe000; code <= 0xffff; code++) {
    if (LETTER.test(String.fromCharCode(code))) hints.push(code);
  }
  return hints;
}

// ── strings ──────────────────────────────────────────────────────────────────

/**
 * A quoted string up to its closing quote, or up to the end of the line when it has none.
 * Single quotes are matched too: they are an error (`literal-errors.ts`) but one token.
 */
export function scanString(text: string, offset: number): number {
  const quote = text.charCodeAt(offset);
  let i = offset + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === quote) return i + 1;
    if (code === 10 || code === 13) return i;
    if (code === 92 /* \ */) {
      const next = text.charCodeAt(i + 1);
      i += next === 10 || next === 13 || Number.isNaN(next) ? 1 : 2;
    } else i++;
  }
  return i;
}

function matchString(text: string, offset: number): CustomPatternMatcherReturn | null {
  const c = text.charCodeAt(offset);
  if (c !== 34 /* " */ && c !== 39 /* ' */) return null;
  return matched(text, offset, scanString(text, offset));
}

// ── regexes ──────────────────────────────────────────────────────────────────

export interface RegexScan {
  /** Offset just after the body (the closing `/`, or the end of the line when unclosed). */
  bodyEnd: number;
  closed: boolean;
  /** Offset just after the flags (or `bodyEnd` when unclosed). */
  end: number;
}

/**
 * A JavaScript regular expression literal: `/`, a body in which `\` escapes the next
 * character and a `/` inside `[…]` does not close, `/`, then identifier-part flags.
 */
export function scanRegex(text: string, offset: number): RegexScan {
  let i = offset + 1;
  let inClass = false;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isLineTerminator(code)) break;
    if (code === 92 /* \ */) {
      const next = text.charCodeAt(i + 1);
      i += Number.isNaN(next) || isLineTerminator(next) ? 1 : 2;
      continue;
    }
    if (inClass) {
      if (code === 93 /* ] */) inClass = false;
    } else if (code === 91 /* [ */) inClass = true;
    else if (code === 47 /* / */) {
      let end = i + 1;
      while (end < text.length) {
        const c = codePointAt(text, end);
        if (!REGEX_FLAG_CHAR.test(c)) break;
        end += c.length;
      }
      return { bodyEnd: i, closed: true, end };
    }
    i++;
  }
  return { bodyEnd: i, closed: false, end: i };
}

function matchRegex(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 47 /* / */) return null;
  // `//` is no regex in JavaScript (it starts a comment there); it gets its own token.
  if (text.charCodeAt(offset + 1) === 47) return null;
  return matched(text, offset, scanRegex(text, offset).end);
}

// ── backtick names ───────────────────────────────────────────────────────────

/** A backtick name up to its closing backtick; unclosed, it stops at the end of the line. */
export function scanQuotedName(text: string, offset: number): { end: number; closed: boolean } {
  const close = text.indexOf('`', offset + 1);
  if (close >= 0) return { end: close + 1, closed: true };
  let i = offset + 1;
  while (i < text.length && !isLineTerminator(text.charCodeAt(i))) i++;
  return { end: i, closed: false };
}

function matchQuotedName(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 96 /* ` */) return null;
  return matched(text, offset, scanQuotedName(text, offset).end);
}

// ── token types ──────────────────────────────────────────────────────────────

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });
/** `// …`: a comment in the wrong syntax; reported, otherwise skipped like a comment. */
export const SlashComment = createToken({ name: 'SlashComment', pattern: /\/\/[^\r\n]*/, group: 'slashComments' });

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: matchString,
  start_chars_hint: ['"', "'"],
  line_breaks: false,
});
export const RegexLiteral = createToken({
  name: 'RegexLiteral',
  pattern: matchRegex,
  start_chars_hint: ['/'],
  line_breaks: false,
});
export const QuotedName = createToken({
  name: 'QuotedName',
  pattern: matchQuotedName,
  start_chars_hint: ['`'],
  line_breaks: true,
});
/** A number where a string was meant (`= 5`): a token so the parser can say "write it in double quotes". */
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /[0-9][0-9A-Za-z_$.-]*/ });

export const NotEquals = createToken({ name: 'NotEquals', pattern: '!=' });
export const Equals = createToken({ name: 'Equals', pattern: '=' });
/** `==`: parsed as `=` (so the rule stays whole) and reported. */
export const DoubleEquals = createToken({ name: 'DoubleEquals', pattern: '==', categories: [Equals] });
export const LBracket = createToken({ name: 'LBracket', pattern: '[' });
export const RBracket = createToken({ name: 'RBracket', pattern: ']' });
export const LParen = createToken({ name: 'LParen', pattern: '(' });
export const RParen = createToken({ name: 'RParen', pattern: ')' });
export const LBrace = createToken({ name: 'LBrace', pattern: '{' });
export const RBrace = createToken({ name: 'RBrace', pattern: '}' });
export const Comma = createToken({ name: 'Comma', pattern: ',' });
export const Colon = createToken({ name: 'Colon', pattern: ':' });
export const Dot = createToken({ name: 'Dot', pattern: '.' });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: matchIdentifier,
  start_chars_hint: identifierStartHints(),
  line_breaks: false,
});

function keyword(word: Keyword): TokenType {
  const name = word[0].toUpperCase() + word.slice(1);
  return createToken({ name, pattern: word, longer_alt: Identifier });
}

export const Case = keyword('case');
export const Insensitive = keyword('insensitive');
export const List = keyword('list');
export const Channel = keyword('channel');
export const When = keyword('when');
export const Otherwise = keyword('otherwise');
export const Expect = keyword('expect');
export const Unclassified = keyword('unclassified');
export const For = keyword('for');
export const Null = keyword('null');
export const And = keyword('and');
export const Or = keyword('or');
export const Not = keyword('not');
export const In = keyword('in');
export const Contains = keyword('contains');
export const Starts = keyword('starts');
export const Ends = keyword('ends');
export const With = keyword('with');
export const Matches = keyword('matches');
export const Exists = keyword('exists');
export const Is = keyword('is');
export const Missing = keyword('missing');
export const Empty = keyword('empty');
export const Set = keyword('set');
export const Ignoring = keyword('ignoring');
export const Matching = keyword('matching');

/** `&&` and `||`: parsed as `and` / `or` (so the rule stays whole) and reported. */
export const AndSymbol = createToken({ name: 'AndSymbol', pattern: '&&', categories: [And] });
export const OrSymbol = createToken({ name: 'OrSymbol', pattern: '||', categories: [Or] });

const keywordTokens = [
  Case, Insensitive, List, Channel, When, Otherwise, Expect, Unclassified, For, Null, And, Or, Not, In,
  Contains, Starts, Ends, With, Matches, Exists, Is, Missing, Empty, Set, Ignoring, Matching,
];

/** Statement keywords: where recovery resynchronises. */
export const statementKeywordTokens = [Channel, When, List, Expect, Otherwise];

/** The order chevrotain tries them: a keyword before any keyword it is a prefix of (`in` < `insensitive`). */
const keywordsLongestFirst = [...keywordTokens].sort(
  (a, b) => (b.PATTERN as string).length - (a.PATTERN as string).length,
);

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  SlashComment,
  StringLiteral,
  RegexLiteral,
  QuotedName,
  NumberLiteral,
  NotEquals,
  DoubleEquals,
  Equals,
  AndSymbol,
  OrSymbol,
  LBracket,
  RBracket,
  LParen,
  RParen,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Dot,
  ...keywordsLongestFirst,
  Identifier,
];

/**
 * `validate`: chevrotain's checks of the token patterns (unreachable or empty patterns,
 * bad groups); the tests run them once, and every process skips them as it loads (they
 * cost several milliseconds of each command's cold start).
 */
export function channelsLexer({ validate = false } = {}): Lexer {
  return new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true, skipValidations: !validate });
}

const lexer = channelsLexer();

/**
 * Tokenises `text`. Every token gets its `endOffset` (inclusive, as chevrotain counts),
 * which the parser's node-location tracking needs and the 'onlyOffset' mode leaves out.
 */
export function tokenize(text: string): ILexingResult {
  const result = lexer.tokenize(text);
  for (const token of result.tokens) token.endOffset = token.startOffset + token.image.length - 1;
  return result;
}
