// A sliding window over one user's touches (SPEC §6), so attribution costs time linear
// in the user's events instead of copying every touch of every conversion's window.
//
// The window is list[low, high) of a list of touches' timeline positions (./user-timeline);
// both ends only move forward. It keeps what the models need of the window: the first
// and last touch, the count of touches per channel and the channels present. Every
// model but time decay is then credited per channel present, with the same exact
// fractions as touch by touch (k touches of a channel at 1/n each are the numerator k
// over n: integers, summed exactly by ./credit-totals).
//
// Time decay: a window of at most SMALL_WINDOW touches is credited touch by touch by
// creditConversion, so small windows give exactly the floats they always gave. A
// larger window is credited per channel from running weight sums: each touch weighs
// 2^((t − R) / h) against a reference time R, the channel's sum over the total gives its
// credit (R cancels out). The sums are rebuilt from scratch, with R the newest touch's
// time, after as many changes as the window holds touches (amortised O(1) per change,
// and a bounded float drift: as accurate as summing the window once), and before a new
// touch would weigh more than 2^512. As touch by touch, weights that fall below the
// smallest double (a touch more than ~1075 half-lives older than the newest) count 0.

import { DOUBLE_ZERO } from '../double-field';
import { creditConversion, type AttributionModel, type CreditSink } from './attribution-models';

/** Windows up to this many touches are credited touch by touch. */
export const SMALL_WINDOW = 64;

/** Half-lives after which a weight is 0 in a double (2^-1075 rounds to 0). */
const UNDERFLOW_HALF_LIVES = 1076;

/** Shares of t1, the middle touches together, and tn, in tenths, for n ≥ 3; and t1, tn for n = 2. */
const SHAPES = {
  position_based: { first: 4, middle: 2, last: 4, pair: [5, 5] },
  j_shaped: { first: 2, middle: 2, last: 6, pair: [3, 7] },
  inverse_j_shaped: { first: 6, middle: 2, last: 2, pair: [7, 3] },
} as const;

export class TouchWindow {
  private list: Int32Array = new Int32Array(0);
  private listLength = 0;
  low = 0;
  high = 0;
  private readonly counts: Int32Array;
  /** The channels with a touch in the window, in no particular order; `slot` is each one's place. */
  private readonly present: Int32Array;
  private presentCount = 0;
  private readonly slot: Int32Array;
  // Time decay's running sums (only when `decay`).
  private weights = new Float64Array(0);
  private readonly channelWeights: Float64Array;
  private totalWeight = 0;
  // A double from the start (engine/double-field): it holds epoch milliseconds.
  private reference = DOUBLE_ZERO;
  private changes = 0;
  /** Touches before this list position weigh 0 against `reference`. */
  private weighedFrom = 0;
  private fresh = false;
  // Scratch for creditConversion on small windows.
  private readonly scratch = { n: 0, channels: new Int32Array(SMALL_WINDOW), ages: new Float64Array(SMALL_WINDOW), weights: new Float64Array(SMALL_WINDOW) };
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(
    channelCount: number,
    /** Channel and time per timeline position (./user-timeline). */
    private readonly channels: Int32Array,
    private readonly times: Float64Array,
    private readonly halfLifeMs: number,
    private readonly decay: boolean,
  ) {
    this.counts = new Int32Array(channelCount);
    this.present = new Int32Array(channelCount);
    this.slot = new Int32Array(channelCount);
    this.channelWeights = new Float64Array(decay ? channelCount : 0);
    this.seen = new Int32Array(channelCount).fill(-1);
  }

  /** Empties the window and makes it slide over list[0, length). */
  reset(list: Int32Array, length: number): void {
    for (let k = 0; k < this.presentCount; k++) {
      const channel = this.present[k]!;
      this.counts[channel] = 0;
      if (this.decay) this.channelWeights[channel] = 0;
    }
    this.presentCount = 0;
    this.list = list;
    this.listLength = length;
    this.low = 0;
    this.high = 0;
    if (this.decay) {
      if (this.weights.length < list.length) this.weights = new Float64Array(list.length);
      this.totalWeight = 0;
      this.fresh = false;
      this.weighedFrom = 0;
    }
  }

  get size(): number {
    return this.high - this.low;
  }

  /** Touches list[low, high) in the window; both only move forward. */
  moveTo(low: number, high: number): void {
    while (this.high < high) this.add(this.high++);
    while (this.low < low) this.remove(this.low++);
  }

  /** Moves the high end past every touch at or before `time`, the low end past those older than `time − windowMs`. */
  slideTo(time: number, windowMs: number): void {
    const { list, times } = this;
    let high = this.high;
    while (high < this.listLength && times[list[high]!]! <= time) high++;
    let low = Math.max(this.low, 0);
    while (low < high && time - times[list[low]!]! > windowMs) low++;
    this.moveTo(low, high);
  }

  /** The high end past every touch at or before `time` (the low end stays). */
  growTo(time: number): void {
    const { list, times } = this;
    let high = this.high;
    while (high < this.listLength && times[list[high]!]! <= time) high++;
    this.moveTo(this.low, high);
  }

  private add(position: number): void {
    const channel = this.channels[this.list[position]!]!;
    if (this.counts[channel]++ === 0) {
      this.slot[channel] = this.presentCount;
      this.present[this.presentCount++] = channel;
    }
    if (this.decay) {
      const time = this.times[this.list[position]!]!;
      if (!this.fresh || (time - this.reference) / this.halfLifeMs > 512 || ++this.changes > this.size) {
        this.fresh = false; // rebuilt when credited
        return;
      }
      const weight = 2 ** ((time - this.reference) / this.halfLifeMs);
      this.weights[position] = weight;
      this.channelWeights[channel]! += weight;
      this.totalWeight += weight;
    }
  }

  private remove(position: number): void {
    const channel = this.channels[this.list[position]!]!;
    if (--this.counts[channel]! === 0) {
      const slot = this.slot[channel]!;
      const moved = this.present[--this.presentCount]!;
      this.present[slot] = moved;
      this.slot[moved] = slot;
      if (this.decay) this.channelWeights[channel] = 0;
    }
    if (this.decay && this.fresh) {
      if (++this.changes > this.size) {
        this.fresh = false;
        return;
      }
      if (position >= this.weighedFrom) {
        const weight = this.weights[position]!;
        if (this.counts[channel] !== 0) this.channelWeights[channel]! -= weight;
        this.totalWeight -= weight;
      }
    }
  }

  /** Weighs the window's touches from scratch against its newest touch. */
  private rebuild(): void {
    const { list, times, halfLifeMs, weights, channels } = this;
    for (let k = 0; k < this.presentCount; k++) this.channelWeights[this.present[k]!] = 0;
    this.reference = times[list[this.high - 1]!]!;
    let from = Math.max(this.low, this.weighedFrom);
    while (from < this.high && (this.reference - times[list[from]!]!) / halfLifeMs > UNDERFLOW_HALF_LIVES) from++;
    this.weighedFrom = from;
    let total = 0;
    for (let k = from; k < this.high; k++) {
      const weight = 2 ** (-(this.reference - times[list[k]!]!) / halfLifeMs);
      weights[k] = weight;
      this.channelWeights[channels[list[k]!]!]! += weight;
      total += weight;
    }
    this.totalWeight = total;
    this.changes = 0;
    this.fresh = true;
  }

  /** Gives the credit of one conversion whose touches are the window (size ≥ 1) under `model` to `sink`. */
  credit(model: AttributionModel, sink: CreditSink): void {
    const n = this.size;
    const { list, channels, counts, present, presentCount } = this;
    const first = channels[list[this.low]!]!;
    const last = channels[list[this.high - 1]!]!;
    switch (model) {
      case 'first_touch':
        sink.exact(first, 1, 1);
        return;
      case 'last_touch':
        sink.exact(last, 1, 1);
        return;
      case 'linear':
        for (let k = 0; k < presentCount; k++) sink.exact(present[k]!, counts[present[k]!]!, n);
        return;
      case 'participation':
        for (let k = 0; k < presentCount; k++) sink.exact(present[k]!, 1, 1);
        return;
      case 'position_based':
      case 'j_shaped':
      case 'inverse_j_shaped': {
        const shape = SHAPES[model];
        if (n === 1) {
          sink.exact(first, 1, 1);
        } else if (n === 2) {
          sink.exact(first, shape.pair[0], 10);
          sink.exact(last, shape.pair[1], 10);
        } else {
          sink.exact(first, shape.first, 10);
          // The middle's two tenths split evenly over the n − 2 touches between t1 and tn.
          for (let k = 0; k < presentCount; k++) {
            const channel = present[k]!;
            const middle = counts[channel]! - (channel === first ? 1 : 0) - (channel === last ? 1 : 0);
            if (middle > 0) sink.exact(channel, shape.middle * middle, 10 * (n - 2));
          }
          sink.exact(last, shape.last, 10);
        }
        return;
      }
      case 'time_decay': {
        if (n <= SMALL_WINDOW) {
          const scratch = this.scratch;
          const time = this.times[list[this.high - 1]!]!;
          for (let k = 0; k < n; k++) {
            const i = list[this.low + k]!;
            scratch.channels[k] = channels[i]!;
            scratch.ages[k] = time - this.times[i]!;
          }
          scratch.n = n;
          creditConversion(model, scratch, this.halfLifeMs, sink, this.seen, ++this.stamp);
          return;
        }
        if (!this.fresh) this.rebuild();
        const total = this.totalWeight;
        for (let k = 0; k < presentCount; k++) {
          const channel = present[k]!;
          sink.approximate(channel, Math.max(0, this.channelWeights[channel]!) / total);
        }
        return;
      }
    }
  }
}
