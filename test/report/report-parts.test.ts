// The report counted in parts of the users (as a threaded report's threads count them,
// here all on this thread) equals the report counted in one part: every figure, time
// decay's totals to the bit, and the session number of every event.

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

function columnsOf(events: readonly PartEvent[], shared: boolean): { columns: EventColumns; channelOf: Int32Array } {
  const columns = new EventColumns(shared);
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
        fc.record({
          sessionTimeout: fc.constantFrom('10m', '30m'),
          lookback: fc.constantFrom('15m', '2h', 'session'),
          halfLife: fc.constantFrom('10m', '1h'),
        }),
        async (events, threads, options) => {
          const settings = parseReportSettings({ conversion: 'purchase', ...options });
          const one = columnsOf(events, false);
          const expected = await buildReport({ ...one, channelNames: CHANNELS, skipped: 0 }, settings);
          const parts = columnsOf(events, true);
          const actual = await buildReport({ ...parts, channelNames: CHANNELS, skipped: 0 }, settings, undefined, onThisThread(threads));
          expect(actual.report).toEqual(expected.report);
          expect([...actual.sessionOf]).toEqual([...expected.sessionOf]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
