// Issue 11's one timed requirement: a rule with /(a|aa)*b/ classifies a 1 MB value in
// under 100 ms. (The house rule is no timed assertions; the issue asks for this one.
// The work is timed alone, outside vitest's start-up; it takes a few ms to ~30 ms on a
// loaded machine, so the bound has a wide margin. A backtracking RegExp needs longer
// than the age of the universe on this value.)

import { describe, expect, it } from 'vitest';
import { validRules } from './rules-under-test';

describe('classification in linear time', () => {
  it('a rule with /(a|aa)*b/ classifies a 1 MB value in under 100 ms', () => {
    const value = `${'a'.repeat(1_000_000)}c`;
    const started = performance.now();
    const { classifier } = validRules('channel "Evil"\n  when utm_medium matches /(a|aa)*b/\notherwise "Other"\n');
    const result = classifier.channelOf(classifier.classify({ utm_medium: value }));
    const elapsed = performance.now() - started;
    expect(result).toBe('Other');
    expect(elapsed).toBeLessThan(100);
    // And a value that matches, found as soon as the match ends.
    expect(classifier.channelOf(classifier.classify({ utm_medium: `${value}aab` }))).toBe('Evil');
  });
});
