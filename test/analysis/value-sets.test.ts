// Field value sets keep the meaning of value-test exactly: membership of a set built
// from a ValueTest is evaluateValueTest, in both domains (folded when every test of a
// field ignores case, exact otherwise); intersection and complement are set
// intersection and complement; a witness is a member, and "empty" means empty.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Languages } from '../../engine/analysis/languages';
import { FieldDomain, isCaseBlind, type FieldSet } from '../../engine/analysis/value-sets';
import type { ConditionOperator } from '../../grammar/syntax-tree';
import { evaluateValueTest, valueTestFor, type FieldValue, type Operand, type ValueTest } from '../../engine/semantics/value-test';

const LITERALS = ['', 'a', 'A', 'ab', 'k', 'K', '\u212a', 'ß', 'x-y'];
const REGEXES = ['^a', 'b$', 'k', '^(a|b)*$', '\\bab', '^$', '[^a]'];
const VALUES: FieldValue[] = [undefined, null, '', 'a', 'A', 'b', 'ab', 'AB', 'ba', 'k', 'K', '\u212a', 'ß', 'SS', 'x-y', 'aab', 'zzz'];

const operand = (operator: ConditionOperator): fc.Arbitrary<Operand> => {
  switch (operator) {
    case 'equals':
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return fc.constantFrom(...LITERALS).map((value) => ({ kind: 'string', value }));
    case 'in':
      return fc.uniqueArray(fc.constantFrom(...LITERALS), { maxLength: 3 }).map((values) => ({ kind: 'strings', values }));
    case 'matches':
      return fc.constantFrom(...REGEXES).map((pattern) => ({ kind: 'regex', pattern }));
    default:
      return fc.constant({ kind: 'none' });
  }
};

const valueTest: fc.Arbitrary<ValueTest> = fc
  .constantFrom<ConditionOperator>('equals', 'in', 'contains', 'startsWith', 'endsWith', 'matches', 'exists', 'isMissing', 'isNull', 'isEmpty', 'isSet', 'isNotSet')
  .chain((operator) =>
    fc.tuple(fc.constant(operator), operand(operator), fc.boolean(), fc.boolean()).map(([op, value, negated, ignoreCase]) =>
      valueTestFor(op, op === 'isNotSet' ? false : negated, value, ignoreCase),
    ),
  );

function domainFor(tests: readonly ValueTest[]): FieldDomain {
  const folded = tests.every(isCaseBlind);
  return new FieldDomain('f', folded, new Languages({ maxNodes: 10_000 }), LITERALS);
}

function member(domain: FieldDomain, set: FieldSet, value: FieldValue): boolean {
  return domain.has(set, typeof value === 'string' ? domain.key(value) : value);
}

function expectWitness(domain: FieldDomain, set: FieldSet, inSet: (value: FieldValue) => boolean): void {
  const witness = domain.witness(set);
  expect(witness.kind).not.toBe('unknown');
  if (witness.kind === 'found') {
    const value = typeof witness.value === 'string' ? domain.display(witness.value) : witness.value;
    expect(inSet(value), `witness ${JSON.stringify(value)}`).toBe(true);
  } else {
    for (const value of VALUES) expect(inSet(value), `empty set has ${JSON.stringify(value)}`).toBe(false);
  }
}

describe('field value sets', () => {
  it('a set built from a ValueTest has exactly its members', () => {
    fc.assert(
      fc.property(valueTest, fc.boolean(), (test, forceExact) => {
        const domain = forceExact ? new FieldDomain('f', false, new Languages({ maxNodes: 10_000 }), LITERALS) : domainFor([test]);
        const set = domain.fromValueTest(test);
        for (const value of VALUES) expect(member(domain, set, value), `${JSON.stringify(test)} on ${JSON.stringify(value)}`).toBe(evaluateValueTest(test, value));
        expectWitness(domain, set, (value) => evaluateValueTest(test, value));
      }),
      { numRuns: 400 },
    );
  });

  it('intersection and complement are exact, and witnesses are members', () => {
    fc.assert(
      fc.property(valueTest, valueTest, (first, second) => {
        const domain = domainFor([first, second]);
        const a = domain.fromValueTest(first);
        const b = domain.fromValueTest(second);
        const both = domain.intersect(a, b);
        const aNotB = domain.intersect(a, domain.complement(b));
        const inBoth = (value: FieldValue) => evaluateValueTest(first, value) && evaluateValueTest(second, value);
        const inANotB = (value: FieldValue) => evaluateValueTest(first, value) && !evaluateValueTest(second, value);
        for (const value of VALUES) {
          expect(member(domain, both, value)).toBe(inBoth(value));
          expect(member(domain, aNotB, value)).toBe(inANotB(value));
        }
        expectWitness(domain, both, inBoth);
        expectWitness(domain, aNotB, inANotB);
      }),
      { numRuns: 400 },
    );
  });

  it('ignoring case is Unicode simple case folding: k, K and the Kelvin sign are one', () => {
    const test = valueTestFor('equals', false, { kind: 'string', value: 'k' }, true);
    const domain = domainFor([test]);
    const set = domain.fromValueTest(test);
    expect(['k', 'K', '\u212a'].map((value) => member(domain, set, value))).toEqual([true, true, true]);
    // Simple folding: ß is not "ss".
    const sharp = valueTestFor('equals', false, { kind: 'string', value: 'ß' }, true);
    expect(member(domain, domain.fromValueTest(sharp), 'ss')).toBe(false);
  });

  it('examples of ignoring-case sets read in lower case', () => {
    const test = valueTestFor('in', false, { kind: 'strings', values: ['Email', 'NEWSLETTER'] }, true);
    const domain = domainFor([test]);
    const witness = domain.witness(domain.fromValueTest(test));
    expect(witness.kind === 'found' && typeof witness.value === 'string' && domain.display(witness.value)).toBe('email');
  });
});
