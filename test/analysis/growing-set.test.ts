// GrowingSet (engine/collections/growing-set): unions that share storage must still
// behave as independent immutable sets, whatever order they are built and branched in.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrowingSet } from '../../engine/collections/growing-set';

describe('GrowingSet.union', () => {
  it('every set built equals the plain union it stands for, after any later unions (branches included)', () => {
    const value = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
    const step = fc.tuple(fc.nat(), fc.array(value, { maxLength: 4 }), fc.boolean());
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const built: Array<{ set: ReadonlySet<string>; expected: Set<string> }> = [{ set: new Set(), expected: new Set() }];
        for (const [pick, values, swap] of steps) {
          const from = built[pick % built.length]!;
          const extra = new Set(values);
          const set = swap ? GrowingSet.union(extra, from.set) : GrowingSet.union(from.set, extra);
          built.push({ set, expected: new Set([...from.expected, ...values]) });
        }
        for (const { set, expected } of built) {
          expect(new Set(set)).toEqual(expected);
          expect(set.size).toBe(expected.size);
          for (const candidate of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'z']) expect(set.has(candidate)).toBe(expected.has(candidate));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a chain of one-value unions is charged the values added, not the values kept', () => {
    let set: ReadonlySet<string> = new Set(['s0']);
    let work = 0;
    for (let k = 1; k < 10_000; k++) set = GrowingSet.union(set, new Set([`s${k}`]), (values) => (work += values));
    expect(set.size).toBe(10_000);
    expect(set.has('s9999') && set.has('s0') && !set.has('s10000')).toBe(true);
    expect(work).toBeLessThan(20_000);
  });
});
