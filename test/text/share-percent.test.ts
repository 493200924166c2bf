// The agreement and unassigned rates: one decimal, never all or none unless the counts say so.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharePercent } from '../../engine/text/share-percent';

describe('sharePercent', () => {
  it.each([
    [1999, 2000, '> 99.9 %'],
    [2000, 2000, '100.0 %'],
    [1, 20000, '< 0.1 %'],
    [0, 2000, '0.0 %'],
    [2, 6, '33.3 %'],
    [1, 3, '33.3 %'],
    [3, 2000, '0.1 %'],
  ])('%i of %i is %s', (part, whole, text) => {
    expect(sharePercent(part, whole)).toBe(text);
  });

  it('says all only for all, none only for none, and is the rounded share otherwise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }).chain((whole) => fc.tuple(fc.integer({ min: 0, max: whole }), fc.constant(whole))), ([part, whole]) => {
        const text = sharePercent(part, whole);
        expect(text === '100.0 %').toBe(part === whole);
        expect(text === '0.0 %').toBe(part === 0);
        if (!text.startsWith('>') && !text.startsWith('<')) expect(text).toBe(`${((100 * part) / whole).toFixed(1)} %`);
      }),
    );
  });
});
