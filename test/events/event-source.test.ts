// --from auto (SPEC §3.2's detection), GA4's key/value values and microseconds,
// Mixpanel's seconds-or-milliseconds, --map and --time-unit (§3.3).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventMeta, EventProps } from '../../engine/events/event';
import {
  detectSourceSystem,
  eventFieldsFor,
  EventSourceError,
  parseEventSourceChoice,
  parseFieldMapping,
  parseTimeUnit,
  type EventSourceOptions,
} from '../../engine/events/event-source';
import { parseEventTimeIn } from '../../engine/events/event-time';
import { keyValueText } from '../../engine/events/fields';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { checkRules } from '../../engine/check/check-rules';
import { parseChannels } from '../../grammar/parse';
import { runReport } from '../../engine/report/run-report';

const SOURCES = path.join(__dirname, '..', '..', 'examples', 'sources');
const firstRecord = (file: string): EventProps => JSON.parse(readFileSync(path.join(SOURCES, file), 'utf8').split('\n')[0]!) as EventProps;

function metaOf(record: EventProps, options: EventSourceOptions): EventMeta {
  const result = eventFieldsFor(record, options).meta.read(record);
  if (typeof result === 'string') throw new Error(result);
  return result;
}

describe('auto-detection (SPEC §3.2)', () => {
  it.each([
    ['amplitude-export.ndjson', 'amplitude'],
    ['ga4-bigquery-export.ndjson', 'ga4'],
    ['segment-tracks.ndjson', 'segment'],
    ['snowplow-enriched.ndjson', 'snowplow'],
    ['mixpanel-export.ndjson', 'mixpanel'],
    ['posthog-events.jsonl', 'posthog'],
  ])('examples/sources/%s is %s', (file, system) => {
    expect(detectSourceSystem(firstRecord(file)).id).toBe(system);
  });

  it('covers every sample in examples/sources/', () => {
    expect(readdirSync(SOURCES).sort()).toEqual([
      'amplitude-export.ndjson',
      'ga4-bigquery-export.ndjson',
      'mixpanel-export.ndjson',
      'posthog-events.jsonl',
      'segment-tracks.ndjson',
      'snowplow-enriched.ndjson',
    ]);
  });

  it.each<[string, EventProps, string]>([
    ['GA4 needs event_timestamp and event_name', { event_timestamp: 1, event_name: 'x' }, 'ga4'],
    ['event_timestamp alone is not GA4', { event_timestamp: 1 }, 'plain'],
    ['event_name alone is not GA4', { event_name: 'x', user_id: 'u' }, 'plain'],
    ['GA4 comes before Amplitude', { amplitude_id: 1, event_timestamp: 1, event_name: 'x' }, 'ga4'],
    ['amplitude_id with half of GA4 is Amplitude', { amplitude_id: 1, event_timestamp: 1 }, 'amplitude'],
    ['Amplitude comes before Snowplow', { amplitude_id: 1, collector_tstamp: 't', domain_userid: 'd' }, 'amplitude'],
    ['collector_tstamp is Snowplow', { collector_tstamp: '2024-01-01 10:00:00' }, 'snowplow'],
    ['domain_userid is Snowplow', { domain_userid: 'd' }, 'snowplow'],
    ['Snowplow comes before Segment', { domain_userid: 'd', anonymousId: 'a' }, 'snowplow'],
    ['anonymousId is Segment', { anonymousId: 'a' }, 'segment'],
    ['messageId with type is Segment', { messageId: 'm', type: 'track' }, 'segment'],
    ['messageId alone is not Segment', { messageId: 'm' }, 'plain'],
    ['Segment comes before Mixpanel', { anonymousId: 'a', event: 'e', properties: { distinct_id: 'd', time: 1 } }, 'segment'],
    ['event with properties.distinct_id and properties.time is Mixpanel', { event: 'e', properties: { distinct_id: 'd', time: 1 } }, 'mixpanel'],
    ['flattened Mixpanel keys count (a CSV)', { event: 'e', 'properties.distinct_id': 'd', 'properties.time': '1' }, 'mixpanel'],
    ['Mixpanel without properties.time is not Mixpanel', { event: 'e', properties: { distinct_id: 'd' } }, 'plain'],
    ['Mixpanel comes before PostHog', { event: 'e', distinct_id: 'd', timestamp: 't', properties: { distinct_id: 'd', time: 1 } }, 'mixpanel'],
    ['event, distinct_id and timestamp is PostHog', { event: 'e', distinct_id: 'd', timestamp: 't' }, 'posthog'],
    ['PostHog needs timestamp', { event: 'e', distinct_id: 'd' }, 'plain'],
    ['a key holding null is present', { amplitude_id: null }, 'amplitude'],
    ['a key holding an object is not a field', { amplitude_id: { id: 1 } }, 'plain'],
    ['plain events are plain', { user_id: 'u', time: '2024-01-01', event_type: 'x' }, 'plain'],
  ])('%s', (_, record, system) => {
    expect(detectSourceSystem(record).id).toBe(system);
  });

  it('decides from the first record that parses as an object, and only from it', async () => {
    const rules = parseChannels('channel "A"\n  when utm_source = "g"\n');
    const classifier = compileClassifier(checkRules(rules, 'channel "A"\n  when utm_source = "g"\n'));
    const text = [
      'not json',
      '[1, 2]',
      JSON.stringify({ event_timestamp: '1704103200000000', event_name: 'page_view', user_pseudo_id: 'p1', collected_traffic_source: { manual_source: 'g' } }),
      JSON.stringify({ device_id: 'd2', time: '2024-01-01T10:00:00Z', utm_source: 'g' }),
    ].join('\n');
    const result = await runReport({ source: { text, format: 'ndjson' }, classifier, collectClassified: true });
    expect(result.eventFields.system.id).toBe('ga4');
    expect(result.eventFields.detected).toBe(true);
    // The plain record has no GA4 user or time: skipped, and counted as not GA4's.
    expect(result.classified!.map((event) => [event.line, event.channel])).toEqual([[3, 'A']]);
    expect(result.skipped.map((line) => line.line)).toEqual([1, 2, 4]);
    expect(result.skipped[2]!.reason).toBe('no user: user_id and user_pseudo_id are missing or null');
    expect(result.eventFields.meta.foreignRecords).toBe(1);
  });

  it('an explicit --from is not overridden by the records', () => {
    const record = { event_timestamp: '1', event_name: 'x', user_id: 'u', time: '2024-01-01' };
    expect(eventFieldsFor(record, { from: 'plain' }).system.id).toBe('plain');
    expect(eventFieldsFor(record, { from: 'plain' }).detected).toBe(false);
    expect(eventFieldsFor(undefined, {}).system.id).toBe('plain');
  });
});

describe('GA4 key/value entries (SPEC §3.2)', () => {
  const value = (v: Record<string, unknown>) => ({ string_value: null, int_value: null, float_value: null, double_value: null, ...v });
  it.each<[string, unknown, string | null]>([
    ['a string', value({ string_value: 'google' }), 'google'],
    ['an empty string is a value', value({ string_value: '' }), ''],
    ['an int64 as BigQuery writes it in JSON (a string)', value({ int_value: '9007199254740993' }), '9007199254740993'],
    ['an int64 as a number', value({ int_value: 1704103200 }), '1704103200'],
    ['an int64 as a bigint (Parquet)', value({ int_value: 9007199254740993n }), '9007199254740993'],
    ['a float', value({ float_value: 1.5 }), '1.5'],
    ['a double', value({ double_value: 0.1 }), '0.1'],
    ['a double written as text', value({ double_value: '2.50' }), '2.5'],
    ['a float 1.0 is 1', value({ double_value: 1.0 }), '1'],
    ['a double in exponent form written as text', value({ double_value: '-1.5e3' }), '-1500'],
    // Number() takes these for numbers; no JSON number is written so: kept as they are.
    ['text that is no JSON number is kept: hex', value({ float_value: '0x10' }), '0x10'],
    ['text that is no JSON number is kept: spaces', value({ double_value: ' 12 ' }), ' 12 '],
    ['text that is no JSON number is kept: a bare point', value({ double_value: '.5' }), '.5'],
    ['the first one set, in the order string, int, float, double', value({ int_value: '5', double_value: 2 }), '5'],
    ['none set is null', value({}), null],
    ['no value record is null', undefined, null],
    ['only the keys that are there', { int_value: '7' }, '7'],
  ])('%s', (_, record, expected) => {
    expect(keyValueText(record)).toBe(expected);
  });

  const ga4 = (params: unknown[], extra: EventProps = {}): EventProps => ({
    event_timestamp: '1704103200000000',
    event_name: 'page_view',
    user_pseudo_id: 'p1',
    event_params: params,
    ...extra,
  });
  const read = (record: EventProps, field: string) => eventFieldsFor(record, { from: 'ga4' }).lookup.accessor(field)(record);

  it('each entry is the field event_params.<key>, and <key> through the container', () => {
    const record = ga4([{ key: 'plan', value: value({ string_value: 'pro' }) }, { key: 'a.b', value: value({ int_value: '3' }) }]);
    expect(read(record, 'event_params.plan')).toBe('pro');
    expect(read(record, 'plan')).toBe('pro');
    expect(read(record, 'event_params.a.b')).toBe('3');
    expect(read(record, 'a.b')).toBe('3');
    expect(read(record, 'event_params.missing')).toBeUndefined();
  });

  it('the first entry of a repeated key wins', () => {
    const record = ga4([{ key: 'k', value: value({ string_value: 'one' }) }, { key: 'k', value: value({ string_value: 'two' }) }]);
    expect(read(record, 'k')).toBe('one');
  });

  it('user_properties entries are fields too, after event_params', () => {
    const record = ga4([{ key: 'tier', value: value({ string_value: 'event' }) }], {
      user_properties: [
        { key: 'tier', value: { ...value({ string_value: 'user' }), set_timestamp_micros: '1' } },
        { key: 'country', value: value({ string_value: 'DE' }) },
      ],
    });
    expect(read(record, 'tier')).toBe('event');
    expect(read(record, 'user_properties.tier')).toBe('user');
    expect(read(record, 'country')).toBe('DE');
  });

  it('a flattened event_params.<key> column (a CSV of an export) is the field too', () => {
    const record = { event_timestamp: '1704103200000000', event_name: 'x', user_pseudo_id: 'p', 'event_params.source': 'newsletter' };
    expect(read(record, 'utm_source')).toBe('newsletter');
  });

  it('the session is (user, ga_session_id)', () => {
    const record = ga4([{ key: 'ga_session_id', value: value({ int_value: '1704103200' }) }]);
    expect(metaOf(record, { from: 'ga4' })).toMatchObject({ user: 'p1', sessionId: '1704103200', hasSessionId: true });
  });
});

describe('times (SPEC §3.2, §3.3)', () => {
  it.each<[string, string, 'ms' | 's' | 'us' | 's-or-ms', number | undefined]>([
    ['microseconds truncated to milliseconds', '1704103200123999', 'us', 1704103200123],
    ['microseconds beyond 2^53, exactly', '9007199254740993', 'us', 9007199254740],
    ['microseconds far beyond 2^53, exactly', '8639999999999999999', 'us', 8639999999999999],
    ['microseconds beyond what a Date holds', '8640000000000001000', 'us', undefined],
    ['microseconds below a millisecond', '999', 'us', 0],
    ['microseconds with a fraction are not a time', '1704103200123.5', 'us', undefined],
    ['a date-time is read as such in any unit', '2024-01-01T10:00:00.123Z', 'us', Date.parse('2024-01-01T10:00:00.123Z')],
    ['seconds', '1704103200', 's', 1704103200000],
    ['seconds with a fraction, truncated', '1704103200.123999', 's', 1704103200123],
    ['seconds with a short fraction', '1704103200.5', 's', 1704103200500],
    ['milliseconds', '1704103200123', 'ms', 1704103200123],
    ['milliseconds with a fraction are not a time (as before)', '1.5', 'ms', undefined],
    ['Mixpanel: below 10^11 is seconds', '1704103200', 's-or-ms', 1704103200000],
    ['Mixpanel: 10^11 - 1 is seconds', '99999999999', 's-or-ms', 99999999999000],
    ['Mixpanel: 10^11 is milliseconds', '100000000000', 's-or-ms', 100000000000],
    ['Mixpanel: milliseconds', '1704103200123', 's-or-ms', 1704103200123],
    ['Mixpanel: fractional seconds', '1704103200.25', 's-or-ms', 1704103200250],
    ['beyond what a Date holds', '8640000000000001', 'ms', undefined],
    ['negative numbers are not times', '-5', 's', undefined],
  ])('%s', (_, text, unit, expected) => {
    expect(parseEventTimeIn(text, unit)).toBe(expected);
  });

  it('GA4 reads event_timestamp as microseconds, as a number or digits, whatever --time-unit says', () => {
    for (const event_timestamp of [1704103200123456, '1704103200123456']) {
      const record = { event_timestamp, event_name: 'x', user_pseudo_id: 'p' };
      expect(metaOf(record, { from: 'ga4' }).time).toBe(1704103200123);
      expect(metaOf(record, { from: 'ga4', timeUnit: 's' }).time).toBe(1704103200123);
    }
  });

  it('--time-unit reads the numeric times of systems that do not fix the unit', () => {
    expect(metaOf({ user_id: 'u', time: 1704103200 }, { timeUnit: 's' }).time).toBe(1704103200000);
    expect(metaOf({ user_id: 'u', time: '1704103200123456' }, { timeUnit: 'us' }).time).toBe(1704103200123);
    expect(metaOf({ userId: 'u', timestamp: 1704103200, type: 'track' }, { from: 'segment', timeUnit: 's' }).time).toBe(1704103200000);
    expect(metaOf({ user_id: 'u', time: 1704103200123 }, {}).time).toBe(1704103200123);
  });

  it('a mapped time is read with --time-unit even where the system fixes its own', () => {
    const record = { event_timestamp: '1', event_name: 'x', user_pseudo_id: 'p', sent: 1704103200 };
    expect(metaOf(record, { from: 'ga4', map: [{ name: 'time', path: 'sent' }], timeUnit: 's' }).time).toBe(1704103200000);
  });

  it('an unparsable time names the unit expected', () => {
    const record = { event_timestamp: 'soon', event_name: 'x', user_pseudo_id: 'p' };
    expect(eventFieldsFor(record, { from: 'ga4' }).meta.read(record)).toBe(
      'unparsable time "soon": expected epoch microseconds or YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]',
    );
  });
});

describe('--map NAME=PATH (SPEC §3.3)', () => {
  const segment = { userId: 'u1', anonymousId: 'a1', timestamp: '2024-01-01T10:00:00Z', type: 'track', event: 'Signed Up', src: 'flyer', context: { traits: { email: 'x@example.com' }, campaign: { source: 'google' } } };
  const read = (record: EventProps, options: EventSourceOptions, field: string) => eventFieldsFor(record, options).lookup.accessor(field)(record);

  it('maps the user, on top of the system', () => {
    expect(metaOf(segment, { from: 'segment', map: [parseFieldMapping('user=context.traits.email')] }).user).toBe('x@example.com');
  });

  it('maps a canonical field: its paths replace the system\'s', () => {
    expect(read(segment, { from: 'segment' }, 'utm_source')).toBe('google');
    expect(read(segment, { from: 'segment', map: [parseFieldMapping('utm_source=src')] }, 'utm_source')).toBe('flyer');
    expect(read({ ...segment, utm_source: 'top' }, { from: 'segment', map: [parseFieldMapping('utm_source=src')] }, 'utm_source')).toBe('flyer');
  });

  it('several paths for one name are tried in order', () => {
    const map = [parseFieldMapping('utm_source=nothing'), parseFieldMapping('utm_source=src')];
    expect(read(segment, { from: 'segment', map }, 'utm_source')).toBe('flyer');
  });

  it('type maps the event type and the event_type field', () => {
    const options = { from: 'segment' as const, map: [parseFieldMapping('type=context.traits.email')] };
    expect(metaOf(segment, options).eventType).toBe('x@example.com');
    expect(read(segment, options, 'event_type')).toBe('x@example.com');
  });

  it('session maps the session', () => {
    expect(metaOf(segment, { from: 'segment', map: [parseFieldMapping('session=src')] }).sessionId).toBe('flyer');
  });

  it('a mapped referrer gives the derived referring_domain', () => {
    const record = { user_id: 'u', time: '2024-01-01', ref: 'https://www.bing.com/x' };
    expect(read(record, { map: [parseFieldMapping('referrer=ref')] }, 'referring_domain')).toBe('bing.com');
  });

  it.each([
    ['no =', 'utm_source'],
    ['an unknown name', 'channel=src'],
    ['an empty path', 'utm_source='],
    ['an empty path segment', 'utm_source=a..b'],
    ['a leading dot', 'user=.email'],
  ])('refuses %s', (_, text) => {
    expect(() => parseFieldMapping(text)).toThrow(EventSourceError);
  });

  it('refuses an unknown --from and --time-unit', () => {
    expect(() => parseEventSourceChoice('heap')).toThrow('unknown event source "heap" (expected auto, plain, amplitude, ga4, segment, snowplow, mixpanel, posthog)');
    expect(() => parseTimeUnit('ns')).toThrow('unknown time unit "ns" (expected ms, s, us)');
  });
});
