// CheckedRules → one SQL CASE expression giving each row exactly the engine's channel:
// the rules in order (first that holds wins), then the `otherwise` channel, else NULL.

import type { Span } from '../../grammar/syntax-tree';
import type { CheckedRules, RuleCondition } from '../check/checked-rules';
import type { Dialect } from './dialect';
import { compileValueTest } from './compile-value-test';
import { and, isFalse, isTrue, not, or, type Predicate } from './predicate';
import { SqlCompileError } from './sql-compile-error';

export interface SqlWarning {
  message: string;
  span: Span;
}

export interface ChannelCase {
  /** The CASE expression (or a single literal when no rule can match). */
  sql: string;
  warnings: SqlWarning[];
}

/** The SQL expression that reads a field: a quoted column, or what --columns maps it to. */
export type ColumnOf = (field: string) => string;

export interface ChannelCaseOptions {
  /** Prefix of every line after the first (for nesting in a SELECT). */
  indent?: string;
}

export function compileChannelCase(
  rules: CheckedRules,
  dialect: Dialect,
  columnOf: ColumnOf,
  options: ChannelCaseOptions = {},
): ChannelCase {
  if (rules.skippedRules > 0) {
    throw new SqlCompileError(`${rules.skippedRules} rule(s) have errors; fix them before compiling to SQL`);
  }
  const warnings: SqlWarning[] = [];
  const branches: string[] = [];
  let fallback = rules.otherwise === undefined ? `CAST(NULL AS ${dialect.stringType})` : dialect.string(rules.otherwise.channel);
  for (const rule of rules.rules) {
    const predicate = compileCondition(rule.condition, dialect, columnOf, warnings);
    if (isFalse(predicate)) continue;
    const channel = dialect.string(rule.channel);
    if (isTrue(predicate)) {
      // Every later rule and the otherwise are unreachable: this channel is the default.
      fallback = channel;
      break;
    }
    branches.push(`WHEN ${predicate.sql} THEN ${channel}`);
  }
  if (branches.length === 0) return { sql: fallback, warnings };
  const indent = options.indent ?? '';
  const lines = ['CASE', ...branches.map((branch) => `  ${branch}`), `  ELSE ${fallback}`, 'END'];
  return { sql: lines.join(`\n${indent}`), warnings };
}

function compileCondition(condition: RuleCondition, dialect: Dialect, columnOf: ColumnOf, warnings: SqlWarning[]): Predicate {
  switch (condition.kind) {
    case 'and':
      return and(condition.operands.map((operand) => compileCondition(operand, dialect, columnOf, warnings)));
    case 'or':
      return or(condition.operands.map((operand) => compileCondition(operand, dialect, columnOf, warnings)));
    case 'not':
      return not(compileCondition(condition.operand, dialect, columnOf, warnings));
    case 'test': {
      const { test, field, span } = condition;
      if (test.missing !== test.null) {
        warnings.push({
          span,
          message:
            `SQL has one NULL for a missing field and a JSON null: a NULL "${field}" is taken as missing, ` +
            `so this condition is ${test.missing ? 'true' : 'false'} for it (on a JSON null the engine says ${test.null ? 'true' : 'false'})`,
        });
      }
      try {
        return compileValueTest(columnOf(field), test, dialect);
      } catch (error) {
        if (error instanceof SqlCompileError && error.span === undefined) error.span = span;
        throw error;
      }
    }
  }
}
