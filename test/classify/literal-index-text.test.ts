// The compiled classifier against the reference first match (./rules-under-test) on
// rule files written as text: literal tests (contains, starts with, ends with, empty,
// overlapping, one inside another, characters with several cases, astral and lone
// surrogates) under not / and / or, beside = / in / states / regexes, on up to 44
// rules, so that both the rule index (INDEX_FROM_RULES) and its literal dimensions
// (LITERAL_INDEX_FROM) are crossed, each file compiled five ways; events built from
// the rules' own literals, recased. Written by the review of the literal index, which
// ran it 40,000 times without a mismatch; it caught a mutant settling every literal
// rule in 49 runs and one intersecting an and's two literals in 2,668.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { caseClassOf } from '../../engine/semantics/case-fold';
import { referenceClassify, validRules } from '../classify/rules-under-test';

const LITS = ['', 'a', 'ab', 'abc', 'b', 'bc', 'ba', 'aa', 'ss', 'ß', '\u1e9e', 'ſ', 's', 'S', 'K', 'k', '\u212a', 'σ', 'ς', 'Σ',
  'İ', 'ı', 'i', 'I', 'i\u0307', '𐐀', '𐐨', '\ud801', '\udc00', '1', '1.5', 'true', 'null', '[', '"', 'x.', 'ﬀ', 'ff'];
const lit = fc.constantFrom(...LITS);
const word = fc.array(lit, { minLength: 1, maxLength: 2 }).map((p) => p.join(''));
const litOrWord = fc.oneof({ weight: 3, arbitrary: lit }, { weight: 1, arbitrary: word });
const FIELDS = ['f', 'g', '`a.b`'];
const field = fc.constantFrom(...FIELDS);
const ic = fc.constantFrom('', '', ' ignoring case', ' matching case');
const q = (s: string) => JSON.stringify(s);

const leaf = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(field, fc.boolean(), fc.constantFrom('contains', 'starts with', 'ends with'), litOrWord, ic).map(([f, neg, op, v, c]) => `${f} ${neg ? 'not ' : ''}${op} ${q(v)}${c}`) },
  { weight: 2, arbitrary: fc.tuple(field, fc.constantFrom('=', '!='), litOrWord, ic).map(([f, op, v, c]) => `${f} ${op} ${q(v)}${c}`) },
  { weight: 2, arbitrary: fc.tuple(field, fc.boolean(), fc.array(litOrWord, { maxLength: 3 }), ic).map(([f, neg, vs, c]) => `${f} ${neg ? 'not ' : ''}in [${[...new Set(vs)].map(q).join(', ')}]${c}`) },
  { weight: 1, arbitrary: fc.tuple(field, fc.constantFrom('exists', 'is missing', 'is null', 'is empty', 'is set', 'is not set')).map(([f, op]) => `${f} ${op}`) },
  { weight: 1, arbitrary: fc.tuple(field, fc.constantFrom('/ab/', '/^a/i', '/s$/', '/k/i', '/^$/')).map(([f, r]) => `${f} matches ${r}`) },
);
const cond: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: tie('node').map((c) => `not (${c})`) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(' and ', ' or '), fc.array(tie('node'), { minLength: 2, maxLength: 3 })).map(([op, cs]) => `(${cs.join(op)})`) },
  ),
})).node;

const file = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', 'D'), cond), { minLength: 1, maxLength: 44 }), fc.boolean())
  .map(([ci, rules, other]) => `${ci ? 'case insensitive\n' : ''}${rules.map(([ch, c]) => `channel "${ch}" when ${c}`).join('\n')}\n${other ? 'otherwise "O"\n' : ''}`);

function recase(value: string, choices: number[]): string {
  return [...value].map((char, i) => {
    const members = caseClassOf(char.codePointAt(0)!);
    return String.fromCodePoint(members[choices[i % choices.length]! % members.length]!);
  }).join('');
}
const strValue = fc.tuple(fc.array(litOrWord, { maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 })).map(([p, c]) => recase(p.join(''), c));
const raw = fc.oneof(
  { weight: 10, arbitrary: strValue },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(1, 1.5, 11, true, false, 0) },
  { weight: 1, arbitrary: fc.array(strValue, { maxLength: 2 }) },
);
const event = fc.record({ f: raw, g: raw, 'a.b': raw }, { requiredKeys: [] });
function eventFrom(text: string) {
  const strings = [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(m[0]) as string);
  if (strings.length === 0) return event;
  const part = fc.tuple(fc.constantFrom(...strings), fc.array(fc.nat(), { minLength: 1, maxLength: 3 })).map(([v, c]) => recase(v, c));
  const built = fc.tuple(fc.array(part, { minLength: 1, maxLength: 3 }), fc.option(lit), fc.option(lit)).map(([ps, x, y]) => `${x ?? ''}${ps.join('')}${y ?? ''}`);
  const v = fc.oneof({ weight: 3, arbitrary: built }, { weight: 2, arbitrary: raw });
  return fc.record({ f: v, g: v, 'a.b': v }, { requiredKeys: [] });
}

describe('the literal rule index on rule files as text', () => {
  it('gives the first rule that holds (text files, defaults and forced index)', () => {
    fc.assert(
      fc.property(file.chain((text) => fc.tuple(fc.constant(text), fc.array(eventFrom(text), { minLength: 1, maxLength: 20 }))), ([text, events]) => {
        const { checked } = validRules(text);
        const variants = [
          compileClassifier(checked),
          compileClassifier(checked, undefined, { memo: false }),
          compileClassifier(checked, undefined, { memo: false, indexFrom: 0 }),
          compileClassifier(checked, undefined, { memo: false, indexFrom: 0, literalIndexFrom: 0 }),
          compileClassifier(checked, undefined, { memo: false, indexFrom: 0, literalIndexFrom: 2 }),
        ];
        for (const props of events) {
          const expected = referenceClassify(checked, props);
          variants.forEach((c, i) => expect([i, c.classify(props)]).toEqual([i, expected]));
        }
      }),
      { numRuns: 600 },
    );
  }, 120_000);
});
