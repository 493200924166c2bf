// The worked example of the issue (Amplitude's article): 17 events of two users, the
// article's classifier, session timeout 30m, conversion Purchase, lookback 20m. The
// issue's table is the contract; the other models follow SPEC §6 by hand:
//
//   conversion               touches (lookback 20m)                              (session)
//   C1 u1 01-01 10:15        email 10:00, email 10:05, direct 10:10              same
//   C2 u1 01-03 10:05        organic search 10:00                                same
//   C3 u1 01-03 10:15        organic search 10:00, direct 10:10                  same
//   C4 u2 01-01 12:00        none → (no touch)                                   none
//   C5 u2 01-02 12:55        organic search 12:36, direct 12:45, paid social 12:50
//                                            session: organic social 12:10 first, then the same

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import type { Classifier } from '../../engine/classify/classifier';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { parseReportSettings } from '../../engine/report/report-settings';
import type { AttributionRow, ChannelReport } from '../../engine/report/report';
import { runReport } from '../../engine/report/run-report';
import { amplitudeClassifier } from './hand-classifier';

const EVENTS = path.join(__dirname, '..', 'fixtures', 'report', 'amplitude-example.ndjson');
const RULES = path.join(__dirname, '..', '..', 'examples', 'amplitude-example.channels');

/** The article's rules as written in examples/, through the real parser, checker and classifier. */
function realClassifier(): Classifier {
  const text = readFileSync(RULES, 'utf8');
  const parsed = parseChannels(text);
  expect(parsed.errors).toEqual([]);
  const checked = checkRules(parsed, text);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compileClassifier(checked);
}

const CLASSIFIERS: Array<[string, () => Classifier]> = [
  ['the hand-written classifier', () => amplitudeClassifier],
  ['examples/amplitude-example.channels', realClassifier],
];
const CHANNELS = ['paid search', 'paid social', 'email', 'organic social', 'organic search', 'direct'] as const;
type Channel = (typeof CHANNELS)[number];

/** Rows in rules order: [uniques, totals] per channel (absent = 0, 0), then (no touch). */
function rows(credits: Partial<Record<Channel, [number, number]>>, noTouch: [number, number] = [1, 1]): AttributionRow[] {
  return [
    ...CHANNELS.map((channel) => ({ channel, uniques: credits[channel]?.[0] ?? 0, totals: credits[channel]?.[1] ?? 0 })),
    { channel: '(no touch)', uniques: noTouch[0], totals: noTouch[1] },
  ];
}

const round6 = (x: number): number => Number(x.toFixed(6));
const MINUTE = 60_000;

/** Time decay by the SPEC's formula: weights 2^(−age/h), normalised; ages in minutes. */
function decayShares(agesInMinutes: number[], halfLifeMs: number): number[] {
  const weights = agesInMinutes.map((age) => 2 ** (-(age * MINUTE) / halfLifeMs));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((weight) => weight / sum);
}

const CHANNEL_TABLE: ChannelReport['channels'] = [
  { channel: 'paid search', uniques: 0, totals: 0, byEventType: {} },
  { channel: 'paid social', uniques: 1, totals: 1, byEventType: { 'Page View': { uniques: 1, totals: 1 } } },
  { channel: 'email', uniques: 1, totals: 2, byEventType: { 'Page View': { uniques: 1, totals: 2 } } },
  { channel: 'organic social', uniques: 2, totals: 2, byEventType: { 'Page View': { uniques: 2, totals: 2 } } },
  { channel: 'organic search', uniques: 2, totals: 3, byEventType: { 'Page View': { uniques: 2, totals: 3 } } },
  { channel: 'direct', uniques: 2, totals: 4, byEventType: { 'Page View': { uniques: 2, totals: 4 } } },
  { channel: '(unclassified)', uniques: 2, totals: 5, byEventType: { Purchase: { uniques: 2, totals: 5 } } },
];

const SESSION_TABLE: ChannelReport['sessions'] = [
  { channel: 'paid search', totals: 0, entries: 0, exits: 0 },
  { channel: 'paid social', totals: 1, entries: 0, exits: 1 },
  { channel: 'email', totals: 1, entries: 1, exits: 0 },
  { channel: 'organic social', totals: 2, entries: 2, exits: 0 },
  { channel: 'organic search', totals: 3, entries: 1, exits: 0 },
  { channel: 'direct', totals: 4, entries: 0, exits: 3 },
  // Sessions with a Purchase: 01-01 u1, 01-03 u1, 01-01 u2, 01-02 u2.
  { channel: '(unclassified)', totals: 4, entries: 0, exits: 0 },
];

async function report(classifier: Classifier, options: { lookback: string; halfLife?: string }): Promise<ChannelReport> {
  const result = await runReport({
    source: { path: EVENTS },
    classifier,
    settings: parseReportSettings({ sessionTimeout: '30m', conversion: 'Purchase', ...options }),
  });
  expect(result.skipped).toEqual([]);
  // The unassigned section depends on the fields each classifier tests; it has tests of its own.
  const { unassigned, ...tables } = result.report!;
  expect(unassigned!.events).toBe(5);
  return tables;
}

describe.each(CLASSIFIERS)('the worked example, lookback 20m, %s', (_, classifier) => {
  it('gives the issue table and every model exactly', async () => {
    const halfLife = 7 * 24 * 60 * MINUTE;
    const c1 = decayShares([15, 10, 5], halfLife);
    const c3 = decayShares([15, 5], halfLife);
    const c5 = decayShares([19, 10, 5], halfLife);
    const expected: ChannelReport = {
      events: 17,
      skipped: 0,
      users: 2,
      sessionCount: 5,
      channels: CHANNEL_TABLE,
      sessions: SESSION_TABLE,
      attribution: {
        conversion: 'Purchase',
        lookback: '20m',
        models: {
          first_touch: rows({ email: [1, 1], 'organic search': [2, 3] }),
          last_touch: rows({ direct: [1, 2], 'organic search': [1, 1], 'paid social': [1, 1] }),
          // email 2/3; direct 1/3 + 1/2 + 1/3 = 7/6; organic search 1 + 1/2 + 1/3 = 11/6; paid social 1/3.
          linear: rows({ email: [1, 0.666667], direct: [2, 1.166667], 'organic search': [2, 1.833333], 'paid social': [1, 0.333333] }),
          participation: rows({ email: [1, 1], direct: [2, 3], 'organic search': [2, 3], 'paid social': [1, 1] }),
          // C1: email .4 + .2, direct .4; C3: .5/.5; C5: organic search .4, direct .2, paid social .4.
          position_based: rows({ email: [1, 0.6], direct: [2, 1.1], 'organic search': [2, 1.9], 'paid social': [1, 0.4] }),
          j_shaped: rows({ email: [1, 0.4], direct: [2, 1.5], 'organic search': [2, 1.5], 'paid social': [1, 0.6] }),
          inverse_j_shaped: rows({ email: [1, 0.8], direct: [2, 0.7], 'organic search': [2, 2.3], 'paid social': [1, 0.2] }),
          time_decay: rows({
            email: [1, round6(c1[0]! + c1[1]!)],
            direct: [2, round6(c1[2]! + c3[1]! + c5[1]!)],
            'organic search': [2, round6(1 + c3[0]! + c5[0]!)],
            'paid social': [1, round6(c5[2]!)],
          }),
        },
      },
    };
    expect(await report(classifier(), { lookback: '20m' })).toEqual(expected);
  });

  it('gives clean time-decay shares with a 5-minute half-life', async () => {
    const result = await report(classifier(), { lookback: '20m', halfLife: '5m' });
    // C1: weights 1/8, 1/4, 1/2 → 1/7, 2/7, 4/7. C3: 1/8, 1/2 → 1/5, 4/5. C5: ages 19, 10, 5 minutes.
    const c5 = decayShares([19, 10, 5], 5 * MINUTE);
    expect(result.attribution.models.time_decay).toEqual(
      rows({
        email: [1, round6(3 / 7)],
        direct: [2, round6(4 / 7 + 4 / 5 + c5[1]!)],
        'organic search': [2, round6(1 + 1 / 5 + c5[0]!)],
        'paid social': [1, round6(c5[2]!)],
      }),
    );
  });
});

describe.each(CLASSIFIERS)('the worked example, lookback session, %s', (_, classifier) => {
  it("credits u2's last purchase to the whole session, organic social first", async () => {
    const result = await report(classifier(), { lookback: 'session' });
    expect(result.channels).toEqual(CHANNEL_TABLE);
    expect(result.sessions).toEqual(SESSION_TABLE);
    expect(result.attribution.lookback).toBe('session');
    // C5's touches: organic social, organic search, direct, paid social (n = 4).
    expect(result.attribution.models).toMatchObject({
      first_touch: rows({ email: [1, 1], 'organic search': [1, 2], 'organic social': [1, 1] }),
      last_touch: rows({ direct: [1, 2], 'organic search': [1, 1], 'paid social': [1, 1] }),
      linear: rows({
        email: [1, 0.666667],
        direct: [2, 1.083333],
        'organic search': [2, 1.75],
        'organic social': [1, 0.25],
        'paid social': [1, 0.25],
      }),
      participation: rows({ email: [1, 1], direct: [2, 3], 'organic search': [2, 3], 'organic social': [1, 1], 'paid social': [1, 1] }),
      position_based: rows({ email: [1, 0.6], direct: [2, 1], 'organic search': [2, 1.6], 'organic social': [1, 0.4], 'paid social': [1, 0.4] }),
      j_shaped: rows({ email: [1, 0.4], direct: [2, 1.4], 'organic search': [2, 1.4], 'organic social': [1, 0.2], 'paid social': [1, 0.6] }),
      inverse_j_shaped: rows({
        email: [1, 0.8],
        direct: [2, 0.6],
        'organic search': [2, 1.8],
        'organic social': [1, 0.6],
        'paid social': [1, 0.2],
      }),
    });
  });
});

describe('examples/amplitude-example.ndjson', () => {
  it('is the same worked example: the same report', async () => {
    const settings = parseReportSettings({ conversion: 'Purchase', lookback: '20m' });
    const fromExamples = await runReport({
      source: { path: path.join(__dirname, '..', '..', 'examples', 'amplitude-example.ndjson') },
      classifier: realClassifier(),
      settings,
    });
    const fromFixture = await runReport({ source: { path: EVENTS }, classifier: realClassifier(), settings });
    expect(fromExamples.report).toEqual(fromFixture.report);
  });
});
