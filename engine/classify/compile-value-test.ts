// A ValueTest (engine/semantics/value-test) as a fast predicate on one field value.
// The meaning is evaluateValueTest's; this only picks a cheaper way to compute it:
// `===` and Set lookups for `=` / `in`, native includes / startsWith / endsWith, the
// same strings under foldCase when ignoring case, and one precompiled RegExp for
// `matches`. test/classify/compile-classifier.test.ts holds it to evaluateValueTest.

import { foldCase } from '../semantics/case-fold';
import {
  regexFlags,
  stringSetRegexSource,
  type FieldValue,
  type StringSet,
  type ValueTest,
} from '../semantics/value-test';

export type ValuePredicate = (value: FieldValue) => boolean;
type StringPredicate = (value: string) => boolean;

export function compileValueTest(test: ValueTest): ValuePredicate {
  const { missing, null: acceptsNull, complement } = test;
  const inSet = compileStringSet(test.strings, test.ignoreCase);
  if (inSet === ALWAYS) {
    const strings = !complement;
    return (value) => (value === undefined ? missing : value === null ? acceptsNull : strings);
  }
  if (complement) return (value) => (value === undefined ? missing : value === null ? acceptsNull : !inSet(value));
  return (value) => (value === undefined ? missing : value === null ? acceptsNull : inSet(value));
}

const ALWAYS: StringPredicate = () => true;
const NEVER: StringPredicate = () => false;

function compileStringSet(set: StringSet, ignoreCase: boolean): StringPredicate {
  switch (set.kind) {
    case 'all':
      return ALWAYS;
    case 'equals':
      return compileEquals(set.values, ignoreCase);
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return compileSubstring(set, ignoreCase);
    case 'regex': {
      const regex = new RegExp(set.pattern, regexFlags(ignoreCase));
      return (value) => regex.test(value);
    }
  }
}

function compileEquals(values: readonly string[], ignoreCase: boolean): StringPredicate {
  if (values.length === 0) return NEVER;
  if (ignoreCase) {
    const folded = [...new Set(values.map(foldCase))];
    if (folded.length === 1) {
      const only = folded[0]!;
      return (value) => value.length === only.length && foldCase(value) === only;
    }
    const set = new Set(folded);
    return (value) => set.has(foldCase(value));
  }
  const distinct = [...new Set(values)];
  if (distinct.length === 1) {
    const only = distinct[0]!;
    return (value) => value === only;
  }
  const set = new Set(distinct);
  return (value) => set.has(value);
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

function compileSubstring(set: Extract<StringSet, { value: string }>, ignoreCase: boolean): StringPredicate {
  const needle = ignoreCase ? foldCase(set.value) : set.value;
  // A `u` regex never matches half of a surrogate pair; the native string methods
  // would, so a needle that begins with a low or ends with a high surrogate is
  // searched with the regex that defines the set.
  if (isLowSurrogate(needle.charCodeAt(0)) || isHighSurrogate(needle.charCodeAt(needle.length - 1))) {
    const regex = new RegExp(stringSetRegexSource(set), regexFlags(ignoreCase));
    return (value) => regex.test(value);
  }
  if (needle === '') return ALWAYS;
  switch (set.kind) {
    case 'contains':
      return ignoreCase ? (value) => foldCase(value).includes(needle) : (value) => value.includes(needle);
    case 'startsWith':
      return ignoreCase ? (value) => foldCase(value).startsWith(needle) : (value) => value.startsWith(needle);
    case 'endsWith':
      return ignoreCase ? (value) => foldCase(value).endsWith(needle) : (value) => value.endsWith(needle);
  }
}
