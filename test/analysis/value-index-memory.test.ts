// The analysis's two indexes of rules by value (coverer-index, first-coverer) file a
// rule under every value of its `in` list: a list of 800,000 values must not make
// 800,000 arrays in each. They answer as before: the rules holding a value, in order.

import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { CovererIndex } from '../../engine/analysis/coverer-index';
import { FirstCoverer } from '../../engine/analysis/first-coverer';
import { Budget, RegionSpace, type Coverer } from '../../engine/analysis/regions';
import { retainedBytes } from '../support/retained-bytes';

const VALUES = 100_000;

function listRules(): { space: RegionSpace; coverers: Coverer[] } {
  const list = (prefix: string) => Array.from({ length: VALUES }, (_, i) => JSON.stringify(`${prefix}${i}`)).join(', ');
  // "a7" is in both lists, and in the third rule.
  const text = `channel "A"\n  when utm_source in [${list('a')}]\nchannel "B"\n  when utm_source in [${list('b')}, "a7"]\nchannel "C"\n  when utm_source = "a7"\n`;
  const checked = checkRules(parseChannels(text), text);
  const space = new RegionSpace([checked.rules]);
  return { space, coverers: checked.rules.flatMap((rule) => space.ruleRegion(rule).map((box) => ({ box, owner: rule.index }))) };
}

describe('the analysis indexes of rules by value', () => {
  it('hold a value of one rule as an entry, not an array of its own', () => {
    const { space, coverers } = listRules();
    const { value: indexes, bytes } = retainedBytes(() => ({ coverers: new CovererIndex(coverers), first: new FirstCoverer(space, coverers) }));
    // An entry of a Map per value in each (about 75 bytes with room to grow); an array of one
    // position for each besides held about 440.
    expect(bytes / (2 * VALUES)).toBeLessThan(200);
    const owners = (found: readonly Coverer[]) => found.map((coverer) => coverer.owner);
    expect(owners(indexes.coverers.candidates([coverers[2]!.box], 2))).toEqual([0, 1]);
    expect(owners(indexes.coverers.candidates([coverers[2]!.box], 1))).toEqual([0]);
    expect(owners(indexes.coverers.candidates([coverers[1]!.box], 1))).toEqual([0]);
    const budget = new Budget(1_000_000);
    expect(indexes.first.find({ utm_source: 'a7' }, 3, budget)).toBe(0);
    expect(indexes.first.find({ utm_source: 'b7' }, 3, budget)).toBe(1);
    expect(indexes.first.find({ utm_source: 'b7' }, 1, budget)).toBeUndefined();
    expect(indexes.first.find({ utm_source: 'c7' }, 3, budget)).toBeUndefined();
  });
});
