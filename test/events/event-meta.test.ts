import { describe, expect, it } from 'vitest';
import type { EventMeta, EventProps } from '../../engine/events/event';
import fc from 'fast-check';
import { compileEventMetaReader, readEventMeta } from '../../engine/events/event-meta';
import { eventFieldsFor, SOURCE_SYSTEM_IDS, type FieldMapping } from '../../engine/events/event-source';
import type { TimeUnit } from '../../engine/events/event-time';

const T = '2024-01-01T10:00:00Z';
const T_MS = Date.parse(T);

function meta(props: EventProps): EventMeta {
  const result = readEventMeta(props);
  if (typeof result === 'string') throw new Error(`skipped: ${result}`);
  return result;
}

describe('user', () => {
  it.each<[string, EventProps, string]>([
    ['user_id', { user_id: 'u1', device_id: 'd1', time: T }, 'u1'],
    ['device_id when user_id is missing', { device_id: 'd1', time: T }, 'd1'],
    ['device_id when user_id is null', { user_id: null, device_id: 'd1', time: T }, 'd1'],
    ['a number as its canonical text', { user_id: 12345, time: T }, '12345'],
    ['1.0 is 1', { user_id: 1.0, time: T }, '1'],
    ['the empty string is a value', { user_id: '', device_id: 'd1', time: T }, ''],
    ['through event_properties', { event_properties: { user_id: 'p1' }, time: T }, 'p1'],
    ['top level wins over event_properties', { user_id: 'u1', event_properties: { user_id: 'p1' }, time: T }, 'u1'],
    ['a boolean as its text', { user_id: true, time: T }, 'true'],
  ])('%s', (_, props, user) => {
    expect(meta(props).user).toBe(user);
  });

  it('makes 12345 and "12345" one user', () => {
    expect(meta({ user_id: 12345, time: T }).user).toBe(meta({ user_id: '12345', time: T }).user);
  });

  it.each<[string, EventProps]>([
    ['none', { time: T }],
    ['both null', { user_id: null, device_id: null, time: T }],
    ['an object is not a value', { user_id: { id: 1 }, time: T }],
  ])('skips an event without one: %s', (_, props) => {
    expect(readEventMeta(props)).toMatch(/^no user/);
  });
});

describe('time', () => {
  it.each<[string, EventProps, number]>([
    ['time', { user_id: 'u', time: T, timestamp: 0 }, T_MS],
    ['timestamp when time is missing', { user_id: 'u', timestamp: T }, T_MS],
    ['event_time when the others are null', { user_id: 'u', time: null, timestamp: null, event_time: T }, T_MS],
    ['client_event_time last', { user_id: 'u', client_event_time: T }, T_MS],
    ['epoch ms as a number', { user_id: 'u', time: 1704103200000 }, 1704103200000],
    ['epoch ms as a string of digits', { user_id: 'u', time: '1704103200000' }, 1704103200000],
    ['Amplitude export format', { user_id: 'u', event_time: '2024-01-01 10:00:00.123456' }, T_MS + 123],
  ])('%s', (_, props, time) => {
    expect(meta(props).time).toBe(time);
  });

  it('skips an event without a time', () => {
    expect(readEventMeta({ user_id: 'u' })).toMatch(/^no time/);
    expect(readEventMeta({ user_id: 'u', time: null })).toMatch(/^no time/);
  });

  it('skips an unparsable time without trying the next field', () => {
    expect(readEventMeta({ user_id: 'u', time: '2024-02-30', timestamp: T })).toBe(
      'unparsable time "2024-02-30": expected epoch milliseconds or YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]',
    );
    expect(readEventMeta({ user_id: 'u', time: 1.5 })).toMatch(/^unparsable time "1.5"/);
    expect(readEventMeta({ user_id: 'u', time: -5 })).toMatch(/^unparsable time "-5"/);
  });
});

describe('event type', () => {
  it.each<[string, EventProps, string | undefined]>([
    ['event_type', { event_type: 'Purchase', event: 'x' }, 'Purchase'],
    ['event when event_type is missing', { event: 'purchase' }, 'purchase'],
    ['event when event_type is null', { event_type: null, event: 'purchase' }, 'purchase'],
    ['none', {}, undefined],
    ['a number as text', { event_type: 7 }, '7'],
  ])('%s', (_, props, eventType) => {
    expect(meta({ user_id: 'u', time: T, ...props }).eventType).toBe(eventType);
  });
});

describe('session', () => {
  it.each<[string, unknown, string | undefined, boolean]>([
    ['a number', 1704103200000, '1704103200000', true],
    ['a string', 'abc', 'abc', true],
    ['-1 as a number: no session', -1, undefined, true],
    ['-1 as a string: no session', '-1', undefined, true],
    ['null: no session', null, undefined, false],
    ['-1.0 is -1', -1.0, undefined, true],
  ])('%s', (_, sessionId, expected, hasSessionId) => {
    const result = meta({ user_id: 'u', time: T, session_id: sessionId });
    expect(result.sessionId).toBe(expected);
    expect(result.hasSessionId).toBe(hasSessionId);
  });

  it('absent: no session', () => {
    const result = meta({ user_id: 'u', time: T });
    expect(result.sessionId).toBeUndefined();
    expect(result.hasSessionId).toBe(false);
  });
});

describe('a time that is a number is read as its text is', () => {
  // The metadata reader takes a number at the first time path as it is, without its
  // text (FieldLookup.readsOwnKeyFirst, parseEventNumber): for every source system, with
  // and without `--map`, on records whose time paths, containers and overrides hold
  // numbers of every kind, strings and nulls, it gives what reading the text gives.
  it('for every source system, mapped or not', () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
      fc.integer({ min: -1000, max: 1000 }),
      fc.double(),
      fc.constantFrom(null, '1709251200000', '2024-03-01T00:00:00Z', 'x', 8.64e15 + 1, 1.7e15, -0),
    );
    const keys = ['time', 'timestamp', 'event_time', 'client_event_time', 'event_timestamp', 'ts', 'constructor', 'a.b', 'user_id', 'user_pseudo_id', 'userId', 'distinct_id', 'device_id'];
    const record = fc.dictionary(fc.constantFrom(...keys), value);
    const props = fc.record({ top: record, event_properties: fc.option(record), properties: fc.option(record) });
    const mapping = fc.option(fc.constantFrom<FieldMapping[]>([{ name: 'time', path: 'ts' }], [{ name: 'time', path: 'a.b' }, { name: 'time', path: 'time' }], [{ name: 'user', path: 'ts' }]));
    fc.assert(
      fc.property(fc.constantFrom(...SOURCE_SYSTEM_IDS), mapping, fc.constantFrom<TimeUnit>('ms', 's', 'us'), props, (from, map, timeUnit, parts) => {
        const fields = eventFieldsFor(undefined, { from, ...(map === null ? {} : { map }), timeUnit });
        const viaFields = fields.system.metaThroughContainers === true;
        const byText = compileEventMetaReader(fields.metaSpec, (path) => (viaFields ? fields.lookup.accessor(path) : fields.lookup.path(path)));
        const record: EventProps = { ...parts.top };
        if (parts.event_properties !== null) record.event_properties = parts.event_properties;
        if (parts.properties !== null) record.properties = parts.properties;
        expect(fields.meta.read(record)).toEqual(byText.read(record));
        expect(fields.meta.foreignRecords).toBe(byText.foreignRecords);
      }),
      { numRuns: 3000 },
    );
  });
});
