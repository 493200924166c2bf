// The agreement and unassigned rates: one decimal, rounded half up from the exact ratio, never all or none unless the counts say so.
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
    [3, 2000, '0.2 %'],
    // Exact halves round up: 1.45 % is not 1.4499… (toFixed of the float said 1.4 %).
    [29, 2000, '1.5 %'],
    [1, 2000, '0.1 %'],
    [1001, 2000, '50.1 %'],
    [2 ** 53 - 1, 2 ** 53 - 1, '100.0 %'],
    [2 ** 52, 2 ** 53 - 2, '50.0 %'],
  ])('%i of %i is %s', (part, whole, text) => {
    expect(sharePercent(part, whole)).toBe(text);
  });

  it('says all only for all, none only for none, and is the rounded share otherwise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }).chain((whole) => fc.tuple(fc.integer({ min: 0, max: whole }), fc.constant(whole))), ([part, whole]) => {
        const text = sharePercent(part, whole);
        expect(text === '100.0 %').toBe(part === whole);
        expect(text === '0.0 %').toBe(part === 0);
        // The exact share rounded half up: 10·text is within half a tenth of 1000·part/whole, an exact half going up.
        if (text.startsWith('>') || text.startsWith('<')) return;
        const tenths = BigInt(text.replace(' %', '').replace('.', ''));
        const scaled = 1000n * BigInt(part);
        expect(2n * tenths * BigInt(whole) <= 2n * scaled + BigInt(whole)).toBe(true);
        expect(2n * tenths * BigInt(whole) > 2n * scaled - BigInt(whole)).toBe(true);
      }),
    );
  });
});
