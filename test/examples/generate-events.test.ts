// The sample-event generator behind examples/ga4-sample.ndjson and the benchmark.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateEventLines, generateEvents } from '../../bench/generate-events';

const collect = (seed: number, events: number) => [...generateEvents({ seed, events })];

function timeOf(event: Record<string, unknown>): number {
  if (typeof event.time === 'string') return Date.parse(event.time);
  // Amplitude's `2024-03-01 10:00:00.123000`.
  return Date.parse(`${(event.event_time as string).slice(0, 23).replace(' ', 'T')}Z`);
}

const userOf = (event: Record<string, unknown>) => (event.user_id ?? event.device_id) as string;

describe('generateEvents', () => {
  it('gives exactly the number of events asked for', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 2 ** 31 }), (events, seed) => {
        expect(collect(seed, events)).toHaveLength(events);
      }),
      { numRuns: 60 },
    );
  });

  it('is deterministic for a seed, and another seed gives other events', () => {
    const first = [...generateEventLines({ seed: 7, events: 2000 })];
    expect([...generateEventLines({ seed: 7, events: 2000 })]).toEqual(first);
    expect([...generateEventLines({ seed: 8, events: 2000 })]).not.toEqual(first);
  });

  const events = collect(42, 20_000);

  it('gives every event a user, a time in the period and an event type', () => {
    const start = Date.parse('2024-03-01T00:00:00Z');
    const end = start + 30 * 86_400_000;
    const types = new Set(['Page View', 'Add to Cart', 'purchase']);
    const bad = events.filter(
      (event) => typeof userOf(event) !== 'string' || !(timeOf(event) >= start && timeOf(event) < end) || !types.has(event.event_type as string),
    );
    expect(bad).toEqual([]);
  });

  it('keeps each user’s events in time order', () => {
    const last = new Map<string, number>();
    const outOfOrder = events.filter((event) => {
      const user = userOf(event);
      const before = last.get(user) ?? 0;
      last.set(user, timeOf(event));
      return timeOf(event) < before;
    });
    expect(outOfOrder).toEqual([]);
  });

  it('has about 3% purchases, some gclids, and both event shapes', () => {
    const share = events.filter((event) => event.event_type === 'purchase').length / events.length;
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.045);
    const props = (event: Record<string, unknown>) => (event.event_properties ?? {}) as Record<string, unknown>;
    expect(events.some((event) => event.gclid !== undefined || props(event).gclid !== undefined)).toBe(true);
    expect(events.some((event) => event.event_properties !== undefined && event.user_properties !== undefined)).toBe(true);
    expect(events.some((event) => event.event_properties === undefined && typeof event.time === 'string')).toBe(true);
    expect(events.some((event) => event.user_id === null && typeof event.device_id === 'string')).toBe(true);
  });

  it('gives referrers as full URLs', () => {
    const referrers = events.flatMap((event) => {
      const nested = (event.event_properties ?? {}) as Record<string, unknown>;
      const referrer = event.referrer ?? nested.referrer;
      return typeof referrer === 'string' ? [referrer] : [];
    });
    expect(referrers.length).toBeGreaterThan(1000);
    for (const referrer of referrers) expect(() => new URL(referrer)).not.toThrow();
    expect(referrers.some((referrer) => referrer.startsWith('https://www.google.com/search?q='))).toBe(true);
  });
});
