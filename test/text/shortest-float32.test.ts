// The shortest decimal that reads back as a float32 (engine/text/shortest-float32),
// over random bit patterns (subnormals, powers of two, whose interval is narrower
// below, and the largest float included): it reads back as the float, no decimal of
// fewer significant digits does (each count tried by the decimals either side of the
// float), and of the decimals of its count either side of the float none is nearer; of
// two as near, the even one (17171.5625: 17171.562).
// DuckDB's text of the same floats is compared in test/events/parquet-float.test.ts.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortestFloat32 } from '../../engine/text/shortest-float32';

const float = new Float32Array(1);
const bits = new Uint32Array(float.buffer);

function floatOf(pattern: number): number {
  bits[0] = pattern;
  return float[0]!;
}

/** The significant digits of a positive number's text, and the power of ten of the last. */
function digitsOf(value: number): { digits: bigint; exponent: number } {
  const [mantissa, power = '0'] = String(value).split('e');
  const [whole, fraction = ''] = mantissa!.split('.');
  return { digits: BigInt(whole! + fraction), exponent: Number(power) - fraction.length };
}

/** The decimals of `count` significant digits next below and above `value` (positive). */
function decimalsAround(value: number, count: number): number[] {
  // The power of ten of the first digit (no float32 is a double's rounding away from a power of ten it is not).
  const [mantissa, power] = value.toExponential().split('e');
  const e = Number(power) - count + 1;
  const scaled = Number(`${mantissa}e${Number(power) - e}`);
  return [Math.floor(scaled), Math.ceil(scaled)].map((digits) => Number(`${digits}e${e}`));
}

const readsBack = (decimal: number, value: number) => Math.fround(decimal) === value;

describe('shortestFloat32', () => {
  it('reads back, and no decimal of fewer digits does; of its own count none either side is nearer', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: 0x7f7fffff }), fc.integer({ min: 1, max: 0x7fffff }), fc.integer({ min: 1, max: 254 }).map((exponent) => exponent << 23), fc.constantFrom(1, 0x7f7fffff, 0x3f800000, 0x46862b20)), (pattern) => {
        const value = floatOf(pattern);
        const shortest = shortestFloat32(value);
        expect(readsBack(shortest, value)).toBe(true);
        expect(decimalsAround(value, 1).every(Number.isFinite)).toBe(true);
        expect(shortestFloat32(-value)).toBe(-shortest);
        const { digits } = digitsOf(shortest);
        const count = digits.toString().replace(/0+$/, '').length;
        for (let fewer = 1; fewer < count; fewer++) for (const decimal of decimalsAround(value, fewer)) expect(readsBack(decimal, value), `${decimal} reads back as ${value}`).toBe(false);
        for (const decimal of decimalsAround(value, count)) {
          if (!readsBack(decimal, value)) continue;
          // Nearer beyond the doubles' error: two as near (a tie) are left to the example below.
          const nearer = Math.abs(decimal - value) < Math.abs(shortest - value) * (1 - 1e-6);
          expect(nearer, `${decimal} is nearer ${value} than ${shortest}`).toBe(false);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('keeps NaN, infinities and zeros; writes the examples', () => {
    expect([NaN, Infinity, -Infinity, 0, -0].map(shortestFloat32)).toEqual([NaN, Infinity, -Infinity, 0, -0]);
    expect([0.1, 16777216, 3.4028234663852886e38, 1.401298464324817e-45].map((value) => shortestFloat32(Math.fround(value)))).toEqual([0.1, 16777216, 3.4028235e38, 1e-45]);
  });

  it('of two as near, is the one whose last digit is even', () => {
    // 17171.5625 is halfway between 17171.562 and 17171.563; 2^-12 between 0.00024414062 and …063; 33.9921875 between 33.992187 and …188.
    expect([17171.5625, 2 ** -12, 33.9921875, -55.8515625].map(shortestFloat32)).toEqual([17171.562, 0.00024414062, 33.992188, -55.851562]);
  });
});
