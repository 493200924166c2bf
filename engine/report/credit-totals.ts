// Credit totals of one model, per channel (SPEC §6, §7.1: "summed, then rounded once
// to 6 places"). Rational credits are summed exactly: numerators are added up per
// denominator (integers, exact in a double far beyond any event count), and the sum of
// the fractions is formed and rounded with BigInt at the end, so 3 × 1/3 is exactly 1
// and no rounding boundary is crossed by float error. Time decay's credits are real
// numbers; their exact sum is kept (./exact-float-sum) and rounded to a double once, so
// totals built on several threads (each over its own users) and merged are the totals
// built on one.
//
// Uniques: the users who got credit > 0 for the channel from at least one conversion.
// Every credit handed to this sink is positive (time decay's weights included: they
// are positive even where a double would underflow), so "credited" is "handed credit".

import type { CreditSink } from './attribution-models';
import { addToPartials, roundedSum } from './exact-float-sum';

const SCALE = 1_000_000n;
const SMALL_DENOMINATORS = 256;

export class CreditTotals implements CreditSink {
  /**
   * The numerator sums, one row of `channelCount` per denominator, rows one after
   * another in one array: a user with 100,000 conversions brings as many denominators,
   * and an array each (with its object, and a copy of each to send between threads)
   * cost 3 KB an event.
   */
  private sums: Float64Array;
  /** Each row's denominator, in row order. */
  private denominators: number[] = [];
  /** denominator → row. */
  private readonly rows = new Map<number, number>();
  /** The row of each denominator below SMALL_DENOMINATORS (-1: none yet): most credits are 1/1, k/10, k/n for a small n. */
  private readonly smallRows = new Int32Array(SMALL_DENOMINATORS).fill(-1);
  /** Per channel: the exact sum of its approximate credits (./exact-float-sum). */
  private readonly approximateSums: number[][];
  private readonly uniqueUsers: Float64Array;
  private readonly lastUser: Int32Array;
  private user = -1;

  constructor(readonly channelCount: number) {
    this.sums = new Float64Array(channelCount * 4);
    this.approximateSums = Array.from({ length: channelCount }, () => []);
    this.uniqueUsers = new Float64Array(channelCount);
    this.lastUser = new Int32Array(channelCount).fill(-1);
  }

  /** The user whose conversions are credited next. */
  setUser(user: number): void {
    this.user = user;
  }

  exact(channel: number, numerator: number, denominator: number): void {
    const small = denominator < SMALL_DENOMINATORS ? this.smallRows[denominator]! : -1;
    const row = small >= 0 ? small : this.rowOf(denominator);
    this.sums[row * this.channelCount + channel]! += numerator;
    this.credited(channel);
  }

  /** The row of a denominator, made when it is new. */
  private rowOf(denominator: number): number {
    let row = this.rows.get(denominator);
    if (row === undefined) {
      row = this.denominators.length;
      this.denominators.push(denominator);
      this.rows.set(denominator, row);
      if (denominator < SMALL_DENOMINATORS) this.smallRows[denominator] = row;
      const needed = (row + 1) * this.channelCount;
      if (needed > this.sums.length) {
        const grown = new Float64Array(Math.max(needed, this.sums.length * 2));
        grown.set(this.sums);
        this.sums = grown;
      }
    }
    return row;
  }

  approximate(channel: number, credit: number): void {
    addToPartials(this.approximateSums[channel]!, credit);
    this.credited(channel);
  }

  /** Adds the totals of other users (disjoint from this one's), as if credited here. */
  merge(other: CreditTotalsState): void {
    const { denominators, sums } = other;
    for (let k = 0; k < denominators.length; k++) {
      const mine = this.rowOf(denominators[k]!) * this.channelCount;
      for (let channel = 0; channel < this.channelCount; channel++) this.sums[mine + channel]! += sums[k * this.channelCount + channel]!;
    }
    for (let channel = 0; channel < this.channelCount; channel++) {
      for (const partial of other.approximateSums[channel]!) addToPartials(this.approximateSums[channel]!, partial);
      this.uniqueUsers[channel]! += other.uniqueUsers[channel]!;
    }
  }

  /** What `merge` needs, as plain data (sent between threads: two typed arrays for the exact sums). */
  state(): CreditTotalsState {
    return {
      denominators: Float64Array.from(this.denominators),
      sums: this.sums.slice(0, this.denominators.length * this.channelCount),
      approximateSums: this.approximateSums,
      uniqueUsers: this.uniqueUsers,
    };
  }

  uniques(channel: number): number {
    return this.uniqueUsers[channel]!;
  }

  /** The channel's total credit, rounded half up to 6 decimal places. */
  total(channel: number): number {
    const approximate = roundedSum(this.approximateSums[channel]!);
    if (approximate === 0) {
      const millionths = this.roundedMillionths(channel);
      if (millionths !== undefined) return millionths / 1e6;
    }
    const { numerator, denominator } = this.exactSum(channel);
    if (approximate === 0) {
      const millionths = (2n * numerator * SCALE + denominator) / (2n * denominator);
      return Number(millionths) / 1e6;
    }
    return Number((Number(numerator) / Number(denominator) + approximate).toFixed(6));
  }

  /**
   * The exact sum of the channel's fractions, in millionths rounded half up, without
   * the common denominator (one user with 100,000 conversions brings every window
   * size as a denominator, and their least common multiple has ~144,000 bits). Each
   * fraction num/den is split exactly into whole millionths a and a remainder r/den;
   * the a are summed as integers and the remainders, each in [0, 1), as floats, whose
   * error is at most (count of fractions)² × 2^-53. When that sum lies closer than the
   * error to where the rounding turns, undefined: the caller sums exactly.
   */
  private roundedMillionths(channel: number): number | undefined {
    let whole = 0;
    let remainders = 0;
    let fractions = 0;
    const { sums, channelCount } = this;
    for (let row = 0; row < this.denominators.length; row++) {
      const num = sums[row * channelCount + channel]!;
      if (num === 0) continue;
      const den = this.denominators[row]!;
      const scaled = num * 1e6;
      if (scaled > Number.MAX_SAFE_INTEGER) return undefined;
      let quotient = Math.floor(scaled / den);
      let remainder = scaled - quotient * den;
      if (remainder < 0) {
        quotient--;
        remainder += den;
      } else if (remainder >= den) {
        quotient++;
        remainder -= den;
      }
      whole += quotient;
      remainders += remainder / den;
      fractions++;
    }
    if (whole > Number.MAX_SAFE_INTEGER / 2) return undefined;
    const halfUp = remainders + 0.5;
    const turn = Math.round(halfUp);
    if (Math.abs(halfUp - turn) <= (fractions + 1) * (fractions + 1) * 2 ** -52) return undefined;
    return whole + Math.floor(halfUp);
  }

  private exactSum(channel: number): Fraction {
    const terms: Fraction[] = [];
    for (let row = 0; row < this.denominators.length; row++) {
      const num = this.sums[row * this.channelCount + channel]!;
      if (num !== 0) terms.push({ numerator: BigInt(num), denominator: BigInt(this.denominators[row]!) });
    }
    return terms.length === 0 ? { numerator: 0n, denominator: 1n } : sumOf(terms, 0, terms.length);
  }

  private credited(channel: number): void {
    if (this.lastUser[channel] !== this.user) {
      this.lastUser[channel] = this.user;
      this.uniqueUsers[channel]!++;
    }
  }
}

/** CreditTotals' sums as plain data: structured-cloneable. */
export interface CreditTotalsState {
  /** The denominators, and their numerator sums: row k of `channelCount` in `sums` is denominators[k]'s. */
  denominators: Float64Array;
  sums: Float64Array;
  approximateSums: readonly (readonly number[])[];
  uniqueUsers: Float64Array;
}

interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/**
 * The sum of terms[from, to), not reduced, by halves: each addition is of two sums of
 * about the same size, so the whole costs a few multiplications of the result's size
 * (quasi-linear with V8's BigInt multiplication), where adding one term after another
 * to a running sum over the least common denominator cost the sum's size for each term:
 * quadratic in a user's conversions (200,000 events of one user: 4.1 s).
 */
function sumOf(terms: readonly Fraction[], from: number, to: number): Fraction {
  if (to - from === 1) return terms[from]!;
  const middle = (from + to) >>> 1;
  const left = sumOf(terms, from, middle);
  const right = sumOf(terms, middle, to);
  return { numerator: left.numerator * right.denominator + right.numerator * left.denominator, denominator: left.denominator * right.denominator };
}
