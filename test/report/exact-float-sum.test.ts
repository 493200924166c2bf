// The exact float sum behind time decay's totals, against BigInt arithmetic: the
// correctly rounded sum whatever the order of the additions, and CreditTotals built in
// two parts and merged equal to the totals built in one.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToPartials, roundedSum } from '../../engine/report/exact-float-sum';
import { CreditTotals } from '../../engine/report/credit-totals';

/** m × 2^e, exact as a double: m a 53-bit integer, e small enough that every sum stays a normal number. */
const LOWEST_EXPONENT = -92;
const term = fc.record({ m: fc.integer({ min: -(2 ** 53 - 1), max: 2 ** 53 - 1 }), e: fc.integer({ min: LOWEST_EXPONENT, max: -33 }) });
type Term = { m: number; e: number };

const valueOf = ({ m, e }: Term): number => m * 2 ** e;

/** The exact sum as an integer count of 2^LOWEST_EXPONENT; Number() of a BigInt rounds to nearest, ties to even. */
function reference(terms: readonly Term[]): number {
  let sum = 0n;
  for (const { m, e } of terms) sum += BigInt(m) << BigInt(e - LOWEST_EXPONENT);
  return Number(sum) * 2 ** LOWEST_EXPONENT;
}

function summed(values: readonly number[]): number {
  const partials: number[] = [];
  for (const value of values) addToPartials(partials, value);
  return roundedSum(partials);
}

describe('exact float sum', () => {
  it('is the correctly rounded exact sum, in any order', () => {
    fc.assert(
      fc.property(fc.array(term, { maxLength: 40 }), fc.integer(), (terms, seed) => {
        const values = terms.map(valueOf);
        const expected = reference(terms);
        expect(summed(values)).toBe(expected);
        // Reversed and rotated: the same bits.
        expect(summed([...values].reverse())).toBe(expected);
        const shift = values.length === 0 ? 0 : Math.abs(seed) % values.length;
        expect(summed([...values.slice(shift), ...values.slice(0, shift)])).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps what a running sum loses', () => {
    // 1 + 2^-53 + 2^-53: a running sum gives 1 (each half-ulp rounds to even); the exact sum is 1 + 2^-52.
    expect(summed([1, 2 ** -53, 2 ** -53])).toBe(1 + 2 ** -52);
    expect(summed([2 ** -53, 2 ** -53, 1])).toBe(1 + 2 ** -52);
    expect(summed([1e16, 1, -1e16])).toBe(1);
    expect(summed([])).toBe(0);
  });

  it('rounds a tie to even, unless the partials below it push it off the tie (as math.fsum)', () => {
    const ulp = 2 ** -52;
    expect(summed([1, ulp / 2])).toBe(1); // a tie: to even
    expect(summed([1 + ulp, ulp / 2])).toBe(1 + 2 * ulp); // a tie: to even, upwards
    expect(summed([1, ulp / 2, 2 ** -100])).toBe(1 + ulp); // just above the tie
    expect(summed([2 ** -100, ulp / 2, 1])).toBe(1 + ulp);
    expect(summed([1, ulp / 2, -(2 ** -100)])).toBe(1); // just below it
    expect(summed([-1, -ulp / 2, -(2 ** -100)])).toBe(-1 - ulp); // negative: the same, mirrored
    expect(summed([-1, -ulp / 2, 2 ** -100])).toBe(-1);
    expect(summed([0.1, 0.2, 0.3])).toBe(0.6); // math.fsum([0.1, 0.2, 0.3]) == 0.6; a running sum gives 0.6000000000000001
  });

  it('CreditTotals in two parts, merged, total what one gives', () => {
    const credit = fc.record({
      channel: fc.integer({ min: 0, max: 2 }),
      kind: fc.constantFrom('exact', 'approximate'),
      numerator: fc.integer({ min: 1, max: 9 }),
      denominator: fc.integer({ min: 1, max: 12 }),
      weight: fc.double({ min: 1e-9, max: 1, noNaN: true }),
      part: fc.integer({ min: 0, max: 1 }),
    });
    fc.assert(
      fc.property(fc.array(fc.array(credit, { maxLength: 8 }), { maxLength: 12 }), (users) => {
        const whole = new CreditTotals(3);
        const parts = [new CreditTotals(3), new CreditTotals(3)];
        users.forEach((credits, user) => {
          // A user's credits all go to one part, as a thread gets whole users.
          const part = parts[credits[0]?.part ?? 0]!;
          whole.setUser(user);
          part.setUser(user);
          for (const each of credits) {
            for (const totals of [whole, part]) {
              if (each.kind === 'exact') totals.exact(each.channel, each.numerator, each.denominator);
              else totals.approximate(each.channel, each.weight);
            }
          }
        });
        parts[0]!.merge(structuredClone(parts[1]!.state()));
        for (let channel = 0; channel < 3; channel++) {
          expect(parts[0]!.total(channel)).toBe(whole.total(channel));
          expect(parts[0]!.uniques(channel)).toBe(whole.uniques(channel));
        }
      }),
      { numRuns: 300 },
    );
  });
});
