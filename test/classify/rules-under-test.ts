// Shared by the check and classify suites: text → checked rules → classifier, and the
// reference classification built only on evaluateValueTest (the definition).

import { parseChannels } from '../../grammar/parse';
import type { ParseResult } from '../../grammar/syntax-tree';
import { checkRules } from '../../engine/check/check-rules';
import type { CheckedRules, RuleCondition } from '../../engine/check/checked-rules';
import { OTHERWISE, UNCLASSIFIED, type Classifier } from '../../engine/classify/classifier';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import type { EventProps } from '../../engine/events/event';
import { fieldAccessor } from '../../engine/events/fields';
import { evaluateValueTest } from '../../engine/semantics/value-test';

export interface RulesUnderTest {
  text: string;
  parsed: ParseResult;
  checked: CheckedRules;
  classifier: Classifier;
}

export function rulesFrom(text: string): RulesUnderTest {
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  return { text, parsed, checked, classifier: compileClassifier(checked) };
}

/** Rules that must be free of syntax errors and checker errors. */
export function validRules(text: string): RulesUnderTest {
  const rules = rulesFrom(text);
  const errors = [
    ...rules.parsed.errors.map((error) => `syntax: ${error.message}`),
    ...rules.checked.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`),
  ];
  if (errors.length > 0) throw new Error(`rules have errors:\n${errors.join('\n')}\n---\n${text}`);
  return rules;
}

export function referenceHolds(condition: RuleCondition, props: EventProps): boolean {
  switch (condition.kind) {
    case 'test':
      return evaluateValueTest(condition.test, fieldAccessor(condition.field)(props));
    case 'not':
      return !referenceHolds(condition.operand, props);
    case 'and':
      return condition.operands.every((operand) => referenceHolds(operand, props));
    case 'or':
      return condition.operands.some((operand) => referenceHolds(operand, props));
  }
}

/** Classify by the definition: first rule whose condition holds, else otherwise / unclassified. */
export function referenceClassify(rules: CheckedRules, props: EventProps): number {
  for (const rule of rules.rules) if (referenceHolds(rule.condition, props)) return rule.index;
  return rules.otherwise !== undefined ? OTHERWISE : UNCLASSIFIED;
}

/** The channel the compiled classifier gives, null when unclassified. */
export function channelOf(rules: RulesUnderTest, props: EventProps): string | null {
  return rules.classifier.channelOf(rules.classifier.classify(props));
}
