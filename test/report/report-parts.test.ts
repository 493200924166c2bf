// The report counted in parts of the users (as a threaded report's threads count them,
// here all on this thread), with users and session ids numbered in any order, equals the
// report counted in one part: every figure, time decay's totals to the bit, and the
// session number of every event.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport, type OtherThreads } from '../../engine/report/build-report';
import { EventColumns } from '../../engine/report/event-columns';
import { countPart } from '../../engine/report/report-part';
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

/** Counts parts 1 … threads on this thread, after a turn of the event loop (as a worker answers later). */
function onThisThread(threads: number): OtherThreads {
  return {
    threads,
    countPart: async (input, settings, part) => {
      await new Promise((resolve) => setImmediate(resolve));
      return countPart(input, settings, part);
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

describe('the report in parts of the users', () => {
  it.each([false, true])('equals the report in one part (session ids: %s)', async (withSessions) => {
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
          const actual = await buildReport({ ...parts, channelNames: CHANNELS, skipped: 0 }, settings, undefined, onThisThread(threads));
          expect(actual.report).toEqual(expected.report);
          expect([...actual.sessionOf!]).toEqual([...expected.sessionOf!]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
