// The one definition of what every operator of the language means (SPEC §2.3).
//
// A condition `field OP operand` is turned into a `ValueTest`: which of the three
// states of a field value (missing, null, a string) it accepts, and for strings, which
// set of strings. The classifier compiles a ValueTest into fast JavaScript; the
// analysis turns the same ValueTest into a regular language; the SQL compiler into a
// SQL predicate. None of them decides again what an operator means.

import type { ConditionOperator } from '../../grammar/syntax-tree';
import { linearRegex } from './linear-regex';

/** A field value: `undefined` when missing, `null` for JSON null, else a string. */
export type FieldValue = string | null | undefined;

/** A set of strings, before complement. */
export type StringSet =
  /** Every string. */
  | { kind: 'all' }
  /** Exactly these strings (`=`, `in`, `is empty`); possibly none (`in []`). */
  | { kind: 'equals'; values: readonly string[] }
  | { kind: 'contains'; value: string }
  | { kind: 'startsWith'; value: string }
  | { kind: 'endsWith'; value: string }
  /** Strings in which the pattern is found (RegExp.prototype.test, flags `u` or `iu`). */
  | { kind: 'regex'; pattern: string };

export interface ValueTest {
  /** Accepts a missing field. */
  missing: boolean;
  /** Accepts JSON null. */
  null: boolean;
  /** Accepts a string s iff (s ∈ strings) !== complement, with case folded when ignoreCase. */
  strings: StringSet;
  complement: boolean;
  /** Compare strings under Unicode simple case folding (JavaScript regex `iu`). */
  ignoreCase: boolean;
}

/** What an operator is given as its operand, after lists are resolved. */
export type Operand =
  | { kind: 'none' }
  | { kind: 'string'; value: string }
  | { kind: 'strings'; values: readonly string[] }
  | { kind: 'regex'; pattern: string };

const NO_STRING: StringSet = { kind: 'all' };

/**
 * Builds the ValueTest of `field [not] operator operand`. `ignoreCase` is the case
 * mode after `case insensitive`, `ignoring case`, `matching case` and a regex's `i`
 * flag have been applied by the checker.
 */
export function valueTestFor(
  operator: ConditionOperator,
  negated: boolean,
  operand: Operand,
  ignoreCase: boolean,
): ValueTest {
  const positive = positiveTest(operator, operand, ignoreCase);
  return negated ? negateValueTest(positive) : positive;
}

function positiveTest(operator: ConditionOperator, operand: Operand, ignoreCase: boolean): ValueTest {
  const stringsOnly = (strings: StringSet): ValueTest => ({
    missing: false,
    null: false,
    strings,
    complement: false,
    ignoreCase,
  });
  switch (operator) {
    case 'equals':
      return stringsOnly({ kind: 'equals', values: [stringOperand(operand)] });
    case 'in':
      return stringsOnly({ kind: 'equals', values: stringsOperand(operand) });
    case 'contains':
      return stringsOnly({ kind: 'contains', value: stringOperand(operand) });
    case 'startsWith':
      return stringsOnly({ kind: 'startsWith', value: stringOperand(operand) });
    case 'endsWith':
      return stringsOnly({ kind: 'endsWith', value: stringOperand(operand) });
    case 'matches':
      return stringsOnly({ kind: 'regex', pattern: regexOperand(operand) });
    case 'isEmpty':
      return stringsOnly({ kind: 'equals', values: [''] });
    case 'isSet':
      return stringsOnly({ kind: 'all' });
    case 'exists':
      // Amplitude's ANY: the key is present, as a string or as null.
      return { missing: false, null: true, strings: { kind: 'all' }, complement: false, ignoreCase: false };
    case 'isMissing':
      return { missing: true, null: false, strings: NO_STRING, complement: true, ignoreCase: false };
    case 'isNull':
      return { missing: false, null: true, strings: NO_STRING, complement: true, ignoreCase: false };
    case 'isNotSet':
      return { missing: true, null: true, strings: NO_STRING, complement: true, ignoreCase: false };
  }
}

/** The exact negation: every state and every string the test accepted is rejected, and vice versa. */
export function negateValueTest(test: ValueTest): ValueTest {
  return { ...test, missing: !test.missing, null: !test.null, complement: !test.complement };
}

function stringOperand(operand: Operand): string {
  if (operand.kind !== 'string') throw new Error(`expected a string operand, got ${operand.kind}`);
  return operand.value;
}

function stringsOperand(operand: Operand): readonly string[] {
  if (operand.kind !== 'strings') throw new Error(`expected a list operand, got ${operand.kind}`);
  return operand.values;
}

function regexOperand(operand: Operand): string {
  if (operand.kind !== 'regex') throw new Error(`expected a regex operand, got ${operand.kind}`);
  return operand.pattern;
}

/** Escapes a literal for use inside a `u`-flag JavaScript regex. */
export function escapeRegexLiteral(literal: string): string {
  // Only SyntaxCharacters and '/' may be identity-escaped under the `u` flag.
  return literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * The string set as a JavaScript regex source whose `test` (flags `u`, plus `i` when
 * ignoring case) is exactly membership. This is the defining form: every faster
 * implementation (the classifier's `===`, Set lookups and case folding) must agree
 * with it, and tests hold them to it.
 */
export function stringSetRegexSource(set: StringSet): string {
  switch (set.kind) {
    case 'all':
      return '';
    case 'equals':
      return set.values.length === 0 ? '[]' : `^(?:${set.values.map(escapeRegexLiteral).join('|')})$`;
    case 'contains':
      return escapeRegexLiteral(set.value);
    case 'startsWith':
      return `^(?:${escapeRegexLiteral(set.value)})`;
    case 'endsWith':
      return `(?:${escapeRegexLiteral(set.value)})$`;
    case 'regex':
      return set.pattern;
  }
}

export function regexFlags(ignoreCase: boolean): string {
  return ignoreCase ? 'iu' : 'u';
}

/**
 * The reference evaluator: slow, obviously correct, and the meaning that the
 * classifier, the analysis and the SQL compiler are tested against. A `matches`
 * pattern runs on LinearRegex, which answers what RegExp's `test` answers in linear
 * time (test/semantics/linear-regex.property.test.ts holds it to RegExp); the other
 * sets' sources are escaped literals, which RegExp finds in linear time itself.
 */
export function evaluateValueTest(test: ValueTest, value: FieldValue): boolean {
  if (value === undefined) return test.missing;
  if (value === null) return test.null;
  const inSet =
    test.strings.kind === 'regex'
      ? linearRegex(test.strings.pattern, test.ignoreCase).test(value)
      : new RegExp(stringSetRegexSource(test.strings), regexFlags(test.ignoreCase)).test(value);
  return inSet !== test.complement;
}
