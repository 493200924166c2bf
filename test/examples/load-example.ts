// Loads an example rules file through the real parser, checker and classifier, with
// its `expect` statements evaluated, as `channel-rules check` / `test` see it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkRules } from '../../engine/check/check-rules';
import type { CheckedRules } from '../../engine/check/checked-rules';
import { evaluateExpectations } from '../../engine/check/expectations';
import type { Classifier } from '../../engine/classify/classifier';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import type { Diagnostic } from '../../engine/diagnostics';
import { parseChannels } from '../../grammar/parse';

export const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

export interface LoadedExample {
  text: string;
  checked: CheckedRules;
  classifier: Classifier;
  /** Syntax errors, checker diagnostics and failed expectations. */
  diagnostics: Diagnostic[];
  failedExpectations: Diagnostic[];
}

export function loadExample(name: string): LoadedExample {
  return loadRulesText(name, readFileSync(path.join(EXAMPLES, name), 'utf8'));
}

/** Rules text as if it were the example file `name`. */
export function loadRulesText(name: string, text: string): LoadedExample {
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  const classifier = compileClassifier(checked);
  const failedExpectations = evaluateExpectations(checked, classifier, name);
  const syntax: Diagnostic[] = parsed.errors.map((error) => ({ code: 'syntax', severity: 'error', message: error.message, span: error.span }));
  return { text, checked, classifier, diagnostics: [...syntax, ...checked.diagnostics, ...failedExpectations], failedExpectations };
}

/** "line N: code: message" for readable failure output. */
export function describeDiagnostics(example: LoadedExample, diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `line ${example.text.slice(0, d.span.start).split('\n').length}: ${d.code}: ${d.message}`);
}
