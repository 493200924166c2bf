// The attribution models of SPEC §6: how one conversion's credit is split over its
// touches t1 … tn (time order). Every model but time decay gives rational credits,
// which are handed over as numerator / denominator so the totals can be summed
// exactly (./credit-totals); time decay hands over floats.

export const ATTRIBUTION_MODELS = [
  'first_touch',
  'last_touch',
  'linear',
  'participation',
  'position_based',
  'j_shaped',
  'inverse_j_shaped',
  'time_decay',
] as const;

export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export class AttributionModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttributionModelError';
  }
}

/** `first_touch,linear`: comma-separated model names, in the order given, repeats dropped. */
export function parseAttributionModels(text: string): AttributionModel[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new AttributionModelError(`no attribution model given; models: ${ATTRIBUTION_MODELS.join(', ')}`);
  const models: AttributionModel[] = [];
  for (const name of names) {
    if (!(ATTRIBUTION_MODELS as readonly string[]).includes(name)) {
      throw new AttributionModelError(`unknown attribution model "${name}"; models: ${ATTRIBUTION_MODELS.join(', ')}`);
    }
    if (!models.includes(name as AttributionModel)) models.push(name as AttributionModel);
  }
  return models;
}

/** One conversion's touches: channel index and age (conversion time − touch time, ms) of t1 … tn. */
export interface Touches {
  n: number;
  channels: Int32Array;
  ages: Float64Array;
  /** Scratch for time decay's weights, at least `n` long; made per call when absent. */
  weights?: Float64Array;
}

/** Receives the credit of each touch (or, for participation, of each distinct channel). */
export interface CreditSink {
  exact(channel: number, numerator: number, denominator: number): void;
  approximate(channel: number, credit: number): void;
}

/** Shares of t1, the middle touches together, and tn, in tenths, for n ≥ 3; and t1, tn for n = 2. */
const SHAPES = {
  position_based: { first: 4, middle: 2, last: 4, pair: [5, 5] },
  j_shaped: { first: 2, middle: 2, last: 6, pair: [3, 7] },
  inverse_j_shaped: { first: 6, middle: 2, last: 2, pair: [7, 3] },
} as const;

/**
 * Gives one conversion's credit under `model` to `sink`. `touches.n` ≥ 1 (a conversion
 * without touches goes to `(no touch)`, outside any model). `halfLifeMs` is used by
 * time decay only; `seen` is scratch space for participation: one slot per channel,
 * never equal to `stamp` before the call.
 */
export function creditConversion(
  model: AttributionModel,
  touches: Touches,
  halfLifeMs: number,
  sink: CreditSink,
  seen: Int32Array,
  stamp: number,
): void {
  const { n, channels } = touches;
  switch (model) {
    case 'first_touch':
      sink.exact(channels[0]!, 1, 1);
      return;
    case 'last_touch':
      sink.exact(channels[n - 1]!, 1, 1);
      return;
    case 'linear':
      for (let k = 0; k < n; k++) sink.exact(channels[k]!, 1, n);
      return;
    case 'participation':
      for (let k = 0; k < n; k++) {
        const channel = channels[k]!;
        if (seen[channel] !== stamp) {
          seen[channel] = stamp;
          sink.exact(channel, 1, 1);
        }
      }
      return;
    case 'position_based':
    case 'j_shaped':
    case 'inverse_j_shaped': {
      const shape = SHAPES[model];
      if (n === 1) {
        sink.exact(channels[0]!, 1, 1);
      } else if (n === 2) {
        sink.exact(channels[0]!, shape.pair[0], 10);
        sink.exact(channels[1]!, shape.pair[1], 10);
      } else {
        sink.exact(channels[0]!, shape.first, 10);
        // The middle's two tenths split evenly over n − 2 touches.
        for (let k = 1; k < n - 1; k++) sink.exact(channels[k]!, shape.middle, 10 * (n - 2));
        sink.exact(channels[n - 1]!, shape.last, 10);
      }
      return;
    }
    case 'time_decay': {
      // Weights 2^(−age/h), scaled by 2^(youngest age/h) so the largest weight is 1 and
      // far-away touches never all underflow to 0; the scale cancels out when normalised.
      const { ages } = touches;
      let youngest = ages[0]!;
      for (let k = 1; k < n; k++) youngest = Math.min(youngest, ages[k]!);
      const weights = touches.weights ?? new Float64Array(n);
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const weight = 2 ** (-(ages[k]! - youngest) / halfLifeMs);
        weights[k] = weight;
        sum += weight;
      }
      for (let k = 0; k < n; k++) sink.approximate(channels[k]!, weights[k]! / sum);
      return;
    }
  }
}
