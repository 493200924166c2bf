// Attribution over long journeys: users with hundreds of touches, so conversions see
// windows far larger than ../../engine/report/touch-window's SMALL_WINDOW (credited
// per channel from the window's running counts and weight sums), against a reference
// that takes every conversion's touches one by one: exact fractions with BigInt for the
// rational models, time decay's weights scaled by the youngest touch.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_MODELS, type AttributionModel } from '../../engine/report/attribution-models';
import { MINUTE, reportOn, T0, type TestEvent } from './report-helpers';

const CHANNELS = ['A', 'B', 'C', 'D'];
const MS: Record<string, number> = { '1m': MINUTE, '7m': 7 * MINUTE, '1h': 60 * MINUTE, '2h': 120 * MINUTE, '3d': 3 * 1440 * MINUTE };

interface Fraction {
  num: bigint;
  den: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
function add(a: Fraction, num: number, den: number): Fraction {
  const n = a.num * BigInt(den) + BigInt(num) * a.den;
  const d = a.den * BigInt(den);
  const g = gcd(n, d);
  return { num: n / g, den: d / g };
}
const round6 = (f: Fraction): number => Number((2n * f.num * 1_000_000n + f.den) / (2n * f.den)) / 1e6;

type Credit = [channel: string, numerator: number, denominator: number] | [channel: string, real: number];

function credits(model: AttributionModel, touches: Array<{ channel: string; time: number }>, halfLifeMs: number): Credit[] {
  const n = touches.length;
  const ch = touches.map((t) => t.channel);
  const shaped = (first: number, last: number, pair: [number, number]): Credit[] => {
    if (n === 1) return [[ch[0]!, 1, 1]];
    if (n === 2) return [[ch[0]!, pair[0], 10], [ch[1]!, pair[1], 10]];
    return ch.map((c, k) => (k === 0 ? [c, first, 10] : k === n - 1 ? [c, last, 10] : [c, 2, 10 * (n - 2)]));
  };
  switch (model) {
    case 'first_touch':
      return [[ch[0]!, 1, 1]];
    case 'last_touch':
      return [[ch[n - 1]!, 1, 1]];
    case 'linear':
      return ch.map((c) => [c, 1, n]);
    case 'participation':
      return [...new Set(ch)].map((c) => [c, 1, 1]);
    case 'position_based':
      return shaped(4, 4, [5, 5]);
    case 'j_shaped':
      return shaped(2, 6, [3, 7]);
    case 'inverse_j_shaped':
      return shaped(6, 2, [7, 3]);
    case 'time_decay': {
      const youngest = touches[n - 1]!.time;
      const weights = touches.map((t) => 2 ** (-(youngest - t.time) / halfLifeMs));
      const sum = weights.reduce((a, b) => a + b, 0);
      return ch.map((c, k) => [c, weights[k]! / sum]);
    }
  }
}

function referenceAttribution(events: TestEvent[], lookback: string, halfLife: string): Record<string, Array<[string, number, number]>> {
  const indexed = events.map((e, index) => ({ ...e, index, time: e.time as number }));
  const result: Record<string, Array<[string, number, number]>> = {};
  for (const model of ATTRIBUTION_MODELS) {
    const exact = new Map<string, Fraction>();
    const real = new Map<string, number>();
    const credited = new Map<string, Set<string>>();
    for (const conversion of indexed.filter((e) => e.type === 'purchase')) {
      const touches = indexed
        .filter((e) => e.user === conversion.user && e.channel !== undefined && e.type !== 'purchase')
        .filter((e) => e.time <= conversion.time && conversion.time - e.time <= MS[lookback]!)
        .sort((a, b) => a.time - b.time || a.index - b.index)
        .map((e) => ({ channel: e.channel!, time: e.time }));
      const given: Credit[] = touches.length === 0 ? [['(no touch)', 1, 1]] : credits(model, touches, MS[halfLife]!);
      for (const credit of given) {
        const channel = credit[0];
        if (credit.length === 3) exact.set(channel, add(exact.get(channel) ?? { num: 0n, den: 1n }, credit[1], credit[2]));
        else real.set(channel, (real.get(channel) ?? 0) + credit[1]);
        if (!credited.has(channel)) credited.set(channel, new Set());
        credited.get(channel)!.add(conversion.user);
      }
    }
    const names = [...CHANNELS, ...(credited.has('(no touch)') ? ['(no touch)'] : [])];
    result[model] = names.map((channel) => {
      const fraction = exact.get(channel) ?? { num: 0n, den: 1n };
      const total = real.has(channel) ? Number((Number(fraction.num) / Number(fraction.den) + real.get(channel)!).toFixed(6)) : round6(fraction);
      return [channel, credited.get(channel)?.size ?? 0, total];
    });
  }
  return result;
}

/** Two users, hundreds of events each, over 5 hours (windows of 2 hours slide) or 50. */
const journeyArbitrary = (minutes: number): fc.Arbitrary<TestEvent[]> => fc.array(
  fc.record({
    user: fc.constantFrom('a', 'b'),
    minute: fc.integer({ min: 0, max: minutes }),
    kind: fc.constantFrom('A', 'B', 'C', 'D', 'A', 'A', 'none', 'purchase'),
  }),
  { minLength: 200, maxLength: 500 },
).map((raw) =>
  raw.map(({ user, minute, kind }): TestEvent => {
    if (kind === 'purchase') return { user, time: T0 + minute * MINUTE, type: 'purchase' };
    if (kind === 'none') return { user, time: T0 + minute * MINUTE, type: 'view' };
    return { user, time: T0 + minute * MINUTE, type: 'view', channel: kind };
  }),
);

describe('attribution over long journeys agrees with a touch-by-touch reference', () => {
  it('every model, windows far larger than the touch-by-touch limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(300, 3000).chain(journeyArbitrary),
        fc.constantFrom('2h', '3d'),
        // A one-minute half-life over 3 days: weights older than ~1075 half-lives are 0, and new ones would overflow.
        fc.constantFrom('1m', '7m', '1h'),
        async (events, lookback, halfLife) => {
          const report = await reportOn(events, CHANNELS, { lookback, halfLife });
          const expected = referenceAttribution(events, lookback, halfLife);
          for (const model of ATTRIBUTION_MODELS) {
            const actual = report.attribution.models[model]!.map((row) => [row.channel, row.uniques, row.totals]);
            if (model !== 'time_decay') {
              expect(actual, model).toEqual(expected[model]);
            } else {
              expect(actual.map((row) => row.slice(0, 2))).toEqual(expected[model]!.map((row) => row.slice(0, 2)));
              actual.forEach((row, k) => expect(Math.abs((row[2] as number) - expected[model]![k]![2])).toBeLessThanOrEqual(1e-6));
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
