// A RegexNode (engine/sql/regex-tree: exact code point sets, anchors, repeats) printed
// as a regex of the language: JavaScript syntax with the `u` flag, case-sensitive, in
// the RE2-shared subset. Importers build the node with their source's meaning of every
// class, dot and escape, so the printed regex matches exactly what the source matched.

import { complement, normalize, type CodePointSet } from '../sql/code-point-set';
import { printRegex } from '../sql/print-regex';
import type { RegexNode } from '../sql/regex-tree';
import type { RegexSyntax } from '../sql/regex-syntax';

const ASCII_WORD: CodePointSet = normalize([
  { min: 0x30, max: 0x39 },
  { min: 0x41, max: 0x5a },
  { min: 0x5f, max: 0x5f },
  { min: 0x61, max: 0x7a },
]);

const SYNTAX_CHARACTERS = new Set('^$\\.*+?()[]{}|/');
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function jsChar(codePoint: number, inClass: boolean): string {
  const char = String.fromCodePoint(codePoint);
  if (SYNTAX_CHARACTERS.has(char) || (inClass && char === '-')) return `\\${char}`;
  if (codePoint === 0x20 || (codePoint > 0x20 && codePoint < 0x7f)) return char;
  if (codePoint === 0x0a) return '\\n';
  if (codePoint === 0x09) return '\\t';
  if (codePoint === 0x0d) return '\\r';
  if (codePoint > 0x7f && codePoint < 0xd800 && PRINTABLE.test(char)) return char;
  if (codePoint > 0xdfff && PRINTABLE.test(char)) return char;
  return `\\u{${codePoint.toString(16).toUpperCase()}}`;
}

function rangesText(set: CodePointSet): string {
  return set.map((range) => (range.min === range.max ? jsChar(range.min, true) : `${jsChar(range.min, true)}-${jsChar(range.max, true)}`)).join('');
}

export const JS_REGEX: RegexSyntax = {
  name: 'the rules language',
  dontCare: [],
  set(set) {
    if (set.length === 1 && set[0]!.min === set[0]!.max) return jsChar(set[0]!.min, false);
    const negative = complement(set);
    if (negative.length === 0) return '[\\s\\S]';
    return negative.length < set.length ? `[^${rangesText(negative)}]` : `[${rangesText(set)}]`;
  },
  group: (inner) => `(?:${inner})`,
  start: '^',
  end: '$',
  wordBoundary(negate, word) {
    if (word.length !== ASCII_WORD.length || word.some((range, i) => range.min !== ASCII_WORD[i]!.min || range.max !== ASCII_WORD[i]!.max)) {
      throw new Error('only ASCII word boundaries are printed');
    }
    return negate ? '\\B' : '\\b';
  },
  maxRepeat: 1000,
};

export { ASCII_WORD };

/** The language regex body (between the slashes), or null when the regex can never match. */
export function jsRegexSource(node: RegexNode): string | null {
  const source = printRegex(node, JS_REGEX);
  return source === null ? null : withoutOuterGroup(source);
}

/** `(?:a|b)` as `a|b` when the group is the whole regex (it changes nothing there). */
function withoutOuterGroup(source: string): string {
  if (!source.startsWith('(?:') || !source.endsWith(')')) return source;
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i === source.length - 1 ? source.slice(3, -1) : source;
    }
  }
  return source;
}
