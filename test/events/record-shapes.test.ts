// Record shapes (engine/events/record-shapes, json-projection, meta-only-keys,
// engine/report/shape-memo): the projection makes no record for a line whose shape a
// RangeReader has learnt, and the columns are still the ones JSON.parse's records give,
// range after range, whatever the rules and `against` read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import type { EventBatch } from '../../engine/events/event';
import { eventFieldsFor, type EventSourceOptions } from '../../engine/events/event-source';
import { JsonProjection, NO_RECORD } from '../../engine/events/json-projection';
import { metaOnlyKeys } from '../../engine/events/meta-only-keys';
import { HASH_SEED, mix, RecordShapes } from '../../engine/events/record-shapes';
import { RangeReader, type ProjectionFactory, type RangeReaderOptions } from '../../engine/report/range-columns';

const encoder = new TextEncoder();

function classifierOf(rules: string) {
  return compileClassifier(checkRules(parseChannels(rules), rules));
}

describe('record shapes', () => {
  it('number equal keys alike and tell keys apart by every number, even under one hash', () => {
    const shapes = new RecordShapes();
    const find = (pairs: number[], hash?: number): number => {
      const key = shapes.keyOfLength(pairs.length);
      key.set(pairs);
      let h = HASH_SEED;
      for (let k = 0; k < pairs.length; k += 2) h = mix(h, pairs[k]!, pairs[k + 1]!);
      return shapes.find(pairs.length, hash ?? h);
    };
    const a = find([1, 2, 3, 4]);
    expect(find([1, 2, 3, 4])).toBe(a);
    expect(find([1, 2, 3, 5])).not.toBe(a);
    expect(find([1, 2])).not.toBe(a);
    // The same hash for other keys (a collision): still other shapes, each found again.
    const b = find([7, 7], 42);
    const c = find([8, 8], 42);
    const d = find([7, 7, 8, 8], 42);
    expect(new Set([a, b, c, d]).size).toBe(4);
    expect([find([7, 7], 42), find([8, 8], 42), find([7, 7, 8, 8], 42)]).toEqual([b, c, d]);
    expect(shapes.size).toBe(6);
  });

  it('look a key up within 64 slots: keys made to share a hash get no shape past them, and every shape is found again', () => {
    const shapes = new RecordShapes();
    const find = (pairs: number[]): number => {
      shapes.keyOfLength(pairs.length).set(pairs);
      return shapes.find(pairs.length, 42);
    };
    const numbers = Array.from({ length: 200 }, (_, k) => find([k, k]));
    const numbered = numbers.filter((shape) => shape >= 0);
    expect(numbered.length).toBe(64);
    expect(new Set(numbered).size).toBe(64);
    expect(Array.from({ length: 200 }, (_, k) => find([k, k]))).toEqual(numbers);
    // Another hash still has room.
    shapes.keyOfLength(2).set([1, 2]);
    expect(shapes.find(2, 7)).toBe(64);
  });

  it('number the texts of members once each', () => {
    const shapes = new RecordShapes();
    expect(shapes.valueNumber('google')).toBe(0);
    expect(shapes.valueNumber('email')).toBe(1);
    expect(shapes.valueNumber('google')).toBe(0);
  });
});

describe('metadata-only keys', () => {
  const plain = eventFieldsFor(undefined, { from: 'plain' });

  it('are the user, time and session keys that only their own reader reads', () => {
    expect(metaOnlyKeys(plain, ['utm_source', 'utm_medium'])).toEqual({ users: [true, true], times: [true, true, true, true], sessions: [true] });
  });

  it('are not keys a rule or `against` reads, nor keys of a mapped or nested path', () => {
    expect(metaOnlyKeys(plain, ['time', 'device_id', 'session_id'])).toEqual({ users: [true, false], times: [false, true, true, true], sessions: [false] });
    // `referring_domain` reads `referrer`, nothing of the metadata.
    expect(metaOnlyKeys(plain, ['referring_domain'])).toEqual({ users: [true, true], times: [true, true, true, true], sessions: [true] });
    const mapped = eventFieldsFor(undefined, { from: 'plain', map: [{ name: 'user', path: 'a.b' }, { name: 'time', path: 'when' }, { name: 'session', path: 'time' }] });
    // `--map session=time`: `time` is the session's key (the time is `when`), and no other reader's.
    expect(metaOnlyKeys(mapped, [])).toEqual({ users: [false], times: [true], sessions: [true] });
    // A key that is both the session's and a user's is neither's alone.
    const shared = eventFieldsFor(undefined, { from: 'plain', map: [{ name: 'session', path: 'user_id' }] });
    expect(metaOnlyKeys(shared, [])).toMatchObject({ users: [false, true], sessions: [false] });
    // A rule's field mapped onto the time key: that key is read by the rule too.
    const ruleOnTime = eventFieldsFor(undefined, { from: 'plain', map: [{ name: 'utm_source', path: 'time' }] });
    expect(metaOnlyKeys(ruleOnTime, ['utm_source']).times[0]).toBe(false);
  });

  it("are a source system's own user, time and session keys", () => {
    const ga4 = eventFieldsFor(undefined, { from: 'ga4' });
    const only = metaOnlyKeys(ga4, ['utm_source', 'utm_medium']);
    expect(ga4.meta.userKeys.filter((key, place) => key !== undefined && only.users[place])).toContain('user_pseudo_id');
    expect(ga4.meta.timeKeys.filter((key, place) => key !== undefined && only.times[place])).toEqual(['event_timestamp']);
  });
});

/** Events handed on (without a record: `shaped`), and the shapes of the last projection made. */
interface Counts {
  shaped: number;
  events: number;
  shapes?: RecordShapes | undefined;
}

/** A projection factory whose projections count the events they hand on. */
function countingProjection(counts: Counts): ProjectionFactory {
  return (...args) => {
    const inner = new JsonProjection(...args);
    counts.shapes = inner.shapes;
    return {
      shapes: inner.shapes,
      read: (range: Uint8Array, onEvents: (batch: EventBatch) => void) =>
        inner.read(range, (batch) => {
          for (const event of batch.events) if (event.props === NO_RECORD) counts.shaped++;
          counts.events += batch.events.length;
          onEvents(batch);
        }),
    };
  };
}

/**
 * Reads each range (lines) with a JSON.parse RangeReader and one through the projection
 * (counting into `counts`), both kept from range to range, and expects the same
 * columns. The JSON.parse reader reads first: the fields it compiles are there when the
 * projection is made (else a second projection would be made, and counted, after it).
 */
function expectSameColumns(rules: string, options: RangeReaderOptions, ranges: Iterable<readonly string[]>, counts: Counts): void {
  const classifier = classifierOf(rules);
  const parsed = new RangeReader(classifier, options);
  parsed.decide(eventFieldsFor(undefined, options.eventFields));
  const through = new RangeReader(classifier, { ...options, projection: countingProjection(counts) });
  through.decide(eventFieldsFor(undefined, options.eventFields));
  for (const lines of ranges) {
    const bytes = encoder.encode(lines.join('\n'));
    const expected = parsed.readRange(bytes, false, 0);
    expect(through.readRange(bytes, false, 0)).toEqual(expected);
  }
}

/** `text` with every character escaped (`"\u0075\u0031"`: the same string, other bytes). */
const escaped = (text: string): string => `"${[...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;

// Members as JSON text (keys may repeat), from small pools so that lines repeat shapes.
const member = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('"user_id":"u1"', '"user_id":"u2"', '"user_id":"ü3"', '"user_id":"u4"') },
  { weight: 1, arbitrary: fc.constantFrom('"user_id":null', '"user_id":7', `"user_id":${escaped('u1')}`, '"user_id":true', '"user_id":""', '"device_id":"d1"', '"device_id":"u1"', '"device_id":null', '"userId":"s1"', '"anonymousId":"a1"') },
  { weight: 6, arbitrary: fc.constantFrom('"time":"2024-03-01T10:20:30.123Z"', '"time":"2024-03-01 10:21"', '"time":"2024-03-02T00:00:00Z"', '"time":"2024-03-01T10:20:31.5Z"') },
  { weight: 1, arbitrary: fc.constantFrom('"time":"later"', '"time":"2024-02-30"', '"time":1709251203752', '"time":"1709251203752"', '"time":null', '"time":""', `"time":${escaped('2024-03-01')}`, '"event_time":"2024-03-02 00:00:01.250000"', '"timestamp":"2024-03-03"') },
  { weight: 3, arbitrary: fc.constantFrom('"event_type":"Page View"', '"event_type":"purchase"', '"event_type":null', '"event":"Signup"') },
  { weight: 4, arbitrary: fc.constantFrom('"utm_medium":"email"', '"utm_medium":"cpc"', '"utm_source":"google"', '"utm_source":"newsletter"', '"utm_medium":null', '"referrer":"https://www.google.com/"') },
  { weight: 1, arbitrary: fc.constantFrom('"event_properties":{"utm_medium":"email"}', '"event_properties":{"user_id":"u9","time":"2024-03-04"}', '"event_properties":{"session_id":"s9"}', '"user_properties":{"utm_source":"x"}', '"plan":"pro"') },
  { weight: 1, arbitrary: fc.constantFrom('"domain_userid":"du1"', '"derived_tstamp":"2024-03-01 10:00:00.000"', '"domain_sessionid":"ds1"', '"domain_sessionid":"ds2"', '"mkt_medium":"email"', '"sess":"x1"', '"sess":17', '"sess":null') },
  { weight: 2, arbitrary: fc.constantFrom('"session_id":"s1"', '"session_id":"s2"', '"session_id":"-1"', '"session_id":-1', '"session_id":5', '"session_id":1704103200000', '"session_id":1e3', '"session_id":1.50', '"session_id":12345678901234567891', '"session_id":9007199254740993', '"session_id":null', '"session_id":true', `"session_id":${escaped('s1')}`) },
);
const userMember = fc.constantFrom('"user_id":"u1"', '"user_id":"u2"', '"user_id":"ü3"', '"user_id":"u4"', '"device_id":"d2"');
const timeMember = fc.constantFrom('"time":"2024-03-01T10:20:30.123Z"', '"time":"2024-03-01 10:21"', '"time":"2024-03-02T00:00:00Z"', '"event_time":"2024-03-02 00:00:01.250000"');
/**
 * Ranges of lines made of a few members common to many lines (their shapes) and, mostly,
 * a user and a time member of their own: the lines of a file of events.
 */
const ranges = fc
  .tuple(fc.array(fc.array(member, { maxLength: 5 }), { minLength: 1, maxLength: 6 }), fc.array(fc.array(fc.tuple(fc.nat(), userMember, timeMember, fc.nat(9)), { minLength: 10, maxLength: 60 }), { minLength: 2, maxLength: 5 }))
  .map(([shapes, picks]) =>
    picks.map((range) =>
      range.map(([shape, user, time, variant]) => {
        const members: string[] = [...shapes[shape % shapes.length]!];
        if (variant === 0) return '';
        if (variant > 1) members.unshift(user);
        if (variant > 2) members.splice(variant % (members.length + 1), 0, time);
        return `{${members.join(',')}}`;
      }),
    ),
  );

const RULE_SETS = [
  `channel "Email"\n  when utm_medium = "email"\nchannel "Search"\n  when referring_domain in ["google.com"]\notherwise "Direct"\n`,
  // Rules that read the metadata's own keys: those keys are no longer left out of shapes.
  `channel "Late"\n  when time = "later"\nchannel "One"\n  when user_id = "u1"\nchannel "Device"\n  when device_id = "d1"\nchannel "Email"\n  when utm_medium = "email"\n`,
  // No otherwise: unassigned patterns.
  `channel "Email"\n  when utm_medium = "email"\n`,
];

describe('RangeReader through record shapes', () => {
  it('reads the columns JSON.parse gives, range after range, with the records of known shapes not made', () => {
    const counts: Counts = { shaped: 0, events: 0 };
    fc.assert(
      fc.property(
        ranges,
        fc.constantFrom(...RULE_SETS),
        fc.constantFrom<string | undefined>(undefined, 'utm_medium', 'user_id', 'time'),
        fc.constantFrom<EventSourceOptions>({ from: 'plain' }, { from: 'amplitude' }, { from: 'segment' }, { from: 'plain', map: [{ name: 'user', path: 'device_id' }] }, { from: 'plain', timeUnit: 's' }, { from: 'plain', map: [{ name: 'time', path: 'event_properties.time' }] }, { from: 'snowplow' }, { from: 'plain', map: [{ name: 'session', path: 'sess' }] }, { from: 'plain', map: [{ name: 'session', path: 'user_id' }] }, { from: 'amplitude', map: [{ name: 'session', path: 'sess' }, { name: 'session', path: 'session_id' }] }),
        (lines, rules, against, eventFields) => {
          expectSameColumns(rules, { report: true, skippedLimit: 50, eventFields, ...(against === undefined ? {} : { against }) }, lines, counts);
        },
      ),
      { numRuns: 300 },
    );
    // The property held where it matters: a good share of the events had no record.
    expect(counts.shaped).toBeGreaterThan(500);
  });

  it("reads a GA4 export's rows (key/value arrays, digits for times) alike", () => {
    const param = fc.constantFrom(
      '{"key":"source","value":{"string_value":"google"}}',
      '{"key":"medium","value":{"string_value":"cpc"}}',
      '{"key":"page_location","value":{"string_value":"https://shop.example.com/"}}',
      '{"key":"ga_session_id","value":{"int_value":"17"}}',
      '{"key":"ga_session_id","value":{"int_value":18}}',
      '{"key":"campaign","value":{"string_value":null}}',
    );
    const row = fc.tuple(
      fc.array(param, { maxLength: 2 }),
      fc.constantFrom('"user_id":"u1",', '"user_id":"u2",', '', '"user_id":null,'),
      fc.constantFrom('"user_pseudo_id":"p1.1"', '"user_pseudo_id":"p2.2"', '"user_pseudo_id":7'),
      fc.constantFrom('"event_timestamp":"1709251203752000"', '"event_timestamp":"1709251249886123"', '"event_timestamp":1709251203752000', '"event_timestamp":"x"'),
      fc.constantFrom('"event_name":"page_view"', '"event_name":"purchase"'),
      fc.constantFrom('', ',"collected_traffic_source":{"manual_source":"(direct)","manual_medium":"(none)"}', ',"user_properties":[]'),
    ).map(([params, user, pseudo, time, name, rest]) => `{${time},${name},"event_params":[${params.join(',')}],${user}${pseudo}${rest}}`);
    const counts: Counts = { shaped: 0, events: 0 };
    fc.assert(
      fc.property(fc.array(fc.array(row, { minLength: 10, maxLength: 50 }), { minLength: 2, maxLength: 4 }), fc.constantFrom(...RULE_SETS), (lines, rules) => {
        expectSameColumns(rules, { report: true, skippedLimit: 50, eventFields: { from: 'ga4' }, against: 'auto' }, lines, counts);
      }),
      { numRuns: 200 },
    );
    expect(counts.shaped).toBeGreaterThan(200);
  });

  it('reads alike past the bound on shapes (65,536 per reader)', () => {
    const counts: Counts = { shaped: 0, events: 0 };
    // 120,000 pairs of repeating values, each range's first 1,024 lines new shapes: the
    // table is full after 64 ranges; a line of range 0 comes back in every range.
    const ranges = Array.from({ length: 80 }, (_, range) =>
      Array.from({ length: 1100 }, (_, k) => {
        const pair = k === 0 ? 0 : range * 1100 + k;
        return `{"user_id":"u${k % 50}","time":"2024-01-01T00:00:0${k % 10}Z","utm_source":"s${pair % 40}","utm_medium":"${pair % 7 === 0 ? 'email' : `m${Math.floor(pair / 40) % 3000}`}"}`;
      }),
    );
    expectSameColumns(`channel "Email"\n  when utm_medium = "email"\nchannel "S1"\n  when utm_source = "s1"\n`, { report: true, skippedLimit: 5, eventFields: { from: 'plain' } }, ranges, counts);
    expect(counts.shapes?.size).toBe(65_536);
    expect(counts.shaped).toBeGreaterThan(50);
  }, 60_000);

  it('reads alike past the bound on line classes (8,192 per range: the lines of any more find their shapes one by one)', () => {
    const counts: Counts = { shaped: 0, events: 0 };
    // 8,500 pairs of values, each on 5 lines in a row (a fifth new: shapes are still
    // worked out), in one range and then again in a second.
    const lines = Array.from({ length: 42_500 }, (_, k) => {
      const pair = Math.floor(k / 5);
      return `{"user_id":"u${k % 50}","time":"2024-01-01T00:00:0${k % 10}Z","utm_source":"s${pair % 100}","utm_medium":"m${Math.floor(pair / 100)}"}`;
    });
    expectSameColumns(`channel "M1"\n  when utm_medium = "m1"\nchannel "S1"\n  when utm_source = "s1"\n`, { report: true, skippedLimit: 5, eventFields: { from: 'plain' } }, [lines, lines], counts);
    expect(counts.shapes?.size).toBe(8500);
    // The second range's lines: every shape is known by then.
    expect(counts.shaped).toBeGreaterThan(42_000);
  }, 60_000);

  it('reads alike when no time key is read as its own key (a mapped, nested time)', () => {
    // Once a crash: shapes were worked out without the scanner parsing any time.
    for (const eventFields of [{ from: 'plain', map: [{ name: 'time', path: 'ts.v' }] }, { from: 'segment', map: [{ name: 'time', path: 'ctx.t' }] }] satisfies EventSourceOptions[]) {
      const counts: Counts = { shaped: 0, events: 0 };
      const lines = Array.from({ length: 3000 }, (_, k) => `{"user_id":"u${k % 3}","userId":"s${k % 2}","ts":{"v":"2024-01-0${1 + (k % 5)}"},"ctx":{"t":"2024-01-02"},"utm_medium":"email"}`);
      expectSameColumns(RULE_SETS[0]!, { report: true, skippedLimit: 5, eventFields }, [lines, lines], counts);
      expect(counts.events).toBe(6000);
    }
  });

  it("takes a session id from the line (Amplitude's numbers, Snowplow's strings), the line's record not made", () => {
    // Sessions of three events each: were their ids part of the shape, no shape would outlive its session.
    const amplitude = Array.from({ length: 6000 }, (_, k) => `{"user_id":"u${Math.floor(k / 3) % 97}","event_time":"2024-01-01 10:00:0${k % 10}.000000","event_type":"Page View","session_id":${k % 900 === 5 ? -1 : 1704103200000 + Math.floor(k / 3) * 1000},"event_properties":{"utm_medium":"email"}}`);
    const snowplow = Array.from({ length: 6000 }, (_, k) => `{"domain_userid":"d${Math.floor(k / 3) % 97}","derived_tstamp":"2024-01-01 10:00:0${k % 10}.000","event_name":"page_view","domain_sessionid":"${k % 900 === 5 ? '-1' : `s-${Math.floor(k / 3)}`}","mkt_medium":"email"}`);
    for (const [eventFields, lines] of [[{ from: 'amplitude' }, amplitude], [{ from: 'snowplow' }, snowplow]] as const) {
      const counts: Counts = { shaped: 0, events: 0 };
      expectSameColumns(RULE_SETS[0]!, { report: true, skippedLimit: 5, eventFields }, [lines.slice(0, 3000), lines.slice(3000)], counts);
      expect(counts.events).toBe(6000);
      expect(counts.shaped).toBeGreaterThan(3500);
    }
  });

  it('reads a range of more lines than a batch, and one whose shapes hardly repeat, alike', () => {
    const counts: Counts = { shaped: 0, events: 0 };
    // 6,000 lines of few shapes (known after the first batch of 2,048), then 6,000 of
    // ever new pairs of repeating values (shapes are no longer worked out for them).
    const few = Array.from({ length: 6000 }, (_, k) => JSON.stringify({ user_id: `u${k % 97}`, time: new Date(Date.UTC(2024, 0, 1) + k * 60_001).toISOString(), utm_medium: ['email', 'cpc', 'x'][k % 3], utm_source: 's' }));
    const many = Array.from({ length: 6000 }, (_, k) => JSON.stringify({ user_id: `u${k % 97}`, time: '2024-01-01', utm_medium: `m${k % 80}`, utm_source: `s${Math.floor(k / 80) % 75}` }));
    expectSameColumns(RULE_SETS[0]!, { report: true, skippedLimit: 5, eventFields: { from: 'plain' }, against: 'utm_source' }, [few, many], counts);
    expect(counts.shaped).toBeGreaterThan(3900);
  });
});
