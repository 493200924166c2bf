// Why one event gets its channel (the preview's "why" panel): the rule that matched,
// and for every earlier rule the condition that made it fail, with the value the
// event has there. Evaluates with the classifier's own compiled value tests, so the
// explanation cannot disagree with the classification.

import type { Span } from '../../grammar/syntax-tree';
import type { CheckedRules, RuleCondition } from '../check/checked-rules';
import type { EventProps } from '../events/event';
import { PLAIN_FIELDS, type FieldLookup } from '../events/fields';
import type { FieldValue } from '../semantics/value-test';
import { OTHERWISE, UNCLASSIFIED } from './classifier';
import { compileValueTest, type ValuePredicate } from './compile-value-test';

export interface FailedCondition {
  /**
   * The condition that decided the failure: a single test where one decides, else the
   * smallest `and` / `or` / `not` that does (e.g. an `or` whose every branch failed).
   */
  span: Span;
  /** The first field tested inside `span`, and the event's value of it. */
  field: string;
  value: FieldValue;
}

export interface RuleFailure {
  ruleIndex: number;
  condition: FailedCondition;
}

export interface EventExplanation {
  /** Index of the matching rule, else OTHERWISE or UNCLASSIFIED (as Classifier.classify). */
  result: number;
  channel: string | null;
  /** Every rule before the matching one (all rules when none matched), in order. */
  failed: RuleFailure[];
}

const predicateCache = new WeakMap<RuleCondition, ValuePredicate>();

function predicateOf(condition: Extract<RuleCondition, { kind: 'test' }>): ValuePredicate {
  let predicate = predicateCache.get(condition);
  if (predicate === undefined) {
    predicate = compileValueTest(condition.test);
    predicateCache.set(condition, predicate);
  }
  return predicate;
}

/** `fields`: how the event's fields are looked up (its file's source system). */
export function explainEvent(rules: CheckedRules, props: EventProps, fields: FieldLookup = PLAIN_FIELDS): EventExplanation {
  const values = new Map<string, FieldValue>();
  const read = (field: string): FieldValue => {
    if (!values.has(field)) values.set(field, fields.accessor(field)(props));
    return values.get(field);
  };
  const holds = (condition: RuleCondition): boolean => {
    switch (condition.kind) {
      case 'test':
        return predicateOf(condition)(read(condition.field));
      case 'not':
        return !holds(condition.operand);
      case 'and':
        return condition.operands.every(holds);
      case 'or':
        return condition.operands.some(holds);
    }
  };
  /** The node that gives `condition` the outcome `outcome`. */
  const decider = (condition: RuleCondition, outcome: boolean): RuleCondition => {
    switch (condition.kind) {
      case 'test':
        return condition;
      case 'not':
        // Shown whole: the part inside holds (or fails), which is the reason.
        return condition;
      case 'and':
        // false: the first operand that fails; true: every operand does, none alone.
        return outcome ? condition : decider(condition.operands.find((operand) => !holds(operand))!, false);
      case 'or':
        return outcome ? decider(condition.operands.find(holds)!, true) : condition;
    }
  };

  const failed: RuleFailure[] = [];
  for (const rule of rules.rules) {
    if (holds(rule.condition)) {
      return { result: rule.index, channel: rule.channel, failed };
    }
    const node = decider(rule.condition, false);
    const field = firstField(node);
    failed.push({ ruleIndex: rule.index, condition: { span: node.span, field, value: read(field) } });
  }
  if (rules.otherwise !== undefined) return { result: OTHERWISE, channel: rules.otherwise.channel, failed };
  return { result: UNCLASSIFIED, channel: null, failed };
}

function firstField(condition: RuleCondition): string {
  switch (condition.kind) {
    case 'test':
      return condition.field;
    case 'not':
      return firstField(condition.operand);
    case 'and':
    case 'or':
      return firstField(condition.operands[0]!);
  }
}
