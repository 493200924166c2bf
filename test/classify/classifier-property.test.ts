// The compiled classifier (and explainEvent) against the definition: random rule sets
// made of ValueTests from valueTestFor, random events, and the reference
// classification built only on evaluateValueTest.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionOperator } from '../../grammar/syntax-tree';
import type { CheckedRules, Rule, RuleCondition } from '../../engine/check/checked-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { DEFAULT_MEMO_OPTIONS, type MemoOptions } from '../../engine/classify/classify-memo';
import { explainEvent } from '../../engine/classify/explain';
import { eventFieldsFor } from '../../engine/events/event-source';
import { PLAIN_FIELDS } from '../../engine/events/fields';
import { caseClassOf } from '../../engine/semantics/case-fold';
import { escapeRegexLiteral, valueTestFor, type Operand } from '../../engine/semantics/value-test';
import { referenceClassify, referenceHolds } from './rules-under-test';

const SPAN = { start: 0, end: 0 };
// Characters where case folding, surrogates and placeholders make a difference.
const TOKENS = ['a', 'A', 'b', 'ß', '\u1e9e', 's', 'S', 'ſ', 'ς', 'σ', 'Σ', 'k', 'K', '\u212a', 'ı', 'İ', 'i', 'I',
  '𐐀', '𐐨', '\ud801', '\udc00', '.', '/', '(none)', ' ', '1', 'go', 'GO', 'ogle'];
const token = fc.constantFrom(...TOKENS);
const text = fc.array(token, { maxLength: 4 }).map((parts) => parts.join(''));

const atom = fc.oneof(
  { weight: 4, arbitrary: token.map(escapeRegexLiteral) },
  { weight: 1, arbitrary: fc.constantFrom('.', '\\w', '\\d', '\\s', '[a-zß]', '[^a]', '[\u{10400}-\u{1044f}]', '(?:go|ogle)', '\\b') },
);
const quantified = fc.tuple(atom, fc.constantFrom('', '', '', '*', '+', '?', '{1,2}', '*?')).map(([a, q]) =>
  a === '\\b' ? a : a + q,
);
const pattern = fc
  .tuple(fc.boolean(), fc.array(quantified, { maxLength: 4 }), fc.boolean())
  .map(([start, parts, end]) => `${start ? '^' : ''}${parts.join('')}${end ? '$' : ''}`);

const FIELDS = ['f', 'g', 'a.b', 'referring_domain', 'referrer'];
const field = fc.constantFrom(...FIELDS);
const OPERATORS: ConditionOperator[] = ['equals', 'in', 'contains', 'startsWith', 'endsWith', 'matches', 'exists', 'isMissing', 'isNull', 'isEmpty', 'isSet', 'isNotSet'];

const testOf = (operators: fc.Arbitrary<ConditionOperator>, fields = field) => fc
  .tuple(operators, fc.boolean(), fc.boolean(), text, fc.array(text, { maxLength: 3 }), pattern, fields)
  .map(([operator, negated, ignoreCase, value, values, regex, name]): RuleCondition => {
    let operand: Operand = { kind: 'none' };
    if (operator === 'in') operand = { kind: 'strings', values };
    else if (operator === 'matches') operand = { kind: 'regex', pattern: regex };
    else if (['equals', 'contains', 'startsWith', 'endsWith'].includes(operator)) operand = { kind: 'string', value };
    const canNegate = !['exists', 'isMissing', 'isNull', 'isEmpty', 'isSet', 'isNotSet'].includes(operator);
    return { kind: 'test', field: name, test: valueTestFor(operator, canNegate && negated, operand, ignoreCase), span: SPAN };
  });
const test = testOf(fc.constantFrom(...OPERATORS));

const conditionOf = (leaf: fc.Arbitrary<RuleCondition>): fc.Arbitrary<RuleCondition> => fc.letrec<{ node: RuleCondition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: tie('node').map((operand): RuleCondition => ({ kind: 'not', operand, span: SPAN })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('and' as const, 'or' as const), fc.array(tie('node'), { minLength: 1, maxLength: 3 }))
        .map(([kind, operands]): RuleCondition => ({ kind, operands, span: SPAN })),
    },
  ),
})).node;
const condition = conditionOf(test);

const ruleSetOf = (conditions: fc.Arbitrary<RuleCondition>, maxRules: number) => fc
  .tuple(fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C'), conditions), { maxLength: maxRules }), fc.option(fc.constantFrom('O', 'A')))
  .map(([pairs, otherwise]): CheckedRules => {
    const rules: Rule[] = pairs.map(([channel, cond], index) => ({
      index,
      channel,
      condition: cond,
      span: SPAN,
      channelSpan: SPAN,
      line: index + 1,
    }));
    return {
      caseInsensitive: false,
      rules,
      otherwise: otherwise === null ? undefined : { channel: otherwise, span: SPAN, line: 99 },
      channels: ['A', 'B', 'C'],
      lists: new Map(),
      expectations: [],
      fields: FIELDS,
      skippedRules: 0,
      diagnostics: [],
    };
  });
const ruleSet = ruleSetOf(condition, 6);

// Mostly `=` / `in` / `is empty` (what the rule index files rules under), with every
// other operator among them, so that indexed, unindexed and settled rules interleave.
const INDEXABLE: ConditionOperator[] = ['equals', 'in', 'isEmpty'];
const indexedRuleSet = ruleSetOf(
  conditionOf(fc.oneof({ weight: 3, arbitrary: testOf(fc.constantFrom(...INDEXABLE), fc.constantFrom('f', 'g')) }, { weight: 1, arbitrary: test })),
  16,
);

// Mostly `contains`, `starts with`, `ends with` (what the rule index files by literal,
// compiled with literalIndexFrom 0), with every other operator among them.
const LITERAL: ConditionOperator[] = ['contains', 'startsWith', 'endsWith'];
const literalRuleSet = ruleSetOf(
  conditionOf(fc.oneof({ weight: 3, arbitrary: testOf(fc.constantFrom(...LITERAL), fc.constantFrom('f', 'g')) }, { weight: 1, arbitrary: test })),
  16,
);

/** Every string operand of the rules, so events can hit them (exactly or in another case). */
function operandStrings(rules: CheckedRules): string[] {
  const found: string[] = [];
  const visit = (node: RuleCondition): void => {
    if (node.kind === 'test') {
      const strings = node.test.strings;
      if (strings.kind === 'equals') found.push(...strings.values);
      else if (strings.kind !== 'all' && strings.kind !== 'regex') found.push(strings.value);
    } else if (node.kind === 'not') visit(node.operand);
    else node.operands.forEach(visit);
  };
  rules.rules.forEach((rule) => visit(rule.condition));
  return found;
}

/** The string with each code point replaced by a member of its case class, chosen by `choices`. */
function recase(value: string, choices: number[]): string {
  return [...value]
    .map((char, i) => {
      const members = caseClassOf(char.codePointAt(0)!);
      return String.fromCodePoint(members[choices[i % choices.length]! % members.length]!);
    })
    .join('');
}

/** A value holding one operand, or two one after the other (for rules that need both), in any case, with text around. */
function hitting(strings: string[]): fc.Arbitrary<string> {
  if (strings.length === 0) return text;
  return fc
    .tuple(text, fc.constantFrom(...strings), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), text, fc.boolean(), fc.boolean(), fc.option(fc.constantFrom(...strings)))
    .map(([before, value, choices, after, prefix, suffix, second]) => `${prefix ? before : ''}${recase(value, choices)}${second === null ? '' : recase(second, choices)}${suffix ? after : ''}`);
}

/** Events whose `f` and `g` are values written in the rules, as written or in another case. */
function listedValues(strings: string[]): fc.Arbitrary<Record<string, unknown>> {
  if (strings.length === 0) return fc.constant({});
  const value = fc.oneof(fc.constantFrom(...strings), fc.tuple(fc.constantFrom(...strings), fc.array(fc.nat(), { minLength: 1, maxLength: 4 })).map(([v, choices]) => recase(v, choices)));
  return fc.record({ f: value, g: value }, { requiredKeys: [] });
}

/** A raw JSON value as events carry it. */
const raw = (strings: string[]) => fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 6, arbitrary: hitting(strings) },
  { weight: 2, arbitrary: text.map((t) => `https://www.${t}.com/x`) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.boolean()) },
  { weight: 1, arbitrary: fc.array(fc.oneof(text, fc.integer()), { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.record({ b: text }) },
);
const placement = fc.constantFrom('top', 'top', 'event_properties', 'user_properties', 'dotted');
const event = (strings: string[] = []) => fc.array(fc.tuple(field, raw(strings), placement), { maxLength: 6 }).map((entries) => {
  const props: Record<string, unknown> = {};
  for (const [name, value, where] of entries) {
    const parts = name.split('.');
    const target =
      where === 'event_properties' || where === 'user_properties'
        ? ((props[where] ??= {}) as Record<string, unknown>)
        : props;
    if (parts.length > 1 && where !== 'dotted') {
      const container = (target[parts[0]!] = typeof target[parts[0]!] === 'object' && target[parts[0]!] !== null ? target[parts[0]!] : {}) as Record<string, unknown>;
      container[parts[1]!] = value;
    } else {
      target[name] = value;
    }
  }
  return props;
});

function ruleOf(cond: RuleCondition): CheckedRules {
  return {
    caseInsensitive: false,
    rules: [{ index: 0, channel: 'A', condition: cond, span: SPAN, channelSpan: SPAN, line: 1 }],
    channels: ['A'],
    lists: new Map(),
    expectations: [],
    fields: FIELDS,
    skippedRules: 0,
    diagnostics: [],
  };
}

/** GA4's field lookup (SPEC §3.2): key/value `event_params`, mapped canonical fields. */
const GA4_FIELDS = eventFieldsFor({ event_timestamp: '1', event_name: 'x' }, { from: 'ga4' }).lookup;

/** The event as a GA4 export might hold it: some of its top-level fields moved into `event_params` entries. */
function asGa4(props: Record<string, unknown>, moved: boolean[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const params: unknown[] = [];
  Object.entries(props).forEach(([key, value], i) => {
    if (!moved[i % moved.length] || (value !== null && typeof value === 'object')) {
      out[key] = value;
      return;
    }
    const name = key === 'referrer' ? 'page_referrer' : key;
    const record = typeof value === 'string' ? { string_value: value } : typeof value === 'number' && Number.isInteger(value) ? { int_value: value } : typeof value === 'number' ? { double_value: value } : {};
    params.push({ key: name, value: record });
  });
  if (params.length > 0) out.event_params = params;
  return out;
}

/** Small bounds, so that a few events fill the memo, pause it and bring it back. */
const memoOptions: fc.Arbitrary<MemoOptions> = fc.oneof(
  fc.constant(DEFAULT_MEMO_OPTIONS),
  fc.record({
    maxEntries: fc.nat(6),
    maxKeyChars: fc.nat(30),
    maxValueLength: fc.nat(8),
    window: fc.integer({ min: 1, max: 6 }),
    maxMissRatio: fc.constantFrom(0, 0.25, 0.5, 1),
    learningHitRatio: fc.constantFrom(0, 0.125, 0.5, 1),
    maxBackoff: fc.nat(3),
  }),
);

describe('compiled classifier', () => {
  it('with its memo, gives exactly the rules\' result on events that repeat (any bounds, plain and GA4 fields, with and without the rule index)', () => {
    fc.assert(
      fc.property(
        fc.oneof(ruleSet, indexedRuleSet, literalRuleSet).chain((rules) =>
          fc.tuple(
            fc.constant(rules),
            fc.array(fc.oneof(event(operandStrings(rules)), listedValues(operandStrings(rules))), { minLength: 1, maxLength: 6 }),
            fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
            memoOptions,
            fc.option(fc.array(fc.boolean(), { minLength: 1, maxLength: 4 })),
            fc.constantFrom(0, Infinity),
          ),
        ),
        ([rules, pool, order, memo, ga4, indexFrom]) => {
          const lookup = ga4 === null ? PLAIN_FIELDS : GA4_FIELDS;
          const events = ga4 === null ? pool : pool.map((props) => asGa4(props, ga4));
          const memoized = compileClassifier(rules, lookup, { memo, indexFrom, literalIndexFrom: indexFrom });
          const plain = compileClassifier(rules, lookup, { memo: false, indexFrom, literalIndexFrom: indexFrom });
          for (const pick of order) {
            const props = events[pick % events.length]!;
            const expected = plain.classify(props);
            if (ga4 === null) expect(expected).toBe(referenceClassify(rules, props));
            expect(memoized.classify(props)).toBe(expected);
            expect(explainEvent(rules, props, lookup).result).toBe(expected);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });


  it('agrees with the reference evaluation (evaluateValueTest) on random rules and events', () => {
    fc.assert(
      fc.property(
        ruleSet.chain((rules) => fc.tuple(fc.constant(rules), fc.array(event(operandStrings(rules)), { minLength: 1, maxLength: 8 }))),
        ([rules, events]) => {
        const classifier = compileClassifier(rules);
        for (const props of events) {
          const expected = referenceClassify(rules, props);
          expect(classifier.classify(props)).toBe(expected);
          const explanation = explainEvent(rules, props);
          expect(explanation.result).toBe(expected);
          expect(explanation.failed.map((failure) => failure.ruleIndex)).toEqual(
            rules.rules.slice(0, expected >= 0 ? expected : rules.rules.length).map((rule) => rule.index),
          );
        }
      },
      ),
      { numRuns: 1000 },
    );
  });

  it('with a rule index, gives exactly the plain first match (and explainEvent agrees)', () => {
    fc.assert(
      fc.property(
        fc.oneof(indexedRuleSet, literalRuleSet).chain((rules) => fc.tuple(fc.constant(rules), fc.array(fc.oneof(event(operandStrings(rules)), listedValues(operandStrings(rules))), { minLength: 1, maxLength: 12 }))),
        ([rules, events]) => {
          const indexed = compileClassifier(rules, undefined, { indexFrom: 0, literalIndexFrom: 0 });
          const plain = compileClassifier(rules, undefined, { indexFrom: Infinity });
          for (const props of events) {
            const expected = referenceClassify(rules, props);
            expect(plain.classify(props)).toBe(expected);
            expect(indexed.classify(props)).toBe(expected);
            expect(explainEvent(rules, props).result).toBe(expected);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('with literals indexed, gives exactly the plain first match on rules of literal tests of one field', () => {
    // `and`s of literals a value must all hold, `or`s of any, negations, each matching
    // case or not, over a few short literals; values of up to three of them in any case.
    const SHORT = ['a', 'b', 'ab', 'ba', 'k', 'K', 's', 'ſ'];
    const literalTest = fc
      .tuple(fc.constantFrom(...LITERAL), fc.constantFrom(...SHORT), fc.boolean(), fc.nat(4))
      .map(([operator, value, ignoreCase, negated]): RuleCondition => ({ kind: 'test', field: 'f', test: valueTestFor(operator, negated === 0, { kind: 'string', value }, ignoreCase), span: SPAN }));
    const value = fc.array(fc.tuple(fc.constantFrom(...SHORT), fc.array(fc.nat(), { minLength: 1, maxLength: 3 })), { maxLength: 3 }).map((parts) => parts.map(([part, choices]) => recase(part, choices)).join(''));
    fc.assert(
      fc.property(ruleSetOf(conditionOf(literalTest), 12), fc.array(value, { minLength: 1, maxLength: 12 }), (rules, values) => {
        const indexed = compileClassifier(rules, undefined, { indexFrom: 0, literalIndexFrom: 0 });
        for (const f of values) expect(indexed.classify({ f })).toBe(referenceClassify(rules, { f }));
      }),
      { numRuns: 1000 },
    );
  });

  it('single tests agree with the reference on every value state', () => {
    fc.assert(
      fc.property(
        test.chain((cond) => fc.tuple(fc.constant(cond), event(operandStrings(ruleOf(cond))))),
        ([cond, props]) => {
        const rules = ruleOf(cond);
        expect(compileClassifier(rules).classify(props) === 0).toBe(referenceHolds(cond, props));
      },
      ),
      { numRuns: 5000 },
    );
  });
});
