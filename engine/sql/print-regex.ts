// Prints a RegexNode (./regex-tree) in one dialect's regex syntax. Alternatives that
// match the empty string become an optional group, so no dialect ever sees `(a|)`;
// a bound beyond the dialect's limit is an error rather than a different regex.

import { isEmptySeq, withoutCharacters, type RegexNode } from './regex-tree';
import type { RegexSyntax } from './regex-syntax';
import { SqlCompileError } from './sql-compile-error';

/** The regex source, or null when the regex can never match (on the values the dialect's text can hold). */
export function printRegex(root: RegexNode, syntax: RegexSyntax): string | null {
  const matchable = withoutCharacters(root, syntax.dontCare);
  if (matchable.kind === 'never') return null;
  return print(matchable, syntax);
}

function print(node: RegexNode, syntax: RegexSyntax): string {
  switch (node.kind) {
    case 'set':
      return syntax.set(node.set);
    case 'seq':
      return node.items.map((item) => print(item, syntax)).join('');
    case 'alt': {
      const nonEmpty = node.options.filter((option) => !isEmptySeq(option));
      const body = syntax.group(nonEmpty.map((option) => print(option, syntax)).join('|'));
      return nonEmpty.length < node.options.length ? `${body}?` : body;
    }
    case 'repeat':
      return `${atom(node.item, syntax)}${quantifier(node.min, node.max, syntax)}`;
    case 'start':
      return syntax.start;
    case 'end':
      return syntax.end;
    case 'wordBoundary':
      return syntax.wordBoundary(node.negate, node.word);
    case 'never':
      throw new Error('a never-matching node survived simplification');
  }
}

function atom(node: RegexNode, syntax: RegexSyntax): string {
  const grouped = node.kind === 'set' || (node.kind === 'alt' && !node.options.some(isEmptySeq));
  if (grouped) return print(node, syntax);
  return syntax.group(print(node, syntax));
}

function quantifier(min: number, max: number, syntax: RegexSyntax): string {
  if (min === 0 && max === Infinity) return '*';
  if (min === 1 && max === Infinity) return '+';
  if (min === 0 && max === 1) return '?';
  const limit = max === Infinity ? min : max;
  if (limit > syntax.maxRepeat) {
    throw new SqlCompileError(`a repetition bound of ${limit} exceeds ${syntax.name}'s limit of ${syntax.maxRepeat}`);
  }
  if (max === Infinity) return `{${min},}`;
  return min === max ? `{${min}}` : `{${min},${max}}`;
}
