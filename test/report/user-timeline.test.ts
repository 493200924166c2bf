// The users' timeline (engine/report/user-timeline): each user's events in time order,
// ties in file order, with their columns gathered in that order; the same with and
// without the event indices (`order`, made only when each event's session number is
// asked for), and the same as sorting each user's events plainly.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventColumns } from '../../engine/report/event-columns';
import { userTimeline } from '../../engine/report/user-timeline';
import { MINUTE, T0 } from './report-helpers';

interface TimelineEvent {
  user: number;
  minute: number;
  type: 'view' | 'purchase' | undefined;
  channel: number;
  session: number | undefined;
}

const eventArbitrary: fc.Arbitrary<TimelineEvent> = fc.record({
  user: fc.integer({ min: 0, max: 5 }),
  // Few minutes: many ties, and users out of time order.
  minute: fc.integer({ min: 0, max: 8 }),
  type: fc.constantFrom('view' as const, 'purchase' as const, undefined),
  channel: fc.integer({ min: -1, max: 3 }),
  session: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
});

describe('userTimeline', () => {
  it('orders each user by time, ties in file order, with and without the event indices', () => {
    fc.assert(
      fc.property(fc.array(eventArbitrary, { maxLength: 80 }), fc.boolean(), (events, withSessions) => {
        const columns = new EventColumns();
        events.forEach((event, index) =>
          columns.add(index + 1, {
            user: `u${event.user}`,
            time: T0 + event.minute * MINUTE,
            ...(event.type === undefined ? {} : { eventType: event.type }),
            ...(withSessions && event.session !== undefined ? { sessionId: String(event.session), hasSessionId: true } : {}),
          }),
        );
        const channelOf = Int32Array.from(events, (event) => event.channel);
        const withOrder = userTimeline(columns, channelOf, false, true);
        const withoutOrder = userTimeline(columns, channelOf, false, false);
        expect(withoutOrder.order).toBeUndefined();
        // The plain way: each user's event indices sorted by time, then index.
        const expected: number[] = [];
        for (let user = 0; user < columns.userCount; user++) {
          const indices = events.map((_, index) => index).filter((index) => columns.userOf[index] === user);
          indices.sort((a, b) => columns.times[a]! - columns.times[b]! || a - b);
          expected.push(...indices);
        }
        expect([...withOrder.order!]).toEqual(expected);
        for (const timeline of [withOrder, withoutOrder]) {
          expect([...timeline.times]).toEqual(expected.map((index) => columns.times[index]));
          expect([...timeline.channels]).toEqual(expected.map((index) => channelOf[index]));
          expect([...timeline.types]).toEqual(expected.map((index) => columns.typeOf[index]));
          if (columns.anySessionId) expect([...timeline.sessionIds!]).toEqual(expected.map((index) => columns.sessionIdOf[index]));
          else expect(timeline.sessionIds).toBeUndefined();
        }
        expect([...withoutOrder.userStart]).toEqual([...withOrder.userStart]);
      }),
      { numRuns: 500 },
    );
  });
});
