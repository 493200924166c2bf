// One rules file as the editor features see it: its text, syntax tree, checked rules
// and line index, built once per version. The fast diagnostics (syntax, checker,
// expectations, unknown fields) are computed here on every change; the exact
// analysis runs apart (the server schedules it in the background).

import { parseChannels } from '../../grammar/parse';
import type { ParseResult } from '../../grammar/syntax-tree';
import { checkRules } from '../check/check-rules';
import type { CheckedRules } from '../check/checked-rules';
import type { Classifier } from '../classify/classifier';
import { compileClassifier } from '../classify/compile-classifier';
import { compareDiagnostics, syntaxDiagnostics, type Diagnostic } from '../diagnostics';
import { LineIndex } from '../text/line-index';

export interface RulesDocument {
  text: string;
  parsed: ParseResult;
  checked: CheckedRules;
  lines: LineIndex;
}

export function buildRulesDocument(text: string): RulesDocument {
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  return { text, parsed, checked, lines: new LineIndex(text) };
}

/** Syntax errors and checker diagnostics, in position order. */
export function syntaxAndCheckDiagnostics(document: RulesDocument): Diagnostic[] {
  return [...syntaxDiagnostics(document.parsed.errors), ...document.checked.diagnostics].sort(compareDiagnostics);
}

const classifiers = new WeakMap<RulesDocument, Classifier>();

/** The document's compiled classifier, built on first use. */
export function classifierOf(document: RulesDocument): Classifier {
  let classifier = classifiers.get(document);
  if (classifier === undefined) {
    classifier = compileClassifier(document.checked);
    classifiers.set(document, classifier);
  }
  return classifier;
}
