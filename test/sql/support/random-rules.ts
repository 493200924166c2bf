// Random rule sets (CheckedRules built from valueTestFor, the one definition of the
// operators) and random events over a few fields, for the SQL property tests. The
// strings are chosen to hit quoting (', ", \, --, $$, newlines, {), case folding
// (ſ, K, ß, σ/ς, İ/ı, Deseret) and the NULL = missing rule.

import fc from 'fast-check';
import type { ConditionOperator } from '../../../grammar/syntax-tree';
import type { CheckedRules, Rule, RuleCondition } from '../../../engine/check/checked-rules';
import { caseClassOf } from '../../../engine/semantics/case-fold';
import { escapeRegexLiteral, valueTestFor, type Operand } from '../../../engine/semantics/value-test';

const SPAN = { start: 0, end: 0 };

export const FIELDS = ['f', 'g', 'a.b', 'we"ird', "it's"];
export const CHANNELS = ['Direct', "Bob's", 'back\\slash', 'x--y', '$$', 'line\nbreak', 'Ünï {x}'];

const BASE_TOKENS = ['a', 'A', 'b', 'ß', '\u1e9e', 's', 'S', 'ſ', 'ς', 'σ', 'Σ', 'k', 'K', '\u212a', 'ı', 'İ', 'i', 'I',
  '𐐀', '𐐨', '.', '/', '(none)', ' ', '1', 'go', 'GO', 'ogle', "'", '"', '\\', '--', '$$', '\n', '{', '%', '_', 'e\u0301'];

export interface RandomOptions {
  /** Whether values and literals may contain U+0000 (not in PostgreSQL text). */
  nul: boolean;
  /** Whether regexes may hold `\B` (RE2 refuses it: docs/sql.md). */
  nonWordBoundary: boolean;
}

export function arbitraries(options: RandomOptions) {
  const tokens = options.nul ? [...BASE_TOKENS, '\u0000'] : BASE_TOKENS;
  const token = fc.constantFrom(...tokens);
  const text = fc.array(token, { maxLength: 4 }).map((parts) => parts.join(''));

  const atom = (ignoreCase: boolean) =>
    fc.oneof(
      { weight: 4, arbitrary: token.map(escapeRegexLiteral) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '.', '\\w', '\\d', '\\s', '\\W', '[a-zß]', '[^a]', '[\u{10400}-\u{1044f}]', '(?:go|ogle)', '(?:|a)', '\\p{Lu}', '[\\-\\]^]',
          ...(ignoreCase ? [] : options.nonWordBoundary ? ['\\b', '\\B'] : ['\\b']),
        ),
      },
    );
  const quantified = (ignoreCase: boolean) =>
    fc
      .tuple(atom(ignoreCase), fc.constantFrom('', '', '', '*', '+', '?', '{1,2}', '{2}', '*?'))
      .map(([a, q]) => (a === '\\b' || a === '\\B' ? a : a + q));
  const pattern = (ignoreCase: boolean) =>
    fc
      .tuple(fc.boolean(), fc.array(quantified(ignoreCase), { maxLength: 4 }), fc.boolean())
      .map(([start, parts, end]) => `${start ? '^' : ''}${parts.join('')}${end ? '$' : ''}`);

  const field = fc.constantFrom(...FIELDS);
  const OPERATORS: ConditionOperator[] = ['equals', 'in', 'contains', 'startsWith', 'endsWith', 'matches', 'exists', 'isMissing', 'isNull', 'isEmpty', 'isSet', 'isNotSet'];

  const test = fc
    .tuple(fc.constantFrom(...OPERATORS), fc.boolean(), fc.boolean(), text, fc.array(text, { maxLength: 3 }), field)
    .chain(([operator, negated, ignoreCase, value, values, name]) =>
      pattern(ignoreCase).map((regex): RuleCondition => {
        let operand: Operand = { kind: 'none' };
        if (operator === 'in') operand = { kind: 'strings', values };
        else if (operator === 'matches') operand = { kind: 'regex', pattern: regex };
        else if (['equals', 'contains', 'startsWith', 'endsWith'].includes(operator)) operand = { kind: 'string', value };
        const canNegate = !['exists', 'isMissing', 'isNull', 'isEmpty', 'isSet', 'isNotSet'].includes(operator);
        return { kind: 'test', field: name, test: valueTestFor(operator, canNegate && negated, operand, ignoreCase), span: SPAN };
      }),
    );

  const condition: fc.Arbitrary<RuleCondition> = fc.letrec<{ node: RuleCondition }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 3, arbitrary: test },
      { weight: 1, arbitrary: tie('node').map((operand): RuleCondition => ({ kind: 'not', operand, span: SPAN })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('and' as const, 'or' as const), fc.array(tie('node'), { minLength: 1, maxLength: 3 }))
          .map(([kind, operands]): RuleCondition => ({ kind, operands, span: SPAN })),
      },
    ),
  })).node;

  const rules = fc
    .tuple(fc.array(fc.tuple(fc.constantFrom(...CHANNELS), condition), { maxLength: 6 }), fc.option(fc.constantFrom(...CHANNELS)))
    .map(([pairs, otherwise]): CheckedRules => {
      const list: Rule[] = pairs.map(([channel, cond], index) => ({ index, channel, condition: cond, span: SPAN, channelSpan: SPAN, line: index + 1 }));
      return {
        caseInsensitive: false,
        rules: list,
        otherwise: otherwise === null ? undefined : { channel: otherwise, span: SPAN, line: 99 },
        channels: CHANNELS,
        lists: new Map(),
        expectations: [],
        fields: FIELDS,
        skippedRules: 0,
        diagnostics: [],
      };
    });

  /** Events as rows: a value per field, null for missing. Values often hit the rules' literals in another case. */
  const events = (literals: string[]) => {
    const hitting =
      literals.length === 0
        ? text
        : fc
            .tuple(text, fc.constantFrom(...literals), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), text, fc.boolean(), fc.boolean())
            .map(([before, value, choices, after, prefix, suffix]) => `${prefix ? before : ''}${recase(value, choices)}${suffix ? after : ''}`);
    const value = fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: text }, { weight: 5, arbitrary: hitting });
    return fc.array(fc.array(value, { minLength: FIELDS.length, maxLength: FIELDS.length }), { minLength: 1, maxLength: 40 });
  };

  return { rules, events };
}

/** Every string operand of the rules, so events can hit them. */
export function operandStrings(rules: CheckedRules): string[] {
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

function recase(value: string, choices: number[]): string {
  return [...value]
    .map((char, i) => {
      const members = caseClassOf(char.codePointAt(0)!);
      return String.fromCodePoint(members[choices[i % choices.length]! % members.length]!);
    })
    .join('');
}
