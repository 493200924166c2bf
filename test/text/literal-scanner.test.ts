// engine/text/literal-scanner: which literals occur in a string.

import { describe, expect, it } from 'vitest';
import { LiteralScanner } from '../../engine/text/literal-scanner';
import { analyseFacts } from '../analysis/analysis-support';

function found(literals: string[], value: string): number[] {
  const seen = new Set<number>();
  new LiteralScanner(literals).scan(value, (literal) => seen.add(literal));
  return [...seen].sort((a, b) => a - b);
}

describe('LiteralScanner', () => {
  it('finds an empty literal in every value, the empty one included', () => {
    // The literal of `starts with ""` and `ends with ""` (a leaf of the analysis with key "").
    expect(found(['', 'ab'], '')).toEqual([0]);
    expect(found(['', 'ab'], 'xab')).toEqual([0, 1]);
    expect(found(['b'], '')).toEqual([]);
  });

  it('lets the analysis see that `ends with ""` takes the empty value (a later `= ""` is unreachable)', async () => {
    for (const first of ['a ends with ""', 'a starts with ""']) {
      const { analysis } = await analyseFacts(`channel "A"\n  when ${first}\nchannel "B"\n  when a = ""\n`);
      expect(analysis.rules[1]!.status, first).toBe('unreachable');
      expect(analysis.rules[1]!.coveredBy).toEqual([0]);
    }
  });
});
