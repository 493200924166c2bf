// Shared by the diff suites: rules text → a version (checked rules and the compiled
// classifier), the diff of two texts, and an independent check of every example the
// diff states: both versions' classifiers, compiled here, must give it the stated
// channels.

import { expect } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { diffRules, type DiffOptions, type RulesVersion } from '../../engine/diff/diff-rules';
import type { RulesDiff } from '../../engine/diff/rules-diff';

export function version(text: string): RulesVersion {
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  const errors = [...parsed.errors.map((error) => error.message), ...checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)];
  if (errors.length > 0) throw new Error(`rules with errors:\n${errors.join('\n')}\n${text}`);
  return { text, checked, classifier: compileClassifier(checked) };
}

export async function diffTexts(base: string, head: string, options: DiffOptions = {}): Promise<RulesDiff> {
  return diffRules(version(base), version(head), options);
}

/** Each move's example, classified by freshly compiled classifiers of both texts, moves as stated. */
export function expectExamplesConfirmed(diff: RulesDiff, base: string, head: string): void {
  const before = version(base).classifier;
  const after = version(head).classifier;
  for (const move of diff.moves) {
    const event = { ...move.example.event };
    expect(before.channelOf(before.classify(event)), `before: ${JSON.stringify(event)}`).toBe(move.from);
    expect(after.channelOf(after.classify(event)), `after: ${JSON.stringify(event)}`).toBe(move.to);
    expect(move.from).not.toBe(move.to);
  }
}

export function movePairs(diff: RulesDiff): Array<[string | null, string | null]> {
  return diff.moves.map((move) => [move.from, move.to]);
}
