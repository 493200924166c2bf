// Shared by the analysis suites: rules text → checked rules, classifier, analysis and
// its diagnostics; and the reference meaning of a rule (evaluateValueTest on the
// field values), which the brute-force checks hold the analysis to.

import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import type { CheckedRules, RuleCondition } from '../../engine/check/checked-rules';
import type { Classifier } from '../../engine/classify/classifier';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import type { Diagnostic } from '../../engine/diagnostics';
import { fieldAccessor } from '../../engine/events/fields';
import { evaluateValueTest, type FieldValue } from '../../engine/semantics/value-test';
import { analysisDiagnostics } from '../../engine/analysis/analysis-diagnostics';
import { analyzeRules, type AnalysisOptions, type RuleListAnalysis } from '../../engine/analysis/analyze-rules';

export interface Analysed {
  text: string;
  checked: CheckedRules;
  classifier: Classifier;
  analysis: RuleListAnalysis;
  diagnostics: Diagnostic[];
}

/** Checks the text (which must have no errors) and analyses it. */
export async function analyse(text: string, options: AnalysisOptions = {}): Promise<Analysed> {
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  const errors = [...parsed.errors.map((error) => error.message), ...checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)];
  if (errors.length > 0) throw new Error(`rules with errors:\n${errors.join('\n')}\n${text}`);
  const classifier = compileClassifier(checked);
  const analysis = await analyzeRules(checked, options);
  return { text, checked, classifier, analysis, diagnostics: analysisDiagnostics(checked, analysis, classifier) };
}

/** As `analyse`, without the diagnostics (whose engine checks of every example a test may leave to a sample). */
export async function analyseFacts(text: string, options: AnalysisOptions = {}): Promise<Omit<Analysed, 'diagnostics'>> {
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  if (parsed.errors.length > 0 || checked.diagnostics.some((d) => d.severity === 'error')) throw new Error(`rules with errors:\n${text}`);
  return { text, checked, classifier: compileClassifier(checked), analysis: await analyzeRules(checked, options) };
}

/** Event properties as the analysis writes examples: flat keys, missing fields absent. */
export type Event = Record<string, string | null>;

/** Whether the condition holds for the event, by the definition (value-test), not the classifier. */
export function holds(condition: RuleCondition, event: Event): boolean {
  switch (condition.kind) {
    case 'test': {
      const value: FieldValue = fieldAccessor(condition.field)(event);
      return evaluateValueTest(condition.test, value);
    }
    case 'not':
      return !holds(condition.operand, event);
    case 'and':
      return condition.operands.every((operand) => holds(operand, event));
    case 'or':
      return condition.operands.some((operand) => holds(operand, event));
  }
}

/** The 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The text a span covers. */
export function textOf(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}
