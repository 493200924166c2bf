import { describe, expect, it } from 'vitest';
import { MINUTE, reportOn, runOn, T0, type TestEvent } from './report-helpers';

const CHANNELS = ['A', 'B', 'C'];

describe('timeout sessions', () => {
  it.each<[string, number, string, number]>([
    ['a gap of exactly the timeout stays in the session', 30 * MINUTE, '30m', 1],
    ['one millisecond more starts a new one', 30 * MINUTE + 1, '30m', 2],
    ['decimal timeouts: exactly 1.5h stays', 90 * MINUTE, '1.5h', 1],
    ['decimal timeouts: 1.5h + 1ms splits', 90 * MINUTE + 1, '1.5h', 2],
    ['a zero timeout keeps only equal times together', 1, '0ms', 2],
    ['a zero timeout, equal times', 0, '0ms', 1],
  ])('%s', async (_, gap, timeout, sessions) => {
    const report = await reportOn(
      [
        { user: 'u', time: T0, channel: 'A' },
        { user: 'u', time: T0 + gap, channel: 'B' },
      ],
      CHANNELS,
      { sessionTimeout: timeout },
    );
    expect(report.sessionCount).toBe(sessions);
  });

  it('uses the default timeout of 30 minutes', async () => {
    const events: TestEvent[] = [
      { user: 'u', time: T0 },
      { user: 'u', time: T0 + 30 * MINUTE },
      { user: 'u', time: T0 + 60 * MINUTE + 1 },
    ];
    expect((await reportOn(events, CHANNELS)).sessionCount).toBe(2);
  });

  it('orders each user by time whatever the file order; gaps are between consecutive events', async () => {
    const result = await runOn(
      [
        { user: 'u', time: T0 + 50 * MINUTE, channel: 'C' },
        { user: 'v', time: T0, channel: 'A' },
        { user: 'u', time: T0, channel: 'A' },
        { user: 'u', time: T0 + 25 * MINUTE, channel: 'B' },
        { user: 'u', time: T0 + 200 * MINUTE, channel: 'B' },
      ],
      CHANNELS,
    );
    // u: A(0) B(25) C(50) in one session, B(200) alone; v: one session.
    expect(result.report!.sessionCount).toBe(3);
    // v's one-event session has A as both entry and exit.
    expect(result.report!.sessions).toEqual([
      { channel: 'A', totals: 2, entries: 2, exits: 1 },
      { channel: 'B', totals: 2, entries: 1, exits: 1 },
      { channel: 'C', totals: 1, entries: 0, exits: 1 },
    ]);
    // Sessions are numbered in the order their first event appears in the input.
    expect([...result.sessionOf!]).toEqual([0, 1, 0, 0, 2]);
  });

  it('entries and exits skip events without a channel; equal times keep file order', async () => {
    const report = await reportOn(
      [
        { user: 'u', time: T0 },
        { user: 'u', time: T0 + MINUTE, channel: 'B' },
        { user: 'u', time: T0 + MINUTE, channel: 'C' },
        { user: 'u', time: T0 + 2 * MINUTE, channel: 'A' },
        { user: 'u', time: T0 + 2 * MINUTE, channel: 'C' },
        { user: 'u', time: T0 + 3 * MINUTE },
      ],
      CHANNELS,
    );
    expect(report.sessions).toEqual([
      { channel: 'A', totals: 1, entries: 0, exits: 0 },
      { channel: 'B', totals: 1, entries: 1, exits: 0 },
      { channel: 'C', totals: 1, entries: 0, exits: 1 },
      { channel: '(unclassified)', totals: 1, entries: 0, exits: 0 },
    ]);
  });

  it('a session with no channel at all has no entry and no exit', async () => {
    const report = await reportOn([{ user: 'u', time: T0 }], CHANNELS);
    expect(report.sessionCount).toBe(1);
    expect(report.sessions).toEqual([
      { channel: 'A', totals: 0, entries: 0, exits: 0 },
      { channel: 'B', totals: 0, entries: 0, exits: 0 },
      { channel: 'C', totals: 0, entries: 0, exits: 0 },
      { channel: '(unclassified)', totals: 1, entries: 0, exits: 0 },
    ]);
  });
});

describe('session_id sessions', () => {
  it('a session is (user, session_id); -1 (number or string), null and none are no session', async () => {
    const result = await runOn(
      [
        { user: 'u', time: T0, channel: 'A', session: 1 },
        { user: 'u', time: T0 + 5 * 60 * MINUTE, channel: 'B', session: 1 }, // a long gap does not split
        { user: 'v', time: T0, channel: 'A', session: 1 }, // same id, other user: another session
        { user: 'u', time: T0 + MINUTE, channel: 'C', session: -1 },
        { user: 'u', time: T0 + MINUTE, channel: 'C', session: '-1' },
        { user: 'u', time: T0 + MINUTE, channel: 'C', session: null },
        { user: 'u', time: T0 + MINUTE, channel: 'C' },
        { user: 'u', time: T0 + 2 * MINUTE, channel: 'B', session: '1' }, // "1" and 1 are one id
      ],
      CHANNELS,
    );
    expect(result.report!.sessionCount).toBe(2);
    expect([...result.sessionOf!]).toEqual([0, 0, 1, -1, -1, -1, -1, 0]);
    expect(result.report!.sessions).toEqual([
      { channel: 'A', totals: 2, entries: 2, exits: 1 },
      { channel: 'B', totals: 1, entries: 0, exits: 1 },
      { channel: 'C', totals: 0, entries: 0, exits: 0 },
    ]);
    // Events outside any session still count in the channel tables.
    expect(result.report!.channels.find((row) => row.channel === 'C')).toMatchObject({ uniques: 1, totals: 4 });
  });

  it("interleaved sessions of one user keep their own entries and exits", async () => {
    const report = await reportOn(
      [
        { user: 'u', time: T0, channel: 'A', session: 's1' },
        { user: 'u', time: T0 + 1, channel: 'B', session: 's2' },
        { user: 'u', time: T0 + 2, channel: 'C', session: 's1' },
        { user: 'u', time: T0 + 3, channel: 'A', session: 's2' },
        { user: 'u', time: T0 + 4, channel: 'A', session: 's1' },
      ],
      CHANNELS,
    );
    expect(report.sessionCount).toBe(2);
    expect(report.sessions).toEqual([
      { channel: 'A', totals: 2, entries: 1, exits: 2 },
      { channel: 'B', totals: 1, entries: 1, exits: 0 },
      { channel: 'C', totals: 1, entries: 0, exits: 0 },
    ]);
  });

  it('when only -1 session ids appear, the input has session ids and no event is in a session', async () => {
    const report = await reportOn(
      [
        { user: 'u', time: T0, channel: 'A', session: -1 },
        { user: 'u', time: T0 + 1, channel: 'B' },
      ],
      CHANNELS,
    );
    expect(report.sessionCount).toBe(0);
    expect(report.sessions.every((row) => row.totals === 0)).toBe(true);
  });

  it('when every session_id is null, sessions come from the timeout', async () => {
    const report = await reportOn(
      [
        { user: 'u', time: T0, channel: 'A', session: null },
        { user: 'u', time: T0 + 31 * MINUTE, channel: 'B', session: null },
      ],
      CHANNELS,
    );
    expect(report.sessionCount).toBe(2);
  });
});
