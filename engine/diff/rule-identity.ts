// What makes two rules "the same rule" across two versions of a rules file: the same
// channel and the same condition once the writing is set aside. Checked rules already
// have lists resolved to their values (a renamed list is no change), spans are
// ignored (reformatting and comments are no change), and here the condition is put in
// a normal form: `not` pushed into tests (`not a = "x"` is `a != "x"`), nested
// `and`/`or` flattened, operands sorted and deduplicated, `in` values sorted. Rules
// whose conditions differ in writing but not in meaning (`a = "x" or a = "y"` and
// `a in ["x", "y"]`) are found equal by the region model in ./rule-changes.

import type { Rule, RuleCondition } from '../check/checked-rules';
import { negateValueTest, type ValueTest } from '../semantics/value-test';

/** The rule's channel and normalized condition: equal keys ⇔ the same rule, written differently at most. */
export function ruleIdentity(rule: Rule): string {
  return `${JSON.stringify(rule.channel)}\u0000${normalizedConditionKey(rule.condition)}`;
}

/** The condition's normal form as a string. */
export function normalizedConditionKey(condition: RuleCondition): string {
  return keyOf(condition, false);
}

type Normal = { kind: 'test'; key: string } | { kind: 'and' | 'or'; operands: Normal[]; key: string };

function keyOf(condition: RuleCondition, negated: boolean): string {
  return normalize(condition, negated).key;
}

function normalize(condition: RuleCondition, negated: boolean): Normal {
  switch (condition.kind) {
    case 'test':
      return { kind: 'test', key: `${JSON.stringify(condition.field)}:${testKey(negated ? negateValueTest(condition.test) : condition.test)}` };
    case 'not':
      return normalize(condition.operand, !negated);
    case 'and':
    case 'or': {
      // De Morgan: under negation an `and` becomes an `or` of negated operands.
      const kind = (condition.kind === 'and') !== negated ? 'and' : 'or';
      const byKey = new Map<string, Normal>();
      for (const operand of condition.operands) {
        const normal = normalize(operand, negated);
        const flattened = normal.kind === kind ? normal.operands : [normal];
        for (const part of flattened) byKey.set(part.key, part);
      }
      const operands = [...byKey.keys()].sort().map((key) => byKey.get(key)!);
      // One operand is itself (an `and` of nothing stays `and()`: true; an `or` of nothing: false).
      if (operands.length === 1) return operands[0]!;
      return { kind, operands, key: `${kind}(${operands.map((operand) => operand.key).join(',')})` };
    }
  }
}

function testKey(test: ValueTest): string {
  const strings = test.strings;
  // Case does not matter to "every string"; order and repeats do not matter to a set.
  const ignoreCase = strings.kind === 'all' ? false : test.ignoreCase;
  const set =
    strings.kind === 'all'
      ? 'all'
      : strings.kind === 'equals'
        ? `equals${JSON.stringify([...new Set(strings.values)].sort())}`
        : strings.kind === 'regex'
          ? `regex${JSON.stringify(strings.pattern)}`
          : `${strings.kind}${JSON.stringify(strings.value)}`;
  return `${test.missing ? 'M' : 'm'}${test.null ? 'N' : 'n'}${test.complement ? 'C' : 'c'}${ignoreCase ? 'I' : 'i'}${set}`;
}
