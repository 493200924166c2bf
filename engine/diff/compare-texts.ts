// "Compare with…" on two texts: parse, check and compile each version, then the
// semantic diff (./diff-rules). The editor's compare panel asks the language server
// for this (channelRules/diff), so the client never carries the analysis engine.
//
// A version with errors cannot be compared exactly: that is a VersionWithErrors
// naming its first error (line and message), never a partial diff.

import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../check/check-rules';
import { compileClassifier } from '../classify/compile-classifier';
import { LineIndex } from '../text/line-index';
import { diffRules, type DiffOptions, type RulesVersion } from './diff-rules';
import type { RulesDiff } from './rules-diff';

export class VersionWithErrors extends Error {}

/** The diff of `headText` against `baseText`; `baseLabel` names the base in messages ("main version"). */
export async function compareTexts(baseText: string, headText: string, baseLabel: string, options: DiffOptions = {}): Promise<RulesDiff> {
  const base = rulesVersion(baseText, `the ${baseLabel}`);
  const head = rulesVersion(headText, 'this version');
  return diffRules(base, head, options);
}

/** Parses, checks and compiles one version (`which`: "the main version", "this version"); throws VersionWithErrors when it has errors. */
export function rulesVersion(text: string, which: string): RulesVersion {
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  const errors = [
    ...parsed.errors.map((error) => ({ message: error.message, start: error.span.start })),
    ...checked.diagnostics
      .filter((diagnostic) => diagnostic.severity === 'error' && diagnostic.code !== 'failed-expectation')
      .map((diagnostic) => ({ message: diagnostic.message, start: diagnostic.span.start })),
  ].sort((a, b) => a.start - b.start);
  if (errors.length > 0) {
    const first = errors[0]!;
    const at = new LineIndex(text).position(first.start);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new VersionWithErrors(`${which.charAt(0).toUpperCase()}${which.slice(1)} has errors, so it cannot be compared exactly: line ${at.line + 1}: ${first.message}${more}`);
  }
  return { text, checked, classifier: compileClassifier(checked) };
}
