// Every diagnostic of one rules file, as `channel-rules check` reports them: syntax
// errors, the checker's, failed expectations, suspicious regexes and the exact
// analysis's (unreachable, unsatisfiable, overlapping rules, redundant conditions,
// an unreachable `otherwise`), in position order.

import { parseChannels } from '../../grammar/parse';
import type { ParseResult } from '../../grammar/syntax-tree';
import { NEVER_CANCELLED, type CancellationToken } from '../cancellation';
import { checkRules } from '../check/check-rules';
import type { CheckedRules } from '../check/checked-rules';
import { evaluateExpectations } from '../check/expectations';
import type { Classifier } from '../classify/classifier';
import { compileClassifier } from '../classify/compile-classifier';
import { compareDiagnostics, syntaxDiagnostics, type Diagnostic } from '../diagnostics';
import { analysisDiagnostics } from './analysis-diagnostics';
import { analyzeRules, type AnalysisLimits, type RuleListAnalysis } from './analyze-rules';
import { suspiciousRegexDiagnostics } from './suspicious-regex';

export interface CheckedDocument {
  parsed: ParseResult;
  checked: CheckedRules;
  classifier: Classifier;
  analysis: RuleListAnalysis;
  diagnostics: Diagnostic[];
}

export interface CheckDocumentOptions {
  /** How `file:line` references in messages name the file. */
  file: string;
  token?: CancellationToken;
  previous?: RuleListAnalysis;
  limits?: Partial<AnalysisLimits>;
}

export async function checkDocument(text: string, options: CheckDocumentOptions): Promise<CheckedDocument> {
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  const classifier = compileClassifier(checked);
  const analysis = await analyzeRules(checked, {
    token: options.token ?? NEVER_CANCELLED,
    ...(options.previous === undefined ? {} : { previous: options.previous }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  const diagnostics: Diagnostic[] = [
    ...syntaxDiagnostics(parsed.errors),
    ...checked.diagnostics,
    ...evaluateExpectations(checked, classifier, options.file),
    ...suspiciousRegexDiagnostics(parsed.tree, checked),
    ...analysisDiagnostics(checked, analysis, classifier),
  ].sort(compareDiagnostics);
  return { parsed, checked, classifier, analysis, diagnostics };
}
