// Reading a rules file for the commands that run rules (report, classify, test):
// parse, check, compile. A file that cannot be read, or whose rules have errors, is
// "unreadable rules": one line naming the first error's place, exit 2.

import fs from 'node:fs';
import { parseChannels } from '../grammar/parse';
import type { ParseResult } from '../grammar/syntax-tree';
import type { CheckedRules } from '../engine/check/checked-rules';
import { checkRules } from '../engine/check/check-rules';
import type { Classifier } from '../engine/classify/classifier';
import { compileClassifier } from '../engine/classify/compile-classifier';
import { compareDiagnostics, syntaxDiagnostics, type Diagnostic } from '../engine/diagnostics';
import { LineIndex } from '../engine/text/line-index';
import { UsageError } from './command';

export interface LoadedRules {
  /** The path as the user gave it (used in `file:line` references). */
  file: string;
  text: string;
  lineIndex: LineIndex;
  parsed: ParseResult;
  checked: CheckedRules;
  classifier: Classifier;
  /** Syntax and checker diagnostics, in position order. */
  diagnostics: Diagnostic[];
}

export function readTextFile(command: string, file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new UsageError(`${command}: cannot read ${what} ${file}: ${reason}`);
  }
}

/** Parses and checks rules text; no I/O. */
export function compileRulesText(file: string, text: string): LoadedRules {
  const lineIndex = new LineIndex(text);
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  const diagnostics = [...syntaxDiagnostics(parsed.errors), ...checked.diagnostics].sort(compareDiagnostics);
  return { file, text, lineIndex, parsed, checked, classifier: compileClassifier(checked), diagnostics };
}

/** Reads rules that must be free of errors (report, classify, test). */
export function loadRules(command: string, file: string): LoadedRules {
  const loaded = compileRulesText(file, readTextFile(command, file, 'rules file'));
  const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error' && diagnostic.code !== 'failed-expectation');
  if (errors.length > 0) {
    const first = errors[0]!;
    const at = loaded.lineIndex.position(first.span.start);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''}; run \`channel-rules check ${file}\`)` : '';
    throw new UsageError(`${command}: ${file}:${at.line + 1}:${at.character + 1}: ${first.code}: ${first.message}${more}`);
  }
  return loaded;
}

/** `file:line` of a rule, as SPEC §7.2 `rule`. */
export function ruleReference(loaded: LoadedRules, ruleIndex: number): string {
  return `${loaded.file}:${loaded.checked.rules[ruleIndex]!.line}`;
}
