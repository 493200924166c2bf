// The definitions in value-test.ts: each operator's states, exact negation, and the
// regex source of each string set against the plain string operation it stands for.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionOperator } from '../../grammar/syntax-tree';
import {
  escapeRegexLiteral,
  evaluateValueTest,
  negateValueTest,
  stringSetRegexSource,
  valueTestFor,
  type FieldValue,
  type Operand,
} from '../../engine/semantics/value-test';

const NONE: Operand = { kind: 'none' };
const states: Array<[ConditionOperator, Operand, boolean, boolean, string[], string[]]> = [
  // operator, operand, accepts missing, accepts null, strings accepted, strings rejected
  ['equals', { kind: 'string', value: 'x' }, false, false, ['x'], ['', 'X', 'xx']],
  ['in', { kind: 'strings', values: ['x', 'y'] }, false, false, ['x', 'y'], ['', 'z']],
  ['in', { kind: 'strings', values: [] }, false, false, [], ['', 'x']],
  ['contains', { kind: 'string', value: 'o' }, false, false, ['o', 'foo'], ['', 'a']],
  ['contains', { kind: 'string', value: '' }, false, false, ['', 'a'], []],
  ['startsWith', { kind: 'string', value: 'fo' }, false, false, ['fo', 'foo'], ['ofo', '']],
  ['endsWith', { kind: 'string', value: 'oo' }, false, false, ['foo'], ['oof', '']],
  ['matches', { kind: 'regex', pattern: 'o+' }, false, false, ['foo'], ['', 'f']],
  ['isEmpty', NONE, false, false, [''], ['x', ' ']],
  ['exists', NONE, false, true, ['', 'x'], []],
  ['isMissing', NONE, true, false, [], ['', 'x']],
  ['isNull', NONE, false, true, [], ['', 'null']],
  ['isSet', NONE, false, false, ['', 'x', '(none)'], []],
  ['isNotSet', NONE, true, true, [], ['', '(none)']],
];

describe('valueTestFor', () => {
  it.each(states)('%s %j', (operator, operand, missing, acceptsNull, accepted, rejected) => {
    const test = valueTestFor(operator, false, operand, false);
    expect(evaluateValueTest(test, undefined)).toBe(missing);
    expect(evaluateValueTest(test, null)).toBe(acceptsNull);
    for (const value of accepted) expect(evaluateValueTest(test, value)).toBe(true);
    for (const value of rejected) expect(evaluateValueTest(test, value)).toBe(false);
  });

  it('negation is exact and an involution', () => {
    const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string({ unit: 'binary', maxLength: 4 }));
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.boolean(), value, ([operator, operand], ignoreCase, v: FieldValue) => {
        const positive = valueTestFor(operator, false, operand, ignoreCase);
        const negative = valueTestFor(operator, true, operand, ignoreCase);
        expect(evaluateValueTest(negative, v)).toBe(!evaluateValueTest(positive, v));
        expect(negateValueTest(negateValueTest(positive))).toEqual(positive);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('stringSetRegexSource is the plain string operation', () => {
  // Strings of whole code points: there, a `u` regex and the string methods agree.
  const text = fc.string({ unit: fc.constantFrom('a', 'b', '.', '*', '\\', '/', '(', ']', '^', '$', '|', '?', '{', '𐐀', '\n', ''), maxLength: 5 });
  const matches = (source: string, value: string) => new RegExp(source, 'u').test(value);

  it('equals, contains, starts with, ends with', () => {
    fc.assert(
      fc.property(text, text, fc.array(text, { maxLength: 3 }), (needle, value, values) => {
        expect(matches(stringSetRegexSource({ kind: 'equals', values }), value)).toBe(values.includes(value));
        expect(matches(stringSetRegexSource({ kind: 'contains', value: needle }), value)).toBe(value.includes(needle));
        expect(matches(stringSetRegexSource({ kind: 'startsWith', value: needle }), value)).toBe(value.startsWith(needle));
        expect(matches(stringSetRegexSource({ kind: 'endsWith', value: needle }), value)).toBe(value.endsWith(needle));
        expect(matches(stringSetRegexSource({ kind: 'all' }), value)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('escapeRegexLiteral escapes every syntax character', () => {
    const syntax = '\\^$.*+?()[]{}|/';
    expect(new RegExp(`^${escapeRegexLiteral(syntax)}$`, 'u').test(syntax)).toBe(true);
  });
});
