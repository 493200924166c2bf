// The rules the sections classify with: parse, check and compile, as every command does.
// Rules with errors stop the benchmark with the first error's line, since figures for
// half-checked rules would measure something else.

import { readFileSync } from 'node:fs';
import { checkRules } from '../engine/check/check-rules';
import type { CheckedRules } from '../engine/check/checked-rules';
import type { Classifier } from '../engine/classify/classifier';
import { compileClassifier, type CompileOptions } from '../engine/classify/compile-classifier';
import { parseChannels } from '../grammar/parse';

export interface BenchRules {
  checked: CheckedRules;
  classifier: Classifier;
}

export function loadBenchRules(file: string, options: CompileOptions = {}): BenchRules {
  return loadBenchRulesText(readFileSync(file, 'utf8'), file, options);
}

/** `file`: named in the error. */
export function loadBenchRulesText(text: string, file: string, options: CompileOptions = {}): BenchRules {
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  const error = [...parsed.errors, ...checked.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')][0];
  if (error !== undefined) {
    const line = text.slice(0, error.span.start).split('\n').length;
    throw new Error(`${file}:${line}: ${error.message}`);
  }
  return { checked, classifier: compileClassifier(checked, undefined, options) };
}
