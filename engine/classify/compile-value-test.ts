// A ValueTest (engine/semantics/value-test) as fast JavaScript. The meaning is
// evaluateValueTest's; this only picks a cheaper way to compute it: `===` and Set
// lookups for `=` / `in`, native includes / startsWith / endsWith, the same on
// foldCase'd strings when ignoring case, and one precompiled LinearRegex for `matches`
// (engine/semantics/linear-regex: RegExp's answer in linear time).
// test/classify/classifier-property.test.ts holds it to evaluateValueTest.

import { foldCase } from '../semantics/case-fold';
import { linearRegex, type StringTest } from '../semantics/linear-regex';
import {
  stringSetRegexSource,
  type FieldValue,
  type StringSet,
  type ValueTest,
} from '../semantics/value-test';

export type ValuePredicate = (value: FieldValue) => boolean;

/** How to decide whether a string is in a test's set, with native operations. */
export type StringCheck =
  | { kind: 'always' }
  | { kind: 'never' }
  | { kind: 'equals'; value: string }
  | { kind: 'oneOf'; values: ReadonlySet<string> }
  | { kind: 'includes' | 'startsWith' | 'endsWith'; needle: string }
  | { kind: 'regex'; regex: StringTest };

/** A ValueTest taken apart, for the classifier, which folds each field value once per event. */
export interface CompiledValueTest {
  missing: boolean;
  null: boolean;
  check: StringCheck;
  /** The check is made on the value passed through foldCase. */
  folded: boolean;
  /** A string is accepted when the check fails rather than holds. */
  complement: boolean;
}

export function compileValueTestParts(test: ValueTest): CompiledValueTest {
  const { check, folded } = stringCheck(test.strings, test.ignoreCase);
  return { missing: test.missing, null: test.null, check, folded, complement: test.complement };
}

export function compileValueTest(test: ValueTest): ValuePredicate {
  const { missing, null: acceptsNull, check, folded, complement } = compileValueTestParts(test);
  const inSet = checkFunction(check);
  const accepts = folded
    ? (value: string) => inSet(foldCase(value)) !== complement
    : (value: string) => inSet(value) !== complement;
  return (value) => (value === undefined ? missing : value === null ? acceptsNull : accepts(value));
}

export function checkFunction(check: StringCheck): (value: string) => boolean {
  switch (check.kind) {
    case 'always':
      return () => true;
    case 'never':
      return () => false;
    case 'equals': {
      const only = check.value;
      return (value) => value === only;
    }
    case 'oneOf': {
      const values = check.values;
      return (value) => values.has(value);
    }
    case 'includes': {
      const needle = check.needle;
      return (value) => value.includes(needle);
    }
    case 'startsWith': {
      const needle = check.needle;
      return (value) => value.startsWith(needle);
    }
    case 'endsWith': {
      const needle = check.needle;
      return (value) => value.endsWith(needle);
    }
    case 'regex': {
      const regex = check.regex;
      return (value) => regex.test(value);
    }
  }
}

function stringCheck(set: StringSet, ignoreCase: boolean): { check: StringCheck; folded: boolean } {
  switch (set.kind) {
    case 'all':
      return { check: { kind: 'always' }, folded: false };
    case 'equals': {
      if (set.values.length === 0) return { check: { kind: 'never' }, folded: false };
      const distinct = [...new Set(ignoreCase ? set.values.map(foldCase) : set.values)];
      const check: StringCheck =
        distinct.length === 1 ? { kind: 'equals', value: distinct[0]! } : { kind: 'oneOf', values: new Set(distinct) };
      return { check, folded: ignoreCase };
    }
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return substringCheck(set, ignoreCase);
    case 'regex':
      return { check: { kind: 'regex', regex: linearRegex(set.pattern, ignoreCase) }, folded: false };
  }
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

function substringCheck(set: Extract<StringSet, { value: string }>, ignoreCase: boolean): { check: StringCheck; folded: boolean } {
  const needle = ignoreCase ? foldCase(set.value) : set.value;
  // A `u` regex never matches half of a surrogate pair; the native string methods
  // would, so a needle that begins with a low or ends with a high surrogate is
  // searched with the regex that defines the set.
  if (isLowSurrogate(needle.charCodeAt(0)) || isHighSurrogate(needle.charCodeAt(needle.length - 1))) {
    return { check: { kind: 'regex', regex: linearRegex(stringSetRegexSource(set), ignoreCase) }, folded: false };
  }
  if (needle === '') return { check: { kind: 'always' }, folded: false };
  const kind = set.kind === 'contains' ? 'includes' : set.kind;
  return { check: { kind, needle }, folded: ignoreCase };
}
