// The syntax tree of a `matches` pattern (SPEC §2.3): regexpp's, with the `u` flag and
// ECMAScript 2025's syntax (inline modifiers `(?i:…)` parse, so that the checker can
// refuse them by name).
//
// Every parse has a parser of its own: a regexpp parser keeps the last tree it made (its
// state's current node) until its next parse, and a tree is about 65 bytes a character
// of the pattern. Parsers kept in modules held their last trees for as long as the
// process ran: a check of one regex of 1,000,000 ranges held three at once.

import { RegExpParser, type AST } from '@eslint-community/regexpp';

/** The pattern's tree; throws regexpp's RegExpSyntaxError when the pattern is not valid. */
export function parseRegexPattern(pattern: string): AST.Pattern {
  return new RegExpParser({ ecmaVersion: 2025 }).parsePattern(pattern, 0, pattern.length, { unicode: true });
}

/** The flags of a pattern's tree: `u`, with `i` when ignoring case. */
export function parseRegexFlags(ignoreCase: boolean): AST.Flags {
  return new RegExpParser({ ecmaVersion: 2025 }).parseFlags(ignoreCase ? 'iu' : 'u');
}
