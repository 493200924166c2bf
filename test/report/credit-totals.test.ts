// Exact credit totals: sums of fractions rounded half up to 6 places, against BigInt
// sums over the common denominator, including sums that land exactly where the
// rounding turns and sums over thousands of denominators.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CreditTotals } from '../../engine/report/credit-totals';

function reference(fractions: Array<[number, number]>): number {
  let num = 0n;
  let den = 1n;
  for (const [n, d] of fractions) {
    num = num * BigInt(d) + BigInt(n) * den;
    den *= BigInt(d);
  }
  return Number((2n * num * 1_000_000n + den) / (2n * den)) / 1e6;
}

function total(fractions: Array<[number, number]>): number {
  const totals = new CreditTotals(1);
  totals.setUser(0);
  for (const [n, d] of fractions) totals.exact(0, n, d);
  return totals.total(0);
}

describe('exact credit totals', () => {
  it.each<[string, Array<[number, number]>, number]>([
    ['half a millionth rounds up', [[1, 2_000_000]], 0.000001],
    ['just under half a millionth rounds down', [[1, 2_000_001]], 0],
    ['three thirds are one', [[1, 3], [1, 3], [1, 3]], 1],
    ['halves that meet the turn exactly', [[1, 4_000_000], [1, 4_000_000]], 0.000001],
  ])('%s', (_, fractions, expected) => {
    expect(total(fractions)).toBe(expected);
    expect(reference(fractions)).toBe(expected);
  });

  it('1/n for n = 1 … 3000 (the linear model of one user with 3000 conversions)', () => {
    const fractions: Array<[number, number]> = [];
    for (let n = 1; n <= 3000; n++) fractions.push([n % 7, n]);
    expect(total(fractions)).toBe(reference(fractions));
  });

  it('a sum at the rounding turn over 200,000 denominators, summed exactly by halves', () => {
    // Σ 1/(n(n+1)) = 1 − 1/(K+1); with 1/(K+1) and half a millionth the total sits exactly
    // where the rounding turns, so the float estimate cannot decide and the exact sum
    // runs. Its cost per doubling is in `npm run bench -- --only linear` (it was quadratic:
    // 12.5 s here before it was summed by halves, 0.9 s after).
    const K = 200_000;
    const fractions: Array<[number, number]> = [];
    for (let n = 1; n <= K; n++) fractions.push([1, n * (n + 1)]);
    fractions.push([1, K + 1], [1, 2_000_000]);
    expect(total(fractions)).toBe(1.000001);
  });

  it('random fractions', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 5_000_000 })), { maxLength: 30 }), (fractions) => {
        expect(total(fractions)).toBe(reference(fractions));
      }),
      { numRuns: 300 },
    );
  });
});
