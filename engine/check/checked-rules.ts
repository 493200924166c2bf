// Checked rules: the syntax tree with lists resolved, case modes applied and every
// condition reduced to a ValueTest (engine/semantics/value-test). This is what the
// classifier, the analysis, the diff and the SQL compiler consume. Rules whose
// `when` could not be checked completely (syntax errors, unknown lists, bad regexes)
// are left out of `rules` and counted in `skippedRules`, so downstream work only
// ever sees rules whose meaning is exact.

import type { Span } from '../../grammar/syntax-tree';
import type { Diagnostic } from '../diagnostics';
import type { FieldValue, ValueTest } from '../semantics/value-test';

export type RuleCondition =
  | { kind: 'and'; operands: RuleCondition[]; span: Span }
  | { kind: 'or'; operands: RuleCondition[]; span: Span }
  | { kind: 'not'; operand: RuleCondition; span: Span }
  | ConditionTest;

export interface ConditionTest {
  kind: 'test';
  /** Flattened dotted field name. */
  field: string;
  test: ValueTest;
  /** The condition as written (field to case modifier). */
  span: Span;
}

export interface Rule {
  /** Position in the order of all checked rules, 0-based. */
  index: number;
  channel: string;
  condition: RuleCondition;
  /** The `when` clause. */
  span: Span;
  /** The `channel "…"` name literal of the block the rule belongs to. */
  channelSpan: Span;
  /** 1-based line of the `when` keyword (for `file:line` references). */
  line: number;
}

export interface CheckedList {
  name: string;
  values: string[];
  span: Span;
  nameSpan: Span;
}

export interface CheckedExpectation {
  /** null for `expect unclassified`. */
  channel: string | null;
  /** Field values of the event; fields not named are missing. */
  event: Record<string, FieldValue>;
  span: Span;
}

export interface CheckedRules {
  caseInsensitive: boolean;
  rules: Rule[];
  otherwise?: { channel: string; span: Span; line: number };
  /** Channel names in the order of first appearance (channel blocks and otherwise). */
  channels: string[];
  lists: Map<string, CheckedList>;
  expectations: CheckedExpectation[];
  /** Every field the rules test, in order of first appearance. */
  fields: string[];
  /** `when` clauses left out of `rules` because they have errors. */
  skippedRules: number;
  /** Checker diagnostics (syntax errors are reported by the parser, not repeated here). */
  diagnostics: Diagnostic[];
}
