// A word that passes several literal tests at once (`contains`, `starts with`, `ends
// with`: ./languages' LiteralTest), written down instead of searched for: the longest
// literal it must start with, then the literals it must contain in the order of their
// languages, then the longest it must end with: mostly the word an intersection's
// likely members come to first when no written value passes (Languages.likelyMembers:
// each leaf's words, then their shortest words one after the other), found without a
// step through them or an automaton. The caller tests it against the sets
// (./value-sets `meet`).
//
// And when no word can pass: two literals a word must start with whose fold keys are
// not one the other's beginning (every member's key starts with each literal's key,
// Languages.literal), or two it must end with that are not one the other's end.

import { readableFold } from './case-fold';
import type { LiteralTest } from './languages';

/**
 * A word of the domain (a fold key when `folded`, else a string as written) likely to
 * pass every test, or 'none' when no string passes them all.
 */
export function literalWord(tests: readonly LiteralTest[], folded: boolean): string | 'none' {
  if (tests.every((test) => test.place === 'contains')) return tests.map((test) => spelled(test, folded)).join('');
  const starts = tests.filter((test) => test.place === 'startsWith');
  const ends = tests.filter((test) => test.place === 'endsWith');
  const start = overlaid(starts, folded, (long, short) => long.startsWith(short), (word, text) => text + word.slice(text.length));
  const end = overlaid(ends, folded, (long, short) => long.endsWith(short), (word, text) => word.slice(0, word.length - text.length) + text);
  if (start === 'none' || end === 'none') return 'none';
  const middle = tests.filter((test) => test.place === 'contains').map((test) => spelled(test, folded));
  return start + middle.join('') + end;
}

/**
 * The longest of the literals, with each one matching case written over its part (in
 * a folded domain every word is a key); 'none' when two keys are not one the other's
 * beginning (or end, as `holds` says).
 */
function overlaid(
  tests: readonly LiteralTest[],
  folded: boolean,
  holds: (long: string, short: string) => boolean,
  overlay: (word: string, text: string) => string,
): string | 'none' {
  if (tests.length === 0) return '';
  const longest = tests.reduce((best, test) => (test.key.length > best.key.length ? test : best));
  if (!tests.every((test) => holds(longest.key, test.key))) return 'none';
  let word = spelled(longest, folded);
  if (!folded) for (const test of tests) if (!test.ignoreCase) word = overlay(word, test.text);
  return word;
}

/** The literal as a word of the domain: its key when folded, as written when matching case, else its key's readable spelling. */
function spelled(test: LiteralTest, folded: boolean): string {
  return folded ? test.key : test.ignoreCase ? readableFold(test.key) : test.text;
}
