// The report with its attribution counted in ranges of the users (as a threaded
// report's workers count it, here all on this thread), with users and session ids
// numbered in any order, equals the report counted on one thread: every figure, time
// decay's totals to the bit, and the session number of every event.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeUsers, userRanges } from '../../engine/report/attribution-part';
import { buildReport, type OtherThreads } from '../../engine/report/build-report';
import { EventColumns } from '../../engine/report/event-columns';
import { parseReportSettings } from '../../engine/report/report-settings';
import { MINUTE, T0 } from './report-helpers';

const CHANNELS = ['A', 'B', 'C'];

interface PartEvent {
  user: number;
  minute: number;
  type: 'view' | 'purchase' | 'click' | undefined;
  channel: number;
  session: number | undefined;
}

const eventArbitrary = (withSessions: boolean): fc.Arbitrary<PartEvent> =>
  fc.record({
    user: fc.integer({ min: 0, max: 9 }),
    minute: fc.integer({ min: 0, max: 300 }),
    type: fc.constantFrom('view' as const, 'purchase' as const, 'click' as const, undefined),
    channel: fc.integer({ min: -1, max: CHANNELS.length - 1 }),
    session: withSessions ? fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) : fc.constant(undefined),
  });

/** `threads` threads attributing on this thread, after a turn of the event loop (as a worker answers later); the ranges they are given. */
function onThisThread(threads: number, given: Array<{ from: number; to: number }> = []): OtherThreads {
  return {
    threads,
    attribute: async (timeline, channelCount, settings, users) => {
      given.push(users);
      await new Promise((resolve) => setImmediate(resolve));
      // As a worker sees it: a copy of the settings, not this thread's object.
      return attributeUsers(timeline, channelCount, structuredClone(settings), users);
    },
  };
}

/** `numbering`: users and session ids interned in this order first (as several threads may number them). */
function columnsOf(events: readonly PartEvent[], shared: boolean, numbering?: { users: number[]; sessions: number[] }): { columns: EventColumns; channelOf: Int32Array } {
  const columns = new EventColumns(shared);
  // Only names the events have: a thread numbers only what it reads.
  for (const user of numbering?.users ?? []) if (events.some((event) => event.user === user)) columns.users.intern(`u${user}`);
  for (const session of numbering?.sessions ?? []) if (events.some((event) => event.session === session)) columns.sessionIds.intern(String(session));
  events.forEach((event, index) => {
    columns.add(index + 1, {
      user: `u${event.user}`,
      time: T0 + event.minute * MINUTE,
      ...(event.type === undefined ? {} : { eventType: event.type }),
      ...(event.session === undefined ? {} : { sessionId: String(event.session), hasSessionId: true }),
    });
  });
  return { columns, channelOf: Int32Array.from(events, (event) => event.channel) };
}

describe('the report with its attribution in ranges of the users', () => {
  it.each([false, true])('equals the report on one thread (session ids: %s)', async (withSessions) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArbitrary(withSessions), { maxLength: 60 }),
        fc.integer({ min: 1, max: 3 }),
        fc.record({ users: fc.shuffledSubarray([...Array(10).keys()], { minLength: 10 }), sessions: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4 }) }),
        fc.record({
          sessionTimeout: fc.constantFrom('10m', '30m'),
          lookback: fc.constantFrom('15m', '2h', 'session'),
          halfLife: fc.constantFrom('10m', '1h'),
        }),
        async (events, threads, numbering, options) => {
          const settings = parseReportSettings({ conversion: 'purchase', ...options });
          const one = columnsOf(events, false);
          const expected = await buildReport({ ...one, channelNames: CHANNELS, skipped: 0 }, settings);
          // Users and session ids numbered in another order, as the main thread of a threaded report numbers them.
          const parts = columnsOf(events, true, numbering);
          const given: Array<{ from: number; to: number }> = [];
          const actual = await buildReport({ ...parts, channelNames: CHANNELS, skipped: 0 }, settings, undefined, onThisThread(threads, given));
          // Every user in exactly one range, in order.
          expect(given.length).toBe(threads);
          expect(given.map(({ from, to }) => [from, to]).flat()).toEqual([0, ...given.slice(0, -1).flatMap(({ to }) => [to, to]), parts.columns.userCount]);
          expect(JSON.stringify(actual.report)).toBe(JSON.stringify(expected.report));
          expect([...actual.sessionOf!]).toEqual([...expected.sessionOf!]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('userRanges', () => {
  it('cuts the users in order into ranges of about as many events each', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (perUser, parts) => {
        const userStart = new Int32Array(perUser.length + 1);
        perUser.forEach((events, u) => (userStart[u + 1] = userStart[u]! + events));
        const ranges = userRanges(userStart, parts);
        expect(ranges.length).toBe(parts);
        expect(ranges[0]!.from).toBe(0);
        expect(ranges[parts - 1]!.to).toBe(perUser.length);
        for (let part = 1; part < parts; part++) expect(ranges[part]!.from).toBe(ranges[part - 1]!.to);
        // Each range ends at the first user past its share: over it by less than one user's events.
        const total = userStart[perUser.length]!;
        const most = Math.max(0, ...perUser);
        for (const { from, to } of ranges) {
          expect(to).toBeGreaterThanOrEqual(from);
          expect(userStart[to]! - userStart[from]!).toBeLessThanOrEqual(Math.ceil(total / parts) + most);
        }
      }),
    );
  });
});
