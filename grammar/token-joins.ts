// Whether text written next to other text would run into it as one token. A file's
// tokens may touch (`g="h"or k exists` is valid: the string ends where `or` begins), so
// words an edit writes between them (`ignoring case`, `is not set`, a field's name) need
// a space where they would otherwise continue a neighbour: `case` then `or` lexes as
// the identifier `caseor`, and `/x/` then `or` as the regex flags `or`.

import type { Span } from './syntax-tree';
import { isIdentifierPart, isRegexFlagPart } from './lexer';

/**
 * Whether the code point ending at `leftEnd` in `left` and the one starting at
 * `rightStart` in `right` would be read as one token: an identifier or keyword that goes
 * on, or a regex's closing `/` followed by what would be its flags.
 */
export function joinsTokens(left: string, leftEnd: number, right: string, rightStart: number): boolean {
  const last = codePointBefore(left, leftEnd);
  const first = codePointAt(right, rightStart);
  if (last === '' || first === '') return false;
  return (isIdentifierPart(last) && isIdentifierPart(first)) || (last === '/' && isRegexFlagPart(first));
}

/**
 * The new text of an edit that replaces `span` of `text`, with a space before and after it
 * where it would otherwise join the text beside it into one token; a removal that would
 * bring two such tokens together leaves a space between them.
 */
export function spacedReplacement(text: string, span: Span, newText: string): string {
  if (newText === '') return joinsTokens(text, span.start, text, span.end) ? ' ' : '';
  const before = joinsTokens(text, span.start, newText, 0) ? ' ' : '';
  const after = joinsTokens(newText, newText.length, text, span.end) ? ' ' : '';
  return `${before}${newText}${after}`;
}

function codePointAt(text: string, offset: number): string {
  const code = text.codePointAt(offset);
  return code === undefined ? '' : String.fromCodePoint(code);
}

function codePointBefore(text: string, offset: number): string {
  if (offset <= 0) return '';
  const low = text.charCodeAt(offset - 1);
  const high = offset >= 2 ? text.charCodeAt(offset - 2) : 0;
  const start = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? offset - 2 : offset - 1;
  return text.slice(start, offset);
}
