// The JSON projection (engine/events/json-projection, wasm/json-projection.ts) against
// JSON.parse: on random NDJSON ranges, every field and path a run reads gives the same
// value from the projected record as from the parsed one, under every source system's
// layout; the ranges the scanner must leave to JSON.parse (invalid JSON or UTF-8,
// escaped keys, long digit runs, deep nesting, members of Object.prototype) are left,
// and RangeReader reads the same columns either way. The record's time member is
// parsed by the scanner exactly as engine/events/event-time parses its text.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import type { EventBatch, EventProps, InputEvent } from '../../engine/events/event';
import { eventFieldsFor, SOURCE_SYSTEM_IDS, type EventSourceOptions } from '../../engine/events/event-source';
import { parseEventTime } from '../../engine/events/event-time';
import { JsonProjection, OP_LINE, OP_LINE_TIME, OPERATION_SLOTS } from '../../engine/events/json-projection';
import { NdjsonSplitter } from '../../engine/events/ndjson-splitter';
import { MAX_EVENT_LINE } from '../../engine/events/read-event-text';
import { RangeBuffer, readLinesStartingIn, type ReadAt } from '../../engine/events/file-line-ranges';
import { RangeReader, type ProjectionFactory } from '../../engine/report/range-columns';

const ROOT = path.join(__dirname, '..', '..');
const encoder = new TextEncoder();

// Names that rules, mappings and source systems read, dotted and nested forms, GA4's
// key/value arrays, and names that only look alike.
const FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'referrer', 'referring_domain', 'gclid', 'plan', 'a.b', 'é', 'constructor', 'event_params.source', 'x.y.z'];
const KEYS = [
  ...FIELDS.filter((name) => name !== 'constructor'),
  'user_id', 'time', 'event_type', 'session_id', 'user_pseudo_id', 'event_timestamp', 'event_name', 'event_params', 'collected_traffic_source',
  'event_properties', 'user_properties', 'properties', 'context', 'campaign', 'page', 'manual_source', 'source', 'medium', 'a', 'b', 'x', 'y', 'z', 'x.y', 'y.z',
  'event_properties.plan', 'unread', '', 'ü', '0',
];

const key = fc.constantFrom(...KEYS);
const text = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('google', 'email', 'https://www.google.com/', 'ü', '"quoted"', 'back\\slash', 'tab\t', '\u2028', '😀', '') },
  { weight: 2, arbitrary: fc.constantFrom('2024-03-01T10:20:30.123Z', '2024-03-01 10:20', '2024-02-30', '2024-03-01T10:20:30+01:00', '202 -03-01', '2024-03-01T24:00:00Z', '2024-03-01t10:20') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }) },
);
/** Number tokens written as they are (lineOf): integers beyond 2^53 keep their digits (./exact-integers). */
const RAW = '\u0000raw:';
const rawNumber = fc.constantFrom('12345678901234567891', '-9007199254740993', '9007199254740992', '1709251203752000', '1234567890123456.5', '0.12345678901234567891', '1e-1234567890123456', '-0.0').map((token) => RAW + token);
const number = fc.oneof(fc.integer(), fc.constantFrom(-0, 0.5, 1e21, 1.5e-7, 123456789012345, 1709251203752), rawNumber);
const leaf = fc.oneof(text, number, fc.boolean(), fc.constant(null), fc.array(fc.oneof(text, number), { maxLength: 2 }));
/** A GA4-like key/value entry, or something shaped almost like one. */
const entry = fc.record(
  {
    key: fc.oneof(fc.constantFrom('source', 'medium', 'page_location', 'unread', 'sou\u0072ce'), fc.constantFrom(null, 7, ['source'])),
    value: fc.oneof(
      fc.record({ string_value: fc.option(text), int_value: fc.option(fc.oneof(fc.integer(), fc.constant('12'))), float_value: fc.option(fc.constantFrom(0.5, 'x')), double_value: fc.option(fc.constantFrom(0.25, -1.5, 1e300, 5e-324, 'NaN')), other: fc.constant(1) }, { requiredKeys: [] }),
      fc.constantFrom(null, 'raw', 3),
    ),
    extra: fc.constant('x'),
  },
  { requiredKeys: [] },
);
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(fc.oneof(entry, entry, leaf), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
})).v;
/** A record as members (so that keys may repeat, as JSON allows). */
const members = fc.array(fc.tuple(key, value), { maxLength: 8 });

/** JSON text of the members, with random spacing and (never in keys) escapes. */
function lineOf(pairs: readonly (readonly [string, unknown])[], spaced: boolean, escapeValues: boolean): string {
  const space = spaced ? ' \t' : '';
  const encode = (item: unknown): string => {
    if (typeof item === 'string' && item.startsWith(RAW)) return item.slice(RAW.length);
    if (typeof item === 'string' && escapeValues) return `"${[...item].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      return `{${space}${Object.entries(item).map(([name, inner]) => `${JSON.stringify(name)}${space}:${encode(inner)}`).join(`,${space}`)}}`;
    }
    if (Array.isArray(item)) return `[${item.map(encode).join(',')}]`;
    return JSON.stringify(item);
  };
  return `${space}{${pairs.map(([name, inner]) => `${JSON.stringify(name)}:${space}${encode(inner)}`).join(',')}}${space}`;
}

const SYSTEMS: EventSourceOptions[] = [
  ...SOURCE_SYSTEM_IDS.map((from) => ({ from })),
  { from: 'plain', map: [{ name: 'utm_source', path: 'x.y.z' }, { name: 'user', path: 'a.b' }] },
];

/** Every accessor a run with these rules' fields reads, compiled (as RangeReader does before reading). */
function lookupOf(options: EventSourceOptions) {
  const fields = eventFieldsFor(undefined, options);
  const readers = [...FIELDS.map((name) => fields.lookup.accessor(name))];
  return { fields, readers, paths: fields.lookup.readPaths(), keyValueArrays: fields.lookup.layout.keyValueArrays ?? [] };
}

function projectionOf(options: EventSourceOptions): JsonProjection {
  const { fields, paths, keyValueArrays } = lookupOf(options);
  return new JsonProjection(paths, keyValueArrays, fields.meta.timeKeys, fields.metaSpec.numericTime);
}

/** What JSON.parse's reader (engine/events/ndjson-splitter) makes of the text. */
function parsedBatch(textOfRange: string): { batch: EventBatch; lines: number } {
  const batch: EventBatch = { events: [], skipped: [] };
  const splitter = new NdjsonSplitter();
  splitter.push(textOfRange, batch);
  splitter.end(batch);
  return { batch, lines: splitter.lines };
}

/** A record read through the projection, with the time the scanner parsed of it (NaN and -1 when none). */
type ProjectedEvent = InputEvent & { time: number; timeIndex: number };
type ProjectedBatch = Omit<EventBatch, 'events'> & { events: ProjectedEvent[] };

function projectedBatch(projection: JsonProjection, textOfRange: string | Uint8Array): { batch: ProjectedBatch; lines: number | undefined } {
  const batch: ProjectedBatch = { events: [], skipped: [] };
  const lines = projection.read(typeof textOfRange === 'string' ? encoder.encode(textOfRange) : textOfRange, (part) => {
    // Taken, as RangeReader's columns take them.
    part.events.forEach((event, k) => {
      const timeIndex = part.parsedTimePlaces?.[k] ?? -1;
      batch.events.push({ ...event, time: timeIndex < 0 ? NaN : part.parsedTimes![k]!, timeIndex });
    });
    part.events = [];
  });
  return { batch, lines };
}

/** Every reader of the run agrees on each record, and the meta reader too. */
function expectSameReading(options: EventSourceOptions, projected: ProjectedBatch, parsed: EventBatch, everyPath = true): void {
  const { fields, readers } = lookupOf(options);
  expect(projected.events.map((event) => event.line)).toEqual(parsed.events.map((event) => event.line));
  parsed.events.forEach((event, i) => {
    const mine: EventProps = projected.events[i]!.props;
    for (const read of readers) expect(read(mine)).toBe(read(event.props));
    if (everyPath) for (const readPath of fields.lookup.readPaths()) expect(fields.lookup.path(readPath)(mine)).toBe(fields.lookup.path(readPath)(event.props));
    expect(fields.meta.read(mine)).toEqual(fields.meta.read(event.props));
    // With the time the scanner parsed from the record's time member, when it did.
    expect(fields.meta.read(mine, projected.events[i]!.time, projected.events[i]!.timeIndex)).toEqual(fields.meta.read(event.props));
  });
}

/** Lines (joined with LF) read through `projection` as JSON.parse reads them, every line counted; the records. */
function expectReadAlike(options: EventSourceOptions, lines: readonly string[], { everyPath = true, projection = projectionOf(options) } = {}): ProjectedBatch {
  const range = lines.join('\n');
  const projected = projectedBatch(projection, range);
  expect(projected.lines).toBe(lines.length);
  expectSameReading(options, projected.batch, parsedBatch(range).batch, everyPath);
  return projected.batch;
}

describe('records read through the projection', () => {
  it('give every field, path and metadata value JSON.parse gives, under every source system', () => {
    let projectedRanges = 0;
    fc.assert(
      fc.property(
        fc.nat(SYSTEMS.length - 1),
        fc.array(fc.oneof({ weight: 8, arbitrary: members }, { weight: 1, arbitrary: fc.constant(undefined) }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (system, records, spaced, escapeValues, newline, finalNewline) => {
          const options = SYSTEMS[system]!;
          const lines = records.map((pairs) => (pairs === undefined ? ' ' : lineOf(pairs, spaced, escapeValues)));
          const range = lines.join(newline) + (finalNewline ? newline : '');
          const projection = projectionOf(options);
          const projected = projectedBatch(projection, range);
          const parsed = parsedBatch(range);
          // Only a kept member named like an Object.prototype member is left to JSON.parse here.
          if (projected.lines === undefined) {
            expect(range).toMatch(/"(constructor|__proto__|toString|valueOf)"/);
            return;
          }
          projectedRanges++;
          expect(projected.lines).toBe(parsed.lines);
          expect(parsed.batch.skipped).toEqual([]);
          expectSameReading(options, projected.batch, parsed.batch);
        },
      ),
      { numRuns: 1000 },
    );
    expect(projectedRanges).toBeGreaterThan(700);
  });

  it('reuses one scanner across ranges (its remembered keys and values belong to one range or to all)', () => {
    const options: EventSourceOptions = { from: 'plain' };
    const projection = projectionOf(options);
    fc.assert(
      fc.property(fc.array(members, { minLength: 1, maxLength: 5 }), (records) => {
        const range = records.map((pairs) => lineOf(pairs, false, false)).join('\n');
        const projected = projectedBatch(projection, range);
        expect(projected.lines).toBe(records.length);
        expectSameReading(options, projected.batch, parsedBatch(range).batch);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the last of repeated keys, nested objects whole or projected, escapes, numbers and literals', () => {
    const options: EventSourceOptions = { from: 'plain' };
    const lines = [
      '{"utm_source":"a","utm_source":"b","event_properties":{"plan":"x"},"event_properties":{"utm_medium":"m"}}',
      '{"utm_source":{"nested":1},"referrer":"https:\\/\\/www.Google.com\\/x","utm_medium":"\\u00e9\\ud83d\\ude00","utm_campaign":-0}',
      '{"utm_campaign":1e400,"gclid":0.5E-3,"plan":true,"a.b":false,"a":{"b":null},"x":{"y":{"z":[1,{"k":"v"}]}}}',
      '{"event_properties.plan":"flat","event_properties":"not an object","user_properties":{"plan":"deep"}}',
      '{"event_params":[{"key":"source","value":{"string_value":"kv"}},7,{"key":"source","value":{"int_value":"2"}}]}',
      '  {"é":"ü","utm_source":"\\"","unread":[{"deep":{"deeper":[1,2,3]}}]}  \r',
    ];
    const records = expectReadAlike(options, lines);
    // Members no lookup reads are not in the records.
    expect(Object.keys(records.events[5]!.props)).not.toContain('unread');
  });

  it('keeps the key/value entries a GA4 lookup asks for, first match first, and the object form too', () => {
    const options: EventSourceOptions = { from: 'ga4' };
    const lines = [
      '{"event_params":[{"key":"unread","value":{"string_value":"u"}},{"key":"source","value":{"string_value":"first"}},{"key":"source","value":{"string_value":"second"}}]}',
      '{"event_params":[{"value":{"string_value":"late key"},"key":"medium"},{"key":"medium","key":"campaign","value":{"int_value":"5"}},{"key":"source","key":"x","value":{"double_value":0.5}}]}',
      '{"event_params":[{"key":"\\u0073ource","value":{"float_value":"2.50"}},null,7,"source",[{"key":"source"}],{"key":null},{"key":["source"]},{"key":{"a":1}}]}',
      '{"event_params":[{"key":"source","value":"raw"},{"key":"source","value":null}],"event_params.source":"flat"}',
      '{"event_params":{"source":"an object","medium":{"string_value":"no"}},"collected_traffic_source":{"manual_source":"cts"}}',
      '{"event_params":[],"user_properties":[{"key":"source","value":{"string_value":"not an event param"}}]}',
      '{"event_params":"text","event_params":[{"key":"source","value":{"string_value":"last wins"}}]}',
    ];
    const records = expectReadAlike(options, lines);
    // Only wanted entries are kept: "unread" is gone, both "source" entries stay in order.
    const params = records.events[0]!.props.event_params as { key: string }[];
    expect(params.map((item) => item.key)).toEqual(['source', 'source']);
  });

  it('reads values alike past the numbering limits of the scanner (a member of mostly new values; more distinct values than it numbers)', () => {
    const options: EventSourceOptions = { from: 'plain' };
    // utm_source and utm_campaign: each value twice in a row (20,000 values, numbered up to the limit, 16,384);
    // time: always new (no longer numbered after a trial); utm_medium: a few values.
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ user_id: `u${i % 7}`, time: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.${i}Z`, utm_source: `s${i >> 1}`, utm_campaign: `c${i >> 1}`, utm_medium: ['a', 'b', 'c'][i % 3], referrer: i % 5 === 0 ? `https://x${i % 50}.com/` : undefined }));
    expectReadAlike(options, lines, { everyPath: false });
  });

  it('keeps the digits of integers beyond 2^53, read alone or in a kept subtree, as the JSON.parse reader does', () => {
    const options: EventSourceOptions = { from: 'plain' };
    const lines = [
      '{"session_id":12345678901234567891,"user_id":-9007199254740993,"time":1709251203752000}',
      '{"utm_source":9007199254740992,"utm_medium":1234567890123456.5,"utm_campaign":1e-1234567890123456,"gclid":0.12345678901234567891}',
      '{"x":{"y":{"z":[12345678901234567891,1.5,{"d":-99999999999999999}]}},"unread":12345678901234567891}',
      '{"event_params":[{"key":"source","value":{"int_value":12345678901234567891}}]}',
    ];
    expectReadAlike({ from: 'ga4' }, lines);
    const first = expectReadAlike(options, lines).events[0]!.props;
    expect(first.session_id).toBe('12345678901234567891');
    expect(first.time).toBe(1709251203752000);
  });

  it('reads objects of ever new keys alike (the scanner forgets the keys it has decided and asks again)', () => {
    const options: EventSourceOptions = { from: 'plain' };
    const lines = Array.from({ length: 6000 }, (_, i) => JSON.stringify({ [`k${i}`]: i, user_id: 'u', event_properties: { [`p${i}`]: 'x', plan: `v${i % 3}`, [`q${i}`.repeat(20)]: 1 }, utm_source: 's' }));
    const projection = projectionOf(options);
    for (let round = 0; round < 2; round++) expectReadAlike(options, lines, { everyPath: false, projection });
  });

  it("forgets its guesses of a key's answer by its place when it forgets the keys (their bytes are written over)", () => {
    // The scanner remembers 2,048 keys, then empties its key table: the first key kept
    // after that is written where the first key ever was (here `aaaaaaaaaa`, skipped,
    // whose place-0 guess points there). A guess kept past that would answer
    // `utm_source` at place 0 as `aaaaaaaaaa` was answered: skipped.
    const options: EventSourceOptions = { from: 'plain' };
    const fill = Array.from({ length: 23 }, (_, line) => JSON.stringify(Object.fromEntries([['aaaaaaaaaa', 1], ...Array.from({ length: 89 }, (_, k) => [`n${line}_${k}`, 1])])));
    const lines = ['{"aaaaaaaaaa":1}', ...fill, '{"aaaaaaaaaa":1,"trigger":1}', '{"aaaaaaaaaa":1,"utm_source":"x"}', '{"utm_source":"y","user_id":"u","time":1}'];
    const records = expectReadAlike(options, lines, { everyPath: false });
    expect(records.events.at(-1)!.props.utm_source).toBe('y');
  });

  it('takes a key for its place\'s guess only when its bytes are all of the guessed key and a quote', () => {
    // Each line's first key against the guess the line before left at place 0: a
    // prefix of it, it with more after, a key the guess is a prefix of, then the key again.
    const options: EventSourceOptions = { from: 'plain' };
    const keys = ['utm_source', 'utm_sourc', 'utm_source', 'utm_source_x', 'utm_source', 'utm_sourcf', 'utm_source', 'u', 'utm_source'];
    const lines = keys.map((key, i) => `{"${key}":"v${i}","user_id":"u","time":${i + 1}}`);
    const records = expectReadAlike(options, lines);
    expect(records.events.map((event) => event.props.utm_source)).toEqual(['v0', undefined, 'v2', undefined, 'v4', undefined, 'v6', undefined, 'v8']);
    // An escaped key spelling the guessed one is JSON.parse's to read (the range is left to it).
    const escaped = projectedBatch(projectionOf(options), `${lines[0]}\n{"utm_sourc\\u0065":"w","user_id":"u","time":9}`);
    expect(escaped.lines).toBeUndefined();
  });

  it('takes a skipped member for the one at its place before only when all its bytes are the same, and only within a range', () => {
    const options: EventSourceOptions = { from: 'plain' };
    const line = (device: string, time: number) => `{"device":${device},"user_id":"u","time":${time}}`;
    const valid = '{"model":"aaaaaaaaaaaaaaaaaaaa","tags":[1,2]}';
    // As long as `valid`, and like it up to its last member: a raw control byte in a string.
    const damaged = '{"model":"aaaaaaaaaaaaaaaaaaaa","tags":"\u0001\u0001\u0001"}';
    expect(damaged.length).toBe(valid.length);
    const projection = projectionOf(options);
    expectReadAlike(options, [line(valid, 1), line(valid, 2), line('{"model":"b"}', 3), line(valid, 4)], { projection });
    expect(projectedBatch(projection, `${line(valid, 1)}\n${line(damaged, 2)}`).lines).toBeUndefined();
    // The next range has the damaged member where the range before had a valid one.
    expect(projectedBatch(projection, line(valid, 1)).lines).toBe(1);
    expect(projectedBatch(projection, line(damaged, 1)).lines).toBeUndefined();
  });

  it("gives a batch room for no more events than the range's lines left (a zip of one-event entries allocated a whole batch per entry), and every event", () => {
    const projection = projectionOf({ from: 'plain' });
    const record = (k: number) => `{"user_id":"u${k}","time":"2026-01-01T00:00:00Z","utm_source":"s${k}"}`;
    const room = (text: string): { events: number; room: number[] } => {
      let events = 0;
      const rooms: number[] = [];
      projection.read(encoder.encode(text), (part) => {
        events += part.events.length;
        rooms.push(part.parsedTimePlaces!.length);
        part.events = [];
      });
      return { events, room: rooms };
    };
    expect(room(record(1))).toEqual({ events: 1, room: [1] });
    expect(room(`${record(1)}\n\n${record(2)}\n`)).toEqual({ events: 2, room: [3] });
    // Past the first small batches, a range of many lines is handed on in full batches, the last cut to the lines left.
    for (let k = 0; k < 40; k++) room(record(k));
    const many = Array.from({ length: 5000 }, (_, k) => record(k)).join('\n');
    const read = room(many);
    expect(read.events).toBe(5000);
    expect(read.room).toEqual([2048, 2048, 904]);
  });

  it('numbers lines as JSON.parse does: blank lines, CRLF, a last line without a newline', () => {
    const range = '\n{"user_id":"u","time":1}\r\n \t\r\n\n{"user_id":"v","time":2}';
    const projected = projectedBatch(new JsonProjection(lookupOf({ from: 'plain' }).paths), range);
    const parsed = parsedBatch(range);
    expect(projected.lines).toBe(5);
    expect(parsed.lines).toBe(5);
    expect(projected.batch.events.map((event) => event.line)).toEqual([2, 5]);
    expect(projectedBatch(new JsonProjection([]), '').lines).toBe(0);
  });
});

describe("the record's time member", () => {
  const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
  const common = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
      fc.oneof(two, fc.constantFrom('01', '02', '12')),
      fc.oneof(two, fc.constantFrom('28', '29', '30', '31')),
      fc.constantFrom('', 'T', ' '),
      two,
      two,
      fc.constantFrom('', ':'),
      two,
      fc.constantFrom('', '.', '.5', '.12', '.123', '.123456789'),
      fc.constantFrom('', 'Z'),
    )
    .map(([y, mo, d, sep, h, mi, colon, sec, frac, zone]) => `${y}-${mo}-${d}${sep === '' ? '' : `${sep}${h}:${mi}${colon === '' ? '' : `:${sec}${frac}`}${zone}`}`);
  /** A common form with one character replaced anywhere, or cut short, or with a zone offset. */
  const nearly = fc
    .tuple(common, fc.nat(), fc.constantFrom(' ', 'x', '/', ':', '-', '.', 'T', 'Z', '+', '0', '9', 'é', ''), fc.constantFrom('', '+01:00', 'z', 'Z', ' '))
    .map(([text, at, character, tail]) => text.slice(0, at % text.length) + character + text.slice((at % text.length) + 1) + tail);
  const COMMON_FORM = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
  const options: EventSourceOptions = { from: 'plain' };

  it('is parsed by the scanner exactly as the metadata reader parses its text, and in every common form', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(common, nearly), { minLength: 1, maxLength: 6 }), (times) => {
        const lines = times.map((time) => JSON.stringify({ user_id: 'u', time }));
        const records = expectReadAlike(options, lines);
        times.forEach((time, i) => {
          const parsed = records.events[i]!.time!;
          const expected = parseEventTime(time);
          if (!Number.isNaN(parsed)) expect(parsed).toBe(expected);
          // Every string of the common forms that is a real date and time, and nothing else.
          expect(Number.isNaN(parsed), time).toBe(!(COMMON_FORM.test(time) && expected !== undefined));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('is the last of repeated time members, and only a plain ASCII string is parsed', () => {
    const lines = [
      '{"user_id":"u","time":"2024-03-01T00:00:00Z","time":"later"}',
      '{"user_id":"u","time":"later","time":"2024-03-01T00:00:00Z"}',
      '{"user_id":"u","time":"2024-03-01T00:00:00Z","time":1709251200001}',
      '{"user_id":"u","time":"\\u0032024-03-01T00:00:00Z"}',
      '{"user_id":"u","time":"2024-03-01T00:00:00Z","event_properties":{"time":"2025-01-01"}}',
      '{"user_id":"u","event_properties":{"time":"2024-03-01T00:00:00Z"}}',
      '{"user_id":"u","time":"0000-01-01T00:00:00.000Z"}',
      '{"user_id":"u","time":"9999-12-31T23:59:59.999999Z"}',
      '{"user_id":"u","time":"2024-02-29 23:59"}',
    ];
    const times = expectReadAlike(options, lines).events.map((event) => event.time);
    expect(times).toEqual([NaN, Date.UTC(2024, 2, 1), NaN, NaN, Date.UTC(2024, 2, 1), NaN, Date.parse('0000-01-01T00:00:00.000Z'), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(2024, 1, 29, 23, 59)]);
  });

  it('is the first time key the scanner parsed, which the reader takes only when no time path before it gives a value', () => {
    expect(eventFieldsFor(undefined, options).meta.timeKeys).toEqual(['time', 'timestamp', 'event_time', 'client_event_time']);
    const lines = [
      '{"user_id":"u","event_time":"2024-03-01 00:00:01.500000","client_event_time":"2024-03-02"}',
      '{"user_id":"u","client_event_time":"2024-03-02","event_time":"2024-03-01 00:00:01"}',
      // An earlier path that gives a value, in any form: the reader reads the time from it.
      '{"user_id":"u","time":"later","event_time":"2024-03-01 00:00:01"}',
      '{"user_id":"u","time":1709251200000,"event_time":"2024-03-01 00:00:01"}',
      '{"user_id":"u","event_properties":{"time":"2025-01-01"},"event_time":"2024-03-01 00:00:01"}',
      '{"user_id":"u","user_properties":{"timestamp":5},"event_time":"2024-03-01 00:00:01"}',
      // A null before it gives no value: the parsed time is the time.
      '{"user_id":"u","time":null,"event_time":"2024-03-01 00:00:01"}',
    ];
    const events = expectReadAlike(options, lines).events;
    expect(events.map((event) => event.timeIndex)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    expect(events.map((event) => event.time)).toEqual([Date.UTC(2024, 2, 1, 0, 0, 1, 500), ...Array.from({ length: 6 }, () => Date.UTC(2024, 2, 1, 0, 0, 1))]);
    const { fields } = lookupOf(options);
    const times = events.map((event) => fields.meta.read(event.props, event.time, event.timeIndex)).map((meta) => (typeof meta === 'string' ? meta : meta.time));
    expect(times).toEqual([Date.UTC(2024, 2, 1, 0, 0, 1, 500), Date.UTC(2024, 2, 1, 0, 0, 1), expect.stringMatching(/^unparsable time "later"/), 1709251200000, Date.UTC(2025, 0, 1), 5, Date.UTC(2024, 2, 1, 0, 0, 1)]);
  });

  it('is parsed from digits when numbers are epoch milliseconds or microseconds, exactly as the reader reads them', () => {
    const digits = fc.oneof(
      fc.stringMatching(/^[0-9]{0,20}$/),
      fc.stringMatching(/^[0-9]{13,19}$/),
      fc.stringMatching(/^[0-9]{0,17}[^0-9][0-9]{0,3}$/),
      fc.constantFrom('', '0', '999', '1000', '8640000000000000', '8640000000000001', '008640000000000000', '999999999999999999', '1709251203752000'),
    );
    for (const timeUnit of ['ms', 'us', 's'] as const) {
      const unitOptions: EventSourceOptions = { from: 'plain', timeUnit };
      fc.assert(
        fc.property(fc.array(digits, { minLength: 1, maxLength: 5 }), (times) => {
          const records = expectReadAlike(unitOptions, times.map((time) => JSON.stringify({ user_id: 'u', time })));
          times.forEach((time, i) => {
            const parsed = records.events[i]!.time;
            // Every string of 1 to 18 digits in milliseconds (at most 8.64e15) or microseconds; none in seconds.
            const expected = /^[0-9]{1,18}$/.test(time) && (timeUnit === 'us' || (timeUnit === 'ms' && Number(time) <= 8.64e15));
            expect(Number.isNaN(parsed), `${timeUnit} ${time}`).toBe(!expected);
          });
        }),
        { numRuns: 500 },
      );
    }
    // GA4's microseconds as a string of digits.
    const ga4 = expectReadAlike({ from: 'ga4' }, ['{"event_timestamp":"1709251203752999","event_name":"page_view","user_pseudo_id":"p1"}']);
    expect(ga4.events[0]!.time).toBe(1709251203752);
  });

  it('is parsed only at time paths read as their own key first', () => {
    // Under a mapping of the time to a nested path, the scanner parses nothing (the reader parses the text).
    const mapped: EventSourceOptions = { from: 'plain', map: [{ name: 'time', path: 'a.b' }] };
    expect(eventFieldsFor(undefined, mapped).meta.timeKeys).toEqual([undefined]);
    const records = expectReadAlike(mapped, ['{"user_id":"u","a":{"b":"2024-03-01T00:00:00Z"},"time":"2024-03-01T00:00:00Z"}']);
    expect(records.events[0]!.time).toBeNaN();
    expect(records.events[0]!.timeIndex).toBe(-1);
  });
});

describe('ranges left to JSON.parse', () => {
  const paths = lookupOf({ from: 'plain' }).paths;
  const leftOver = [
    ['invalid JSON', '{"utm_source":"a",}'],
    ['a missing brace', '{"utm_source":"a"'],
    ['text after the object', '{"utm_source":"a"} x'],
    ['not an object', '["utm_source"]'],
    ['a string', '"utm_source"'],
    ['a bare literal', 'null'],
    ['a raw control character in a string', '{"utm_source":"a\tb"}'],
    ['a bad escape', '{"utm_source":"\\x"}'],
    ['a short \\u escape', '{"utm_source":"\\u12"}'],
    ['an escaped key', '{"utm\\u005fsource":"a"}'],
    ['an escaped key nobody reads', '{"unre\\u0061d":1}'],
    ['a \\u escape of control bytes that fold to digits', '{"utm_source":"\\u00\u0010\u0011"}'],
    ['the same where nobody reads', '{"unread":"\\u00\u0010\u0011"}'],
    ['an escape cut by a control byte', '{"unread":"\\u0\u0019AB"}'],
    ['a leading zero', '{"unread":01}'],
    ['a bare minus', '{"unread":-}'],
    ['nesting deeper than 256', `{"unread":${'['.repeat(300)}${']'.repeat(300)}}`],
    ['a misspelled literal', '{"unread":nul}'],
  ] as const;

  it.each(leftOver)('%s', (_, line) => {
    const range = `{"utm_source":"ok"}\n${line}\n`;
    expect(projectedBatch(new JsonProjection(paths), range).lines).toBeUndefined();
  });

  it('a GA4 entry whose first key nobody asks for and a second `key`, or damage after an unwanted key', () => {
    // Past an unwanted `key` the entry is only checked; a second `key` (the last one wins) is JSON.parse's to read.
    const lookup = lookupOf({ from: 'ga4' });
    const ok = '{"event_params":[{"key":"source","value":{"string_value":"s"}}]}';
    for (const line of [
      '{"event_params":[{"key":"x","key":"source","value":{"double_value":0.5}}]}',
      '{"event_params":[{"key":"x","value":{"string_value":"a\tb"}}]}',
      '{"event_params":[{"key":"x","value":{"string_value":"a"},}]}',
    ]) {
      expect(projectedBatch(new JsonProjection(lookup.paths, ['event_params', 'user_properties']), `${ok}\n${line}`).lines).toBeUndefined();
    }
    // The first `key` wanted, the second not: read here, and dropped as JSON.parse's record says.
    expectReadAlike({ from: 'ga4' }, [ok, '{"event_params":[{"key":"source","key":"x","value":{"string_value":"v"}},{"value":{"string_value":"u"},"key":"unread"},{"key":"medium","value":{"string_value":"m"}}]}']);
  });

  it('a member named like an Object.prototype member that a lookup reads', () => {
    const lookup = eventFieldsFor(undefined, { from: 'plain' }).lookup;
    lookup.accessor('constructor');
    lookup.accessor('__proto__');
    const projection = new JsonProjection(lookup.readPaths());
    expect(projectedBatch(projection, '{"constructor":"x"}').lines).toBeUndefined();
    expect(projectedBatch(projection, '{"__proto__":{"utm_source":"x"}}').lines).toBeUndefined();
    // Not read: skipped like any other member.
    expect(projectedBatch(new JsonProjection(paths), '{"__proto__":{"a":1},"toString":2}').lines).toBe(1);
  });

  it('invalid UTF-8, as the WHATWG decoder sees it (overlong, surrogate, beyond U+10FFFF, cut short)', () => {
    const invalid = [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xff]];
    const valid = [[0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xed, 0x9f, 0xbf], [0xf0, 0x9f, 0x98, 0x80], [0xf4, 0x8f, 0xbf, 0xbf]];
    const rangeWith = (bytes: number[]) => Uint8Array.from([...encoder.encode('{"utm_source":"'), ...bytes, ...encoder.encode('"}')]);
    for (const bytes of invalid) expect(projectedBatch(new JsonProjection(paths), rangeWith(bytes)).lines).toBeUndefined();
    for (const bytes of valid) {
      const projected = projectedBatch(new JsonProjection(paths), rangeWith(bytes));
      expect(projected.lines).toBe(1);
      expect(projected.batch.events[0]!.props.utm_source).toBe(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes)));
    }
  });

  it('random bytes and damaged lines: left over, or read as JSON.parse reads them', () => {
    const base = '{"user_id":"u1","time":1709251203752,"utm_source":"google","event_properties":{"plan":"pro","n":[1,2]},"referrer":"https://a.b/"}';
    const damaged = fc.tuple(fc.nat(base.length), fc.nat(base.length), fc.constantFrom('', '"', '\\', '{', '}', ',', ':', '1', 'é', '\n', ' ', '[', 'nul', '\u0000')).map(([at, cut, insert]) => base.slice(0, at) + insert + base.slice(Math.max(at, cut)));
    const bytes = fc.uint8Array({ maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(damaged.map((line) => encoder.encode(line)), bytes), (range) => {
        const projected = projectedBatch(new JsonProjection(paths), range);
        if (projected.lines === undefined) return;
        const textOfRange = new TextDecoder('utf-8', { fatal: true }).decode(range);
        const parsed = parsedBatch(textOfRange);
        expect(parsed.batch.skipped).toEqual([]);
        expect(projected.lines).toBe(parsed.lines);
        expectSameReading({ from: 'plain' }, projected.batch, parsed.batch);
      }),
      { numRuns: 1500 },
    );
  });
});

/** A RangeReader's projection that calls `onRead` whenever it reads a range itself (rather than leaving it to JSON.parse). */
function countedProjection(onRead: () => void) {
  return (...args: Parameters<ProjectionFactory>) => {
    const inner = new JsonProjection(...args);
    return {
      shapes: inner.shapes,
      read: (range: Uint8Array, onEvents: (batch: EventBatch) => void) => {
        const lineCount = inner.read(range, onEvents);
        if (lineCount !== undefined) onRead();
        return lineCount;
      },
    };
  };
}

describe("the projection's input area", () => {
  // A range read into the input area is scanned where it lies: the memory for its tape
  // and line classes must have been reserved with the area (else it grows under the
  // range, and the projection throws).
  it('has tape for lines as short as a parsed time alone (a quarter more slots than bytes)', () => {
    // `{"t":"1"}`: 10 bytes and 11 slots (the line, the string, the line's time).
    for (const lines of [5000, 1]) {
      const projection = new JsonProjection(['t'], [], ['t'], 'ms');
      const text = Array.from({ length: lines }, (_, k) => `{"t":"${k % 10}"}`).join('\n');
      const times: number[] = [];
      expect(projection.read(encoder.encode(text), (batch) => batch.events.forEach((_, k) => times.push(batch.parsedTimes![k]!)))).toBe(lines);
      expect(times.slice(0, 3)).toEqual([0, 1, 2].slice(0, lines));
    }
  });

  for (const size of [1 << 16, 1 << 20, 4 << 20]) {
    it(`holds a range that fills it, read in place by a new projection (${size} bytes)`, () => {
      const fields = eventFieldsFor(undefined, { from: 'plain' });
      const projection = new JsonProjection(fields.lookup.readPaths(), [], fields.meta.timeKeys, fields.metaSpec.numericTime);
      const area = projection.inputArea(size);
      const line = '{"user_id":"u1","time":"2024-01-01T00:00:00Z","utm_source":"google"}\n';
      const text = encoder.encode(line.repeat(Math.floor(size / line.length)));
      area.set(text);
      expect(projection.read(area.subarray(0, text.length), () => undefined)).toBe(Math.floor(size / line.length));
    });
  }
});

describe('RangeReader through the projection', () => {
  const RULES = `channel "Email"\n  when utm_medium = "email"\nchannel "Search"\n  when referring_domain in ["google.com"]\notherwise "Direct"\n`;
  const classifier = compileClassifier(checkRules(parseChannels(RULES), RULES));
  const event = fc.record({
    user_id: fc.constantFrom('u1', 'u2', 'ü3', null),
    time: fc.oneof(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom('2024-01-01T00:00:00Z', 'later', '2024-02-30', '2024-01-01 10:00:00.5', '2024-01-01 10:00:00.5 UTC', '2024-01-01 10:00:00.123 -0800', null)),
    event_time: fc.option(fc.constantFrom('2024-01-02 00:00:01.250000', '2024-01-02T24:00')),
    utm_medium: fc.option(fc.constantFrom('email', 'cpc')),
    referrer: fc.option(fc.constantFrom('https://www.google.com/', 'x')),
    event_properties: fc.option(fc.record({ utm_medium: fc.constantFrom('email') }, { requiredKeys: [] })),
  }, { requiredKeys: ['user_id'] });

  it('reads the same columns as JSON.parse, and reads clean ranges through the projection', () => {
    let projected = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 9, arbitrary: event.map((e) => JSON.stringify(e)) }, { weight: 1, arbitrary: fc.constantFrom('', 'not json', '[1]') }), { maxLength: 12 }), fc.boolean(), (lines, against) => {
        const bytes = encoder.encode(lines.join('\n'));
        const options = { report: true, skippedLimit: 5, eventFields: { from: 'plain' as const }, ...(against ? { against: 'utm_medium' } : {}) };
        const plain = new RangeReader(classifier, options);
        plain.decide(eventFieldsFor(undefined, options.eventFields));
        let used = false;
        const through = new RangeReader(classifier, {
          ...options,
          projection: countedProjection(() => (used = true)),
        });
        through.decide(eventFieldsFor(undefined, options.eventFields));
        expect(through.readRange(bytes, false, 0, true)).toEqual(plain.readRange(bytes, false, 0, true));
        if (used) projected++;
      }),
      { numRuns: 400 },
    );
    expect(projected).toBeGreaterThan(150);
  });

  it("reads a range read into the projection's own memory (rangeStorage) as one it copies there, damaged lines too", () => {
    const options = { report: true, skippedLimit: 5, eventFields: { from: 'plain' as const } };
    const inPlace = new RangeReader(classifier, { ...options, projection: (...args: Parameters<ProjectionFactory>) => new JsonProjection(...args) });
    const copied = new RangeReader(classifier, { ...options, projection: (...args: Parameters<ProjectionFactory>) => new JsonProjection(...args) });
    for (const reader of [inPlace, copied]) reader.decide(eventFieldsFor(undefined, options.eventFields));
    let storages = 0;
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 9, arbitrary: event.map((e) => JSON.stringify(e)) }, { weight: 1, arbitrary: fc.constantFrom('', 'not json', '{"user_id":"u1","utm_medium":"\xff"}') }), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        (lines, cut) => {
          const file = encoder.encode(lines.join('\n') + '\n');
          const readAt: ReadAt = (into, position) => {
            const part = file.subarray(position, position + into.length);
            into.set(part);
            return part.length;
          };
          // A range starting anywhere: its lines are those that start in it, as a worker reads them.
          const start = cut % file.length;
          const buffer = new RangeBuffer();
          const storage = inPlace.rangeStorage(buffer);
          if (storage !== buffer) storages++;
          const here = readLinesStartingIn(readAt, file.length, start, file.length, 1 << 20, storage);
          const expected = readLinesStartingIn(readAt, file.length, start, file.length, 1 << 20);
          expect(inPlace.readRange(here.bytes, here.first, here.byteOffset, here.tooLongAfter)).toEqual(copied.readRange(expected.bytes, expected.first, expected.byteOffset, expected.tooLongAfter));
        },
      ),
      { numRuns: 300 },
    );
    // Every range after the first is read in place.
    expect(storages).toBeGreaterThan(250);
  });

  it("moves a range longer than the projection reads out of the projection's memory, as it was read so far", () => {
    const options = { report: true, skippedLimit: 5, eventFields: { from: 'plain' as const } };
    const reader = new RangeReader(classifier, { ...options, projection: (...args: Parameters<ProjectionFactory>) => new JsonProjection(...args) });
    reader.decide(eventFieldsFor(undefined, options.eventFields));
    // A first range makes the projection.
    reader.readRange(encoder.encode('{"user_id":"u1","time":1}\n'), true, 0);
    const long = JSON.stringify({ user_id: 'u2', time: 2, utm_medium: 'x'.repeat(MAX_EVENT_LINE + 10) });
    const file = encoder.encode(`{"user_id":"u1","time":3,"utm_medium":"email"}\n${long}\n{"user_id":"u3","time":4}\n`);
    const readAt: ReadAt = (into, position) => {
      const part = file.subarray(position, position + into.length);
      into.set(part);
      return part.length;
    };
    // The range ends inside the long line: it is read on past the range's end, and past MAX_EVENT_LINE.
    const buffer = new RangeBuffer();
    const here = readLinesStartingIn(readAt, file.length, 0, 100, 4 * MAX_EVENT_LINE, reader.rangeStorage(buffer));
    const expected = readLinesStartingIn(readAt, file.length, 0, 100, 4 * MAX_EVENT_LINE);
    // In the buffer, not in the scanner's memory (which would have grown to 9 times the range and stayed so).
    expect(here.bytes.buffer).toBe(buffer.reserve(0, 0).buffer);
    expect(here.bytes.length).toBe(expected.bytes.length);
    expect(Buffer.from(here.bytes).equals(Buffer.from(expected.bytes))).toBe(true);
    const plain = new RangeReader(classifier, options);
    plain.decide(eventFieldsFor(undefined, options.eventFields));
    plain.readRange(encoder.encode('{"user_id":"u1","time":1}\n'), true, 0);
    expect(reader.readRange(here.bytes, here.first, here.byteOffset, here.tooLongAfter)).toEqual(plain.readRange(expected.bytes, expected.first, expected.byteOffset, expected.tooLongAfter));
  });

  it('sizes a range after one of only a line too long to read (no bytes, one line), with and without the projection', () => {
    for (const projected of [false, true]) {
      const options = { report: true, skippedLimit: 5, eventFields: { from: 'plain' as const }, ...(projected ? { projection: (...args: Parameters<ProjectionFactory>) => new JsonProjection(...args) } : {}) };
      const reader = new RangeReader(classifier, options);
      reader.decide(eventFieldsFor(undefined, options.eventFields));
      expect(reader.readRange(new Uint8Array(0), false, 1000, true)).toMatchObject({ count: 0, lineCount: 1, skippedCount: 1 });
      // Its room came from bytes per event of nothing: Infinity, and no array.
      expect(reader.readRange(encoder.encode('{"user_id":"u1","time":1}\n{"user_id":"u2","time":2}\n'), false, 2000)).toMatchObject({ count: 2, lineCount: 2 });
    }
  });

  it("reads a range into its buffer when the scanner finds no memory for it, as before", () => {
    const options = { report: true, skippedLimit: 5, eventFields: { from: 'plain' as const } };
    const failing = (...args: Parameters<ProjectionFactory>) => {
      const inner = new JsonProjection(...args);
      return {
        shapes: inner.shapes,
        read: (bytes: Uint8Array, onEvents: (batch: EventBatch) => void) => inner.read(bytes, onEvents),
        inputArea: (): Uint8Array => {
          throw new WebAssembly.RuntimeError('unreachable');
        },
      };
    };
    const reader = new RangeReader(classifier, { ...options, projection: failing });
    const copied = new RangeReader(classifier, { ...options, projection: (...args: Parameters<ProjectionFactory>) => new JsonProjection(...args) });
    for (const each of [reader, copied]) each.decide(eventFieldsFor(undefined, options.eventFields));
    const first = encoder.encode('{"user_id":"u1","time":1}\n');
    reader.readRange(first, true, 0);
    copied.readRange(first, true, 0);
    const file = encoder.encode('{"user_id":"u1","time":3,"utm_medium":"email"}\n{"user_id":"u2","time":4}\n');
    const readAt: ReadAt = (into, position) => {
      const part = file.subarray(position, position + into.length);
      into.set(part);
      return part.length;
    };
    const buffer = new RangeBuffer();
    const here = readLinesStartingIn(readAt, file.length, 0, file.length, 1 << 20, reader.rangeStorage(buffer));
    expect(here.bytes.buffer).toBe(buffer.reserve(0, 0).buffer);
    expect(reader.readRange(here.bytes, here.first, here.byteOffset, here.tooLongAfter)).toEqual(copied.readRange(file, true, 0));
  });

  it('reads the times the scanner parsed past a batch of records, as JSON.parse gives them', () => {
    // More lines than a batch (2,048 records): the batch's time arrays are handed on and replaced.
    const lines = Array.from({ length: 5000 }, (_, k) =>
      k % 3 === 0
        ? JSON.stringify({ user_id: `u${k % 7}`, time: new Date(Date.UTC(2024, 0, 1) + k * 61_001).toISOString(), utm_medium: 'email' })
        : k % 3 === 1
          ? JSON.stringify({ user_id: `u${k % 7}`, event_time: `2024-01-0${1 + (k % 9)} 10:00:0${k % 10}.${k}` })
          : JSON.stringify({ user_id: `u${k % 7}`, time: k % 2 === 0 ? 'later' : k, event_time: '2024-01-01' }),
    );
    const bytes = encoder.encode(lines.join('\n'));
    const options = { report: true, skippedLimit: 5, eventFields: { from: 'plain' as const } };
    const plain = new RangeReader(classifier, options);
    plain.decide(eventFieldsFor(undefined, options.eventFields));
    let used = false;
    const through = new RangeReader(classifier, { ...options, projection: countedProjection(() => (used = true)) });
    through.decide(eventFieldsFor(undefined, options.eventFields));
    const columns = through.readRange(bytes, false, 0);
    expect(used).toBe(true);
    expect(columns).toEqual(plain.readRange(bytes, false, 0));
    expect(columns.count).toBe(5000 - Math.floor(5000 / 6) - (5000 % 6 >= 3 ? 1 : 0));
  });

  it("keeps its projection when another reader of the process compiles a field of the same lookup between two ranges: the run reads its own readers' paths", () => {
    const options = { report: true, skippedLimit: 5, eventFields: { from: 'plain' as const } };
    const paths: (readonly string[])[] = [];
    const reader = new RangeReader(classifier, {
      ...options,
      projection: (readPaths, keyValueArrays) => {
        paths.push(readPaths);
        return new JsonProjection(readPaths, keyValueArrays);
      },
    });
    reader.decide(eventFieldsFor(undefined, options.eventFields));
    const plain = new RangeReader(classifier, options);
    plain.decide(eventFieldsFor(undefined, options.eventFields));
    const line = '{"user_id":"u1","time":1,"utm_medium":"email","page_path":"/p"}';
    reader.readRange(encoder.encode(line), false, 0);
    // Another reader of the process compiles a field of the same lookup (shared per
    // system): the lookup's paths grow, and once made it kept page_path's member.
    eventFieldsFor(undefined, options.eventFields).lookup.accessor('page_path');
    expect(eventFieldsFor(undefined, options.eventFields).lookup.readPaths()).toContain('page_path');
    const second = reader.readRange(encoder.encode(line), false, 0);
    expect(paths).toHaveLength(1);
    expect(paths[0]).not.toContain('page_path');
    expect(paths[0]).toContain('utm_medium');
    plain.readRange(encoder.encode(line), false, 0);
    expect(second).toEqual(plain.readRange(encoder.encode(line), false, 0));
  });

  it('decides the source system on the first range as the JSON.parse path does, then reads that range through the projection', () => {
    const ga4 = '{"event_timestamp":"1709251203752000","event_name":"page_view","user_pseudo_id":"p1","event_params":[{"key":"source","value":{"string_value":"google"}}]}';
    const plainLine = '{"user_id":"u1","time":1,"utm_medium":"email"}';
    const undecided = fc.constantFrom<string | Uint8Array>('', ' \r', 'not json', '[1]', 'null', '"text"', new Uint8Array([0x7b, 0xff, 0x7d]), '\ufeff{"user_id":"u0","time":1}', `{"event_timestamp":"1","event_name":"x","bad":"\\q"}`);
    const linesOf = (parts: (string | Uint8Array)[]): Uint8Array => {
      const encoded = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part));
      const bytes = new Uint8Array(encoded.reduce((sum, part) => sum + part.length + 1, 0));
      let at = 0;
      for (const part of encoded) {
        bytes.set(part, at);
        bytes[at + part.length] = 0x0a;
        at += part.length + 1;
      }
      return bytes;
    };
    let projected = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom('', ' \r') }, { weight: 3, arbitrary: undecided }), { maxLength: 4 }), fc.array(fc.constantFrom(ga4, plainLine), { minLength: 0, maxLength: 3 }), fc.boolean(), fc.boolean(), (before, records, first, bom) => {
        const bytes = linesOf([...(bom ? ['\ufeff' + (records[0] ?? '')] : []), ...before, ...records]);
        const options = { report: true, skippedLimit: 20, eventFields: { from: 'auto' as const } };
        const parsed = new RangeReader(classifier, options);
        let used = false;
        const through = new RangeReader(classifier, {
          ...options,
          projection: countedProjection(() => (used = true)),
        });
        expect(through.readRange(bytes, first, 0)).toEqual(parsed.readRange(bytes, first, 0));
        expect(through.fields?.system.id).toBe(parsed.fields?.system.id);
        if (used) projected++;
      }),
      { numRuns: 400 },
    );
    // Ranges whose every line the scanner reads went through it (none did before the first record decided ahead).
    expect(projected).toBeGreaterThan(60);
  });
});

describe('the committed WebAssembly module', () => {
  it('is what wasm/json-projection.ts compiles to (node scripts/build-wasm.mjs --check)', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});

describe("the scanner's line classes and value numbers", () => {
  // The scanner's classes (classifyLines(), from the class keys scan() writes) against
  // classes worked out here from its tape: two lines are of one class exactly when they
  // have the same operations on the same nodes, the same value id for each string of a
  // member that is not metadata-only, and the same time places parsed; classes are
  // numbered in order of first line. And each string's value id is its text's (the
  // scanner compares a member's value with its last before its table).
  interface Scanner {
    memory: WebAssembly.Memory;
    tapePointer(): number;
    tapeSlots(): number;
    classifyLines(): number;
    lineClassesPointer(): number;
  }
  interface Inside {
    scanner: Scanner;
    metaPlaces: Uint8Array;
  }

  function classesFromTape(tape: Int32Array, meta: Uint8Array): number[] {
    const keys: string[] = [];
    let key: number[] | undefined;
    for (let i = 0; i < tape.length; i += OPERATION_SLOTS[tape[i]!]!) {
      const op = tape[i]!;
      if (op === OP_LINE) {
        if (key !== undefined) keys.push(key.join(' '));
        key = [];
      } else if (op === OP_LINE_TIME) key!.push(op, tape[i + 3]!);
      else if (OPERATION_SLOTS[op]! > 1) {
        const node = tape[i + 1]!;
        key!.push(op, node);
        if (OPERATION_SLOTS[op] === 5 && (meta[node] ?? 0) === 0) key!.push(tape[i + 2]!);
      } else key!.push(op);
    }
    if (key !== undefined) keys.push(key.join(' '));
    const numbers = new Map<string, number>();
    return keys.map((line) => numbers.get(line) ?? numbers.set(line, numbers.size).get(line)!);
  }

  /** Each string's value id (when it has one) is its text's: equal texts, equal ids. */
  function expectValueIds(tape: Int32Array, memory: WebAssembly.Memory): void {
    const idOf = new Map<string, number>();
    const textOf = new Map<number, string>();
    for (let i = 0; i < tape.length; i += OPERATION_SLOTS[tape[i]!]!) {
      if (OPERATION_SLOTS[tape[i]!] !== 5 || tape[i + 2]! < 0) continue;
      const text = Buffer.from(memory.buffer, tape[i + 3]!, tape[i + 4]!).toString('utf8');
      const id = tape[i + 2]!;
      expect(idOf.get(text) ?? id).toBe(id);
      expect(textOf.get(id) ?? text).toBe(text);
      idOf.set(text, id);
      textOf.set(id, text);
    }
  }

  // Fields that FIELDS has already: the lookups are cached per source system, and a new
  // field compiled here would be read by the other tests' lookups but not by their projections.
  const RULES = `channel "Email"\n  when utm_medium = "email"\nchannel "Search"\n  when utm_source = "google"\notherwise "Direct"\n`;
  const classifier = compileClassifier(checkRules(parseChannels(RULES), RULES));
  const plainEvent = fc.record(
    {
      user_id: fc.constantFrom('u1', 'u2', 'ü3', 'u\\u0034'),
      time: fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z', 'later', 1704067200000),
      event_type: fc.constantFrom('Page View', 'Page', 'purchase', 7),
      utm_medium: fc.constantFrom('email', 'emails', 'cpc', 'ema\\u0069l', null, true),
      referrer: fc.constantFrom('https://www.google.com/', 'x'),
      event_properties: fc.record({ utm_medium: fc.constantFrom('email', 'cpc'), other: fc.constant(1) }, { requiredKeys: [] }),
    },
    { requiredKeys: ['user_id'] },
  );
  const keyFirstEntry = fc.record({ key: fc.constantFrom('source', 'medium', 'unread', 'page_location'), value: fc.record({ string_value: fc.constantFrom('google', 'cpc', 'x'), int_value: fc.constant(3) }, { requiredKeys: [] }) });
  // Exports write `key` first; an entry with its `value` first is read the same way.
  const ga4Entry = fc.oneof({ arbitrary: keyFirstEntry, weight: 3 }, { arbitrary: keyFirstEntry.map(({ key, value }) => ({ value, key })), weight: 1 });
  const ga4Event = fc.record(
    {
      user_pseudo_id: fc.constantFrom('p1', 'p2'),
      event_timestamp: fc.constantFrom('1704067200000000', '1704067201000000', 'soon'),
      event_name: fc.constantFrom('page_view', 'purchase'),
      event_params: fc.array(ga4Entry, { maxLength: 4 }),
    },
    { requiredKeys: ['user_pseudo_id'] },
  );

  /** A RangeReader of the rules through the projection, and (once it has read) the inside of the projection it made. */
  function readerWithProjection(from: 'plain' | 'ga4'): { reader: RangeReader; inside: () => Inside | undefined } {
    let inside: Inside | undefined;
    const reader = new RangeReader(classifier, {
      report: true,
      skippedLimit: 5,
      eventFields: { from },
      projection: (...args: Parameters<ProjectionFactory>) => {
        const projection = new JsonProjection(...args);
        inside = projection as unknown as Inside;
        return projection;
      },
    });
    reader.decide(eventFieldsFor(undefined, { from }));
    return { reader, inside: () => inside };
  }

  /** JSON text with the `\\u` escapes above written as escapes (JSON.stringify would escape their backslash). */
  const lineOfEvent = (event: object): string => JSON.stringify(event).replaceAll('\\\\u', '\\u');

  /**
   * `count` strings of 16 printable bytes that the scanner's value hash (hashBytes,
   * seed 0) gives one hash: the first 8 bytes drawn, the last 8 solved for (its blocks
   * are a multiply each by an odd constant, which has an inverse).
   */
  function stringsOfOneHash(count: number): string[] {
    const M = (1n << 64n) - 1n;
    const C = 0xff51afd7ed558ccdn;
    let inverse = 1n;
    for (let i = 0; i < 7; i++) inverse = (inverse * (2n - C * inverse)) & M;
    const start = 0x9e3779b97f4a7c15n ^ (16n << 32n);
    const wanted = ((0x0123456789abcdefn * inverse) & M);
    const printable = (byte: number): boolean => byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    let seed = 17;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const found: string[] = [];
    const first = Buffer.alloc(8);
    const last = Buffer.alloc(8);
    while (found.length < count) {
      for (let k = 0; k < 8; k++) first[k] = 0x21 + (next() % 90);
      if (![...first].every(printable)) continue;
      last.writeBigUInt64LE(wanted ^ (((start ^ first.readBigUInt64LE(0)) * C) & M));
      if ([...last].every(printable)) found.push(first.toString('latin1') + last.toString('latin1'));
    }
    return found;
  }

  it('line classes: of lines made to share a class hash, at most 4 are numbered, and the columns are still the ones JSON.parse gives', () => {
    // The class hash is a rotate and xor per word of a line's key: two values 32 words
    // (16 string members) apart swap without changing it. Seven such pairs in lines of 30
    // `utm_source` members make 128 keys of one hash.
    const lines = Array.from({ length: 512 }, (_, i) => {
      const values = Array.from({ length: 30 }, () => 'a');
      for (let t = 0; t < 7; t++) {
        const swapped = ((i % 128) >> t) & 1;
        values[7 + t] = swapped ? `B${t}` : `A${t}`;
        values[23 + t] = swapped ? `A${t}` : `B${t}`;
      }
      return `{"user_id":"u${i % 5}","time":"2024-01-01T00:00:0${i % 10}Z",${values.map((value) => `"utm_source":"${value}"`).join(',')}}`;
    });
    const bytes = encoder.encode(lines.join('\n'));
    const through = readerWithProjection('plain');
    const plain = new RangeReader(classifier, { report: true, skippedLimit: 5, eventFields: { from: 'plain' } });
    plain.decide(eventFieldsFor(undefined, { from: 'plain' }));
    expect(through.reader.readRange(bytes, false, 0, true)).toEqual(plain.readRange(bytes, false, 0, true));
    const { scanner, metaPlaces } = through.inside()!;
    const tape = new Int32Array(scanner.memory.buffer, scanner.tapePointer(), scanner.tapeSlots());
    const classes = [...new Int32Array(scanner.memory.buffer, scanner.lineClassesPointer(), scanner.classifyLines())];
    // 128 keys (the tape says so), of which at most 4 numbered; numbered lines of one class have one key.
    const keys = classesFromTape(tape, metaPlaces);
    expect(new Set(keys).size).toBe(128);
    const numbered = new Set(classes.filter((lineClass) => lineClass >= 0));
    expect(numbered.size).toBeGreaterThan(0);
    expect(numbered.size).toBeLessThanOrEqual(4);
    classes.forEach((lineClass, k) => {
      if (lineClass >= 0) expect(keys[classes.indexOf(lineClass)]).toBe(keys[k]);
    });
  });

  it('value numbers: of strings made to share a hash, at most 64 (the probes of a lookup) are numbered, each by its own text', () => {
    const crafted = stringsOfOneHash(100);
    // Each on two lines in a row: the member's values repeat, so it stays numbered.
    const lines = crafted.flatMap((text, k) => [0, 1].map(() => JSON.stringify({ user_id: `u${k % 7}`, time: '2024-01-01T00:00:00Z', utm_source: text, utm_medium: 'cpc' })));
    const projection = projectionOf({ from: 'plain' });
    expect(projection.read(encoder.encode(lines.join('\n')), (batch) => (batch.events = []))).toBe(lines.length);
    const { scanner } = projection as unknown as Inside;
    const tape = new Int32Array(scanner.memory.buffer, scanner.tapePointer(), scanner.tapeSlots());
    expectValueIds(tape, scanner.memory);
    const numbered = new Set<number>();
    for (let i = 0; i < tape.length; i += OPERATION_SLOTS[tape[i]!]!) {
      if (OPERATION_SLOTS[tape[i]!] !== 5 || tape[i + 2]! < 0) continue;
      const text = Buffer.from(scanner.memory.buffer, tape[i + 3]!, tape[i + 4]!).toString('latin1');
      if (crafted.includes(text)) numbered.add(tape[i + 2]!);
    }
    expect(numbered.size).toBeGreaterThan(0);
    expect(numbered.size).toBeLessThanOrEqual(64);
  });

  for (const [from, event] of [['plain', plainEvent], ['ga4', ga4Event]] as const) {
    it(`line classes are the lines' operations, compared on the tape (${from})`, () => {
      let classed = 0;
      // Lines of a few kinds, each with any user and time: a line's metadata-only texts are no part of its class.
      const kinds = fc.array(event as fc.Arbitrary<Record<string, unknown>>, { minLength: 1, maxLength: 4 });
      const picks = fc.array(fc.tuple(fc.nat(), fc.constantFrom('u1', 'u2', 'p1', 'ü3'), fc.constantFrom('2024-01-01T00:00:00Z', '1704067201000000', 'later')), { minLength: 1, maxLength: 40 });
      fc.assert(
        fc.property(kinds, picks, (pool, chosen) => {
          const events = chosen.map(([pick, user, time]) => {
            const kind = { ...pool[pick % pool.length]! };
            for (const name of ['user_id', 'user_pseudo_id']) if (name in kind) kind[name] = user;
            for (const name of ['time', 'event_timestamp']) if (name in kind) kind[name] = time;
            return kind;
          });
          // Two ranges through one projection: the second's classes and numbers owe nothing to the first's.
          const { reader, inside: made } = readerWithProjection(from);
          const half = Math.ceil(events.length / 2);
          for (const part of [events.slice(0, half), events.slice(half)]) {
            if (part.length === 0) continue;
            reader.readRange(encoder.encode(part.map(lineOfEvent).join('\n')), false, 0, true);
            const inside = made();
            if (inside === undefined || (inside as unknown as JsonProjection).shapes === undefined) return;
            const { scanner, metaPlaces } = inside;
            const tape = new Int32Array(scanner.memory.buffer, scanner.tapePointer(), scanner.tapeSlots());
            const lines = scanner.classifyLines();
            const classes = [...new Int32Array(scanner.memory.buffer, scanner.lineClassesPointer(), lines)];
            expect(classes).toEqual(classesFromTape(tape, metaPlaces));
            expectValueIds(tape, scanner.memory);
            if (new Set(classes).size < classes.length && new Set(classes).size > 1) classed++;
          }
        }),
        { numRuns: 300 },
      );
      // Most ranges have lines of one class and lines of others.
      expect(classed).toBeGreaterThan(150);
    });
  }
});
