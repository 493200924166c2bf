import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_MODELS, type AttributionModel } from '../../engine/report/attribution-models';
import { CreditTotals } from '../../engine/report/credit-totals';
import type { AttributionRow } from '../../engine/report/report';
import { MINUTE, reportOn, T0, type TestEvent } from './report-helpers';

const CHANNELS = ['A', 'B', 'C', 'D'];

/** One user, touches t1 … tn one minute apart with the given channels, then a purchase a minute after tn. */
function journey(channels: string[], user = 'u', start = T0): TestEvent[] {
  const events: TestEvent[] = channels.map((channel, k) => ({ user, time: start + k * MINUTE, type: 'view', channel }));
  events.push({ user, time: start + channels.length * MINUTE, type: 'purchase' });
  return events;
}

/** Attribution rows for channels A–D (absent = no credit) and, when given, (no touch). */
function rows(credits: Record<string, number>): AttributionRow[] {
  const result: AttributionRow[] = CHANNELS.map((channel) => ({
    channel,
    uniques: credits[channel] === undefined ? 0 : 1,
    totals: credits[channel] ?? 0,
  }));
  if (credits['(no touch)'] !== undefined) result.push({ channel: '(no touch)', uniques: 1, totals: credits['(no touch)'] });
  return result;
}

const r6 = (x: number): number => Number(x.toFixed(6));

function everyModel(credits: Record<string, number>): Record<AttributionModel, Record<string, number>> {
  const table = {} as Record<AttributionModel, Record<string, number>>;
  for (const model of ATTRIBUTION_MODELS) table[model] = credits;
  return table;
}

// Half-life one minute: touches 1, 2, 3, 4 minutes old weigh 1/2, 1/4, 1/8, 1/16.
const TABLE: Array<[string[], Record<AttributionModel, Record<string, number>>]> = [
  [[], everyModel({ '(no touch)': 1 })],
  [['A'], everyModel({ A: 1 })],
  [
    ['A', 'B'],
    {
      first_touch: { A: 1 },
      last_touch: { B: 1 },
      linear: { A: 0.5, B: 0.5 },
      participation: { A: 1, B: 1 },
      position_based: { A: 0.5, B: 0.5 },
      j_shaped: { A: 0.3, B: 0.7 },
      inverse_j_shaped: { A: 0.7, B: 0.3 },
      time_decay: { A: r6(1 / 3), B: r6(2 / 3) },
    },
  ],
  [
    ['A', 'B', 'C'],
    {
      first_touch: { A: 1 },
      last_touch: { C: 1 },
      linear: { A: r6(1 / 3), B: r6(1 / 3), C: r6(1 / 3) },
      participation: { A: 1, B: 1, C: 1 },
      position_based: { A: 0.4, B: 0.2, C: 0.4 },
      j_shaped: { A: 0.2, B: 0.2, C: 0.6 },
      inverse_j_shaped: { A: 0.6, B: 0.2, C: 0.2 },
      time_decay: { A: r6(1 / 7), B: r6(2 / 7), C: r6(4 / 7) },
    },
  ],
  [
    ['A', 'B', 'C', 'D'],
    {
      first_touch: { A: 1 },
      last_touch: { D: 1 },
      linear: { A: 0.25, B: 0.25, C: 0.25, D: 0.25 },
      participation: { A: 1, B: 1, C: 1, D: 1 },
      position_based: { A: 0.4, B: 0.1, C: 0.1, D: 0.4 },
      j_shaped: { A: 0.2, B: 0.1, C: 0.1, D: 0.6 },
      inverse_j_shaped: { A: 0.6, B: 0.1, C: 0.1, D: 0.2 },
      time_decay: { A: r6(1 / 15), B: r6(2 / 15), C: r6(4 / 15), D: r6(8 / 15) },
    },
  ],
  [
    // A repeated channel: each touch counts, credits add up per channel.
    ['A', 'B', 'A'],
    {
      first_touch: { A: 1 },
      last_touch: { A: 1 },
      linear: { A: r6(2 / 3), B: r6(1 / 3) },
      participation: { A: 1, B: 1 },
      position_based: { A: 0.8, B: 0.2 },
      j_shaped: { A: 0.8, B: 0.2 },
      inverse_j_shaped: { A: 0.8, B: 0.2 },
      time_decay: { A: r6(5 / 7), B: r6(2 / 7) },
    },
  ],
  [
    ['B', 'B'],
    {
      first_touch: { B: 1 },
      last_touch: { B: 1 },
      linear: { B: 1 },
      participation: { B: 1 },
      position_based: { B: 1 },
      j_shaped: { B: 1 },
      inverse_j_shaped: { B: 1 },
      time_decay: { B: 1 },
    },
  ],
];

describe.each(TABLE)('touches %j', (channels, expected) => {
  it.each(ATTRIBUTION_MODELS.map((model) => [model]))('%s', async (model) => {
    const report = await reportOn(journey(channels), CHANNELS, { models: model, halfLife: '1m' });
    expect(Object.keys(report.attribution.models)).toEqual([model]);
    expect(report.attribution.models[model]).toEqual(rows(expected[model]));
  });
});

describe('touches', () => {
  const conversion = T0 + 60 * MINUTE;
  const firstTouch = async (events: TestEvent[], lookback: string): Promise<AttributionRow[] | undefined> =>
    (await reportOn(events, CHANNELS, { lookback, models: 'first_touch' })).attribution.models.first_touch;

  it.each<[string, string, number, string]>([
    ['a touch exactly at the edge of the lookback counts', '20m', conversion - 20 * MINUTE, 'A'],
    ['one millisecond older does not', '20m', conversion - 20 * MINUTE - 1, '(no touch)'],
    ['decimal lookbacks: exactly 0.5h counts', '0.5h', conversion - 30 * MINUTE, 'A'],
    ['decimal lookbacks: 0.5h + 1ms does not', '0.5h', conversion - 30 * MINUTE - 1, '(no touch)'],
    ['lookback 1.0004s is 1000 whole milliseconds', '1.0004s', conversion - 1000, 'A'],
    ['lookback 1.0004s, 1001 ms older does not', '1.0004s', conversion - 1001, '(no touch)'],
    ['a zero lookback takes equal times only', '0ms', conversion, 'A'],
  ])('%s', async (_, lookback, touchTime, credited) => {
    const result = await firstTouch(
      [
        { user: 'u', time: touchTime, type: 'view', channel: 'A' },
        { user: 'u', time: conversion, type: 'purchase' },
      ],
      lookback,
    );
    expect(result!.find((row) => row.channel === credited)).toEqual({ channel: credited, uniques: 1, totals: 1 });
  });

  it('a touch at the same time as the conversion counts even when it comes after it in the file', async () => {
    const report = await reportOn(
      [
        { user: 'u', time: conversion, type: 'purchase' },
        { user: 'u', time: conversion, type: 'view', channel: 'B' },
        { user: 'u', time: conversion, type: 'view', channel: 'C' },
        { user: 'u', time: conversion + 1, type: 'view', channel: 'D' }, // later: not a touch
      ],
      CHANNELS,
      { models: 'first_touch,last_touch' },
    );
    // Equal times keep file order: B is t1, C is tn.
    expect(report.attribution.models.first_touch).toEqual(rows({ B: 1 }));
    expect(report.attribution.models.last_touch).toEqual(rows({ C: 1 }));
  });

  it('conversion events are never touches, even with a channel; events without a type can be', async () => {
    const report = await reportOn(
      [
        { user: 'u', time: T0, channel: 'A' },
        { user: 'u', time: T0 + 1, type: 'purchase', channel: 'B' },
        { user: 'u', time: T0 + 2, type: 'purchase' },
      ],
      CHANNELS,
      { models: 'linear' },
    );
    expect(report.attribution.models.linear).toEqual([
      { channel: 'A', uniques: 1, totals: 2 },
      { channel: 'B', uniques: 0, totals: 0 },
      { channel: 'C', uniques: 0, totals: 0 },
      { channel: 'D', uniques: 0, totals: 0 },
    ]);
  });

  it("touches are the same user's only", async () => {
    const report = await reportOn(
      [
        { user: 'v', time: T0, type: 'view', channel: 'A' },
        { user: 'u', time: T0 + 1, type: 'purchase' },
      ],
      CHANNELS,
      { models: 'first_touch' },
    );
    expect(report.attribution.models.first_touch).toEqual(rows({ '(no touch)': 1 }));
  });

  it('the conversion type is matched exactly (case included)', async () => {
    const events: TestEvent[] = [
      { user: 'u', time: T0, type: 'view', channel: 'A' },
      { user: 'u', time: T0 + 1, type: 'Purchase' },
    ];
    expect((await reportOn(events, CHANNELS, { models: 'first_touch' })).attribution.models.first_touch).toEqual(rows({}));
    const exact = await reportOn(events, CHANNELS, { models: 'first_touch', conversion: 'Purchase' });
    expect(exact.attribution).toEqual({ conversion: 'Purchase', lookback: '30d', models: { first_touch: rows({ A: 1 }) } });
  });

  it('session lookback: only the conversion session, at or before the conversion; no session, no touch', async () => {
    const events: TestEvent[] = [
      { user: 'u', time: T0, type: 'view', channel: 'A', session: 1 },
      { user: 'u', time: T0 + 1, type: 'view', channel: 'B', session: 2 },
      { user: 'u', time: T0 + 2, type: 'view', channel: 'C', session: 1 },
      { user: 'u', time: T0 + 3, type: 'purchase', session: 1 },
      { user: 'u', time: T0 + 3, type: 'view', channel: 'D', session: 1 }, // equal time, after in file
      { user: 'u', time: T0 + 4, type: 'view', channel: 'B', session: 1 }, // later
      { user: 'u', time: T0 + 5, type: 'purchase', session: -1 },
    ];
    const report = await reportOn(events, CHANNELS, { lookback: 'session', models: 'linear' });
    expect(report.attribution.models.linear).toEqual([
      { channel: 'A', uniques: 1, totals: r6(1 / 3) },
      { channel: 'B', uniques: 0, totals: 0 },
      { channel: 'C', uniques: 1, totals: r6(1 / 3) },
      { channel: 'D', uniques: 1, totals: r6(1 / 3) },
      { channel: '(no touch)', uniques: 1, totals: 1 },
    ]);
  });

  it('session lookback with timeout sessions', async () => {
    const events: TestEvent[] = [
      { user: 'u', time: T0, type: 'view', channel: 'A' },
      { user: 'u', time: T0 + 31 * MINUTE, type: 'view', channel: 'B' },
      { user: 'u', time: T0 + 40 * MINUTE, type: 'purchase' },
    ];
    const report = await reportOn(events, CHANNELS, { lookback: 'session', models: 'first_touch' });
    expect(report.attribution.models.first_touch).toEqual(rows({ B: 1 }));
  });
});

describe('totals and uniques over many conversions', () => {
  it('sums exactly, then rounds once: three thirds make one, seven sevenths make one', async () => {
    const events = [
      ...journey(['A', 'B', 'C'], 'u1'),
      ...journey(['B', 'C', 'A'], 'u2'),
      ...journey(['C', 'A', 'B'], 'u3'),
      ...[0, 1, 2, 3, 4, 5, 6].flatMap((k) => journey(['D', 'D', 'D', 'D', 'D', 'D', 'D'].map((d, i) => (i === k ? 'A' : d)), `w${k}`)),
    ];
    const report = await reportOn(events, CHANNELS, { models: 'linear,participation' });
    expect(report.attribution.models.linear).toEqual([
      { channel: 'A', uniques: 10, totals: 2 },
      { channel: 'B', uniques: 3, totals: 1 },
      { channel: 'C', uniques: 3, totals: 1 },
      { channel: 'D', uniques: 7, totals: 6 },
    ]);
    expect(report.attribution.models.participation).toEqual([
      { channel: 'A', uniques: 10, totals: 10 },
      { channel: 'B', uniques: 3, totals: 3 },
      { channel: 'C', uniques: 3, totals: 3 },
      { channel: 'D', uniques: 7, totals: 7 },
    ]);
  });

  it('uniques count users, not conversions', async () => {
    const events = [...journey(['A'], 'u', T0), ...journey(['A'], 'u', T0 + 600 * MINUTE), ...journey(['A'], 'v', T0)];
    const report = await reportOn(events, CHANNELS, { models: 'first_touch' });
    expect(report.attribution.models.first_touch![0]).toEqual({ channel: 'A', uniques: 2, totals: 3 });
  });

  it('time decay stays exact for touches far older than the half-life', async () => {
    const report = await reportOn(
      [
        { user: 'u', time: T0, type: 'view', channel: 'A' },
        { user: 'u', time: T0 + 100_000 * MINUTE, type: 'view', channel: 'B' },
        { user: 'u', time: T0 + 100_000 * MINUTE + 1, type: 'purchase' },
      ],
      CHANNELS,
      { models: 'time_decay', halfLife: '1ms', lookback: '1000w' },
    );
    // A weighs 2^-6e9 relative to B: its credit is positive but rounds to 0.
    expect(report.attribution.models.time_decay).toEqual([
      { channel: 'A', uniques: 1, totals: 0 },
      { channel: 'B', uniques: 1, totals: 1 },
      { channel: 'C', uniques: 0, totals: 0 },
      { channel: 'D', uniques: 0, totals: 0 },
    ]);
  });
});

describe('CreditTotals', () => {
  it('rounds half up at the sixth decimal, from the exact sum', () => {
    const totals = new CreditTotals(3);
    totals.setUser(0);
    totals.exact(0, 1, 2_000_000); // 0.0000005 → 0.000001
    totals.exact(1, 1, 3);
    totals.exact(1, 1, 3);
    totals.exact(1, 1, 3);
    totals.exact(2, 1, 2_000_000);
    totals.exact(2, 1, 4_000_000); // 0.0000005 + 0.00000025 = 0.00000075 → 0.000001
    expect(totals.total(0)).toBe(0.000001);
    expect(totals.total(1)).toBe(1);
    expect(totals.total(2)).toBe(0.000001);
    const small = new CreditTotals(1);
    small.setUser(0);
    small.exact(0, 1, 4_000_000); // 0.00000025 → 0
    expect(small.total(0)).toBe(0);
  });

  it('rounds 0.0000004999… down', () => {
    const totals = new CreditTotals(1);
    totals.setUser(0);
    totals.exact(0, 999_999, 2_000_000_000_000); // 0.0000004999995
    expect(totals.total(0)).toBe(0);
    expect(totals.uniques(0)).toBe(1);
  });

  it('adds float credits with compensation', () => {
    const totals = new CreditTotals(1);
    totals.setUser(0);
    for (let i = 0; i < 1_000_000; i++) totals.approximate(0, 0.1);
    expect(totals.total(0)).toBe(100000);
  });
});
