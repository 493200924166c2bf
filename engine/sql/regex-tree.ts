// A JavaScript regex (SPEC §2.3: the RE2-shared subset, `u` flag, optionally `i`)
// reduced to a small tree whose character sets are exact code point sets: every
// class, escape and case-insensitive character already resolved with JavaScript's own
// meaning (engine/semantics/case-fold for characters, ./js-match-set for classes). Printing this tree in a dialect's syntax (./print-regex)
// then needs no regex feature beyond case-sensitive character classes, so the SQL
// matches exactly what the engine matches, whatever the warehouse's Unicode tables.

import type { AST } from '@eslint-community/regexpp';
import { caseClassOf } from '../semantics/case-fold';
import { parseRegexPattern } from '../semantics/regex-syntax';
import { isEmpty, normalize, singleton, subtract, SURROGATES, type CodePointSet } from './code-point-set';
import { jsMatchSet } from './js-match-set';
import { SqlCompileError } from './sql-compile-error';
import { appendAll } from '../collections/append-all';

export type RegexNode =
  | { kind: 'set'; set: CodePointSet }
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'alt'; options: RegexNode[] }
  | { kind: 'repeat'; item: RegexNode; min: number; max: number }
  | { kind: 'start' }
  | { kind: 'end' }
  | { kind: 'wordBoundary'; negate: boolean; word: CodePointSet }
  /** Matches nothing (an empty class, `in []`). */
  | { kind: 'never' };

export const EMPTY: RegexNode = { kind: 'seq', items: [] };
const NEVER: RegexNode = { kind: 'never' };

/** Parses `pattern` (flags `u`, plus `i` when ignoreCase) into a simplified RegexNode. */
export function regexTree(pattern: string, ignoreCase: boolean): RegexNode {
  let ast: AST.Pattern;
  try {
    ast = parseRegexPattern(pattern);
  } catch (error) {
    throw new SqlCompileError(`invalid regex /${pattern}/: ${(error as Error).message}`);
  }
  const flags = ignoreCase ? 'iu' : 'u';
  return alternatives(ast.alternatives, flags);
}

function alternatives(list: readonly AST.Alternative[], flags: 'u' | 'iu'): RegexNode {
  return alt(list.map((alternative) => seq(alternative.elements.map((element) => node(element, flags)))));
}

function node(element: AST.Element, flags: 'u' | 'iu'): RegexNode {
  switch (element.type) {
    case 'Character':
      // A lone surrogate (`\ud83d`) is a character of a JavaScript string but never of the
      // UTF-8 text SQL works on: in SQL it matches nothing (like the classes, ./js-match-set).
      if (element.value >= SURROGATES.min && element.value <= SURROGATES.max) return NEVER;
      return set(flags === 'u' ? singleton(element.value) : caseClassSet(element.value));
    case 'CharacterClass':
    case 'CharacterSet':
      return set(jsMatchSet(element.raw, flags));
    case 'ExpressionCharacterClass':
      throw new SqlCompileError(`the class ${element.raw} needs the regex v flag, which the language does not allow`);
    case 'Group':
      if (element.modifiers) throw new SqlCompileError(`regex modifiers ${element.raw} are not supported`);
      return alternatives(element.alternatives, flags);
    case 'CapturingGroup':
      return alternatives(element.alternatives, flags);
    case 'Quantifier':
      return repeat(node(element.element, flags), element.min, element.max);
    case 'Assertion':
      switch (element.kind) {
        case 'start':
          return { kind: 'start' };
        case 'end':
          return { kind: 'end' };
        case 'word':
          return { kind: 'wordBoundary', negate: element.negate, word: jsMatchSet('\\w', flags) };
        case 'lookahead':
        case 'lookbehind':
          throw new SqlCompileError(`lookaround ${element.raw} is outside the RE2-shared regex subset`);
      }
      break;
    case 'Backreference':
      throw new SqlCompileError(`backreference ${element.raw} is outside the RE2-shared regex subset`);
  }
  throw new SqlCompileError(`unsupported regex element ${(element as AST.Node).raw}`);
}

function set(codePoints: CodePointSet): RegexNode {
  return isEmpty(codePoints) ? NEVER : { kind: 'set', set: codePoints };
}

export function seq(items: RegexNode[]): RegexNode {
  const flat: RegexNode[] = [];
  for (const item of items) {
    if (item.kind === 'never') return NEVER;
    if (item.kind === 'seq') appendAll(flat, item.items);
    else flat.push(item);
  }
  return flat.length === 1 ? flat[0]! : { kind: 'seq', items: flat };
}

export function alt(options: RegexNode[]): RegexNode {
  const kept: RegexNode[] = [];
  for (const option of options) {
    if (option.kind === 'never') continue;
    if (option.kind === 'alt') appendAll(kept, option.options);
    else kept.push(option);
  }
  if (kept.length === 0) return NEVER;
  return kept.length === 1 ? kept[0]! : { kind: 'alt', options: kept };
}

function repeat(item: RegexNode, min: number, max: number): RegexNode {
  if (max === 0) return EMPTY;
  if (item.kind === 'never') return min === 0 ? EMPTY : NEVER;
  if (isEmptySeq(item)) return EMPTY;
  if (min === 1 && max === 1) return item;
  return { kind: 'repeat', item, min, max };
}

/**
 * The tree without the characters no value can hold (a dialect's don't-care: U+0000
 * in PostgreSQL and Snowflake text, surrogates in every one): it matches the same
 * values, and a class of only such characters (`/a\0|b/`) becomes a branch that never
 * matches instead of an empty class, which no dialect can print.
 */
export function withoutCharacters(node: RegexNode, excluded: CodePointSet): RegexNode {
  switch (node.kind) {
    case 'set':
      return set(subtract(node.set, excluded));
    case 'seq':
      return seq(node.items.map((item) => withoutCharacters(item, excluded)));
    case 'alt':
      return alt(node.options.map((option) => withoutCharacters(option, excluded)));
    case 'repeat':
      return repeat(withoutCharacters(node.item, excluded), node.min, node.max);
    default:
      return node;
  }
}

export function isEmptySeq(node: RegexNode): boolean {
  return node.kind === 'seq' && node.items.length === 0;
}

/** The characters equal to this one ignoring case (SPEC §2.3's one definition). */
export function caseClassSet(codePoint: number): CodePointSet {
  return normalize(caseClassOf(codePoint).map((member) => ({ min: member, max: member })));
}

/**
 * The node as a union of branches without alternatives (`a(b|c)` is `ab`, `ac`): the
 * same values, since a regex's language distributes over concatenation. Undefined when
 * an alternative sits inside a repetition (`(a|b)*` has no finite union) or the union
 * would have more than `limit` branches.
 */
export function alternativeBranches(node: RegexNode, limit: number): RegexNode[] | undefined {
  switch (node.kind) {
    case 'alt': {
      const branches: RegexNode[] = [];
      for (const option of node.options) {
        const expanded = alternativeBranches(option, limit);
        if (expanded === undefined || branches.length + expanded.length > limit) return undefined;
        appendAll(branches, expanded);
      }
      return branches;
    }
    case 'seq': {
      let prefixes: RegexNode[][] = [[]];
      for (const item of node.items) {
        const expanded = alternativeBranches(item, limit);
        if (expanded === undefined || prefixes.length * expanded.length > limit) return undefined;
        prefixes = prefixes.flatMap((prefix) => expanded.map((branch) => [...prefix, branch]));
      }
      return prefixes.map(seq);
    }
    case 'repeat':
      return hasAlternatives(node.item) ? undefined : [node];
    default:
      return [node];
  }
}

/** Whether the node has an alternative anywhere in it. */
export function hasAlternatives(node: RegexNode): boolean {
  if (node.kind === 'alt') return true;
  if (node.kind === 'seq') return node.items.some(hasAlternatives);
  return node.kind === 'repeat' && hasAlternatives(node.item);
}
