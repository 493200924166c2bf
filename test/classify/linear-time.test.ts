// Issue 11's one timed requirement: a rule with /(a|aa)*b/ classifies a 1 MB value in
// under 100 ms. (The house rule is no timed assertions; the issue asks for this one.)
// The work is timed alone, outside vitest's start-up, after a warm-up on a short value
// (so the JIT has compiled the matcher), best of three: a few ms each on an idle machine,
// so the bound holds with a wide margin even with other suites running beside it. A
// backtracking RegExp needs longer than the age of the universe on this value.

import { describe, expect, it } from 'vitest';
import { validRules } from './rules-under-test';

describe('classification in linear time', () => {
  it('a rule with /(a|aa)*b/ classifies a 1 MB value in under 100 ms', () => {
    const { classifier } = validRules('channel "Evil"\n  when utm_medium matches /(a|aa)*b/\notherwise "Other"\n');
    const classify = (value: string) => classifier.channelOf(classifier.classify({ utm_medium: value }));
    for (let i = 0; i < 20; i++) expect(classify(`${'a'.repeat(10_000 + i)}c`)).toBe('Other');

    const timings: number[] = [];
    for (const last of ['c', 'd', 'e']) {
      const value = `${'a'.repeat(1_000_000)}${last}`;
      const started = performance.now();
      const channel = classify(value);
      timings.push(performance.now() - started);
      expect(channel).toBe('Other');
    }
    expect(Math.min(...timings), `timings ${timings.map((ms) => ms.toFixed(1)).join(', ')} ms`).toBeLessThan(100);
    // And a value that matches, found as soon as the match ends.
    expect(classify(`${'a'.repeat(1_000_000)}aab`)).toBe('Evil');
  });
});
