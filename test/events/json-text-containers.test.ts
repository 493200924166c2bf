// A property container written as JSON text (engine/events/json-text-object): PostHog's
// batch export keeps `properties` and `person_properties` as JSON-encoded strings in
// Parquet (https://posthog.com/docs/data-pipelines/batch-exports/s3, "Events model").
// Such a string is read as the object it holds, exactly as the JSON record reader reads
// a line, and only in the containers a system declares; every field then reads as it
// does on the same record with the object nested.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventProps } from '../../engine/events/event';
import { eventFieldsFor } from '../../engine/events/event-source';
import { FieldLookup, type FieldLayout } from '../../engine/events/fields';
import { jsonTextObject } from '../../engine/events/json-text-object';
import { fieldNamesOf } from '../../engine/language/sample-profile';
import { eventFields } from '../../engine/preview/event-fields';

const posthog = (props: EventProps) => eventFieldsFor(props, { from: 'posthog' });
const record = (properties: unknown, extra: EventProps = {}): EventProps => ({ event: '$pageview', distinct_id: 'd1', timestamp: '2024-01-01T10:00:00Z', properties, ...extra });

describe('PostHog properties as JSON text', () => {
  it('gives the fields, the session and against auto`s $channel_type, as the nested object does', () => {
    const nested = { $session_id: 's1', utm_medium: 'email', $referrer: 'https://www.google.com/', $channel_type: 'Email', plan: 'pro' };
    for (const props of [record(nested), record(JSON.stringify(nested))]) {
      const fields = posthog(props);
      const read = (name: string) => fields.lookup.accessor(name)(props);
      expect([read('utm_medium'), read('properties.utm_medium'), read('plan'), read('referrer'), read('referring_domain'), read('properties.$channel_type')]).toEqual([
        'email',
        'email',
        'pro',
        'https://www.google.com/',
        'google.com',
        'Email',
      ]);
      // The container is an object, so no field of its own.
      expect(read('properties')).toBeUndefined();
      expect(fields.meta.read(props)).toMatchObject({ user: 'd1', sessionId: 's1' });
    }
  });

  it('reads person_properties as JSON text too, after properties', () => {
    const props = record('{"a":"from properties"}', { person_properties: '{"a":"from person","email":"x@y.z"}' });
    const { lookup } = posthog(props);
    expect([lookup.accessor('a')(props), lookup.accessor('email')(props), lookup.accessor('person_properties.a')(props)]).toEqual(['from properties', 'x@y.z', 'from person']);
  });

  it('as the JSON record reader: escapes, nesting, a duplicate key`s last value, integers beyond 2^53 as their digits', () => {
    const props = record('{"utm_\\u006dedium":"e\\u006dail","a":{"b":{"c":true}},"d":"1","d":"2","n":12345678901234567890,"l":[1,{"x":2}]}');
    const { lookup } = posthog(props);
    const read = (name: string) => lookup.accessor(name)(props);
    expect([read('utm_medium'), read('a.b.c'), read('properties.a.b.c'), read('d'), read('n'), read('l')]).toEqual(['email', 'true', 'true', '2', '12345678901234567890', '[1,{"x":2}]']);
    expect(jsonTextObject(' \n{"a":1}\t')).toEqual({ a: 1 });
  });

  it('a string that holds no JSON object stays the string it is', () => {
    for (const text of ['', 'email', '[{"utm_medium":"email"}]', '"{}"', '{"utm_medium":"email"', '{"utm_medium":"email"} x', '\uFEFF{"utm_medium":"email"}', 'null', '12']) {
      const props = record(text);
      const { lookup } = posthog(props);
      expect(lookup.accessor('utm_medium')(props)).toBeUndefined();
      expect(lookup.accessor('properties')(props)).toBe(text);
      expect(jsonTextObject(text)).toBeUndefined();
    }
  });

  it('only in the containers a system declares: plain events` event_properties and Mixpanel`s properties stay text', () => {
    const plain = { user_id: 'u', time: 1, event_properties: '{"utm_medium":"email"}' };
    expect(eventFieldsFor(plain).lookup.accessor('utm_medium')(plain)).toBeUndefined();
    const mixpanel = { event: 'e', properties: '{"utm_medium":"email","distinct_id":"d","time":1}' };
    expect(eventFieldsFor(mixpanel, { from: 'mixpanel' }).lookup.accessor('utm_medium')(mixpanel)).toBeUndefined();
    // A PostHog field outside the containers is not read into either.
    const other = record({}, { context: '{"utm_medium":"email"}' });
    expect(posthog(other).lookup.accessor('context.utm_medium')(other)).toBeUndefined();
  });

  it('a container mapped as the user or session is its object, no value, as nested; its own key is not read first', () => {
    const map = [
      { name: 'user', path: 'properties' },
      { name: 'session', path: 'person_properties' },
    ];
    for (const [properties, person] of [
      [{ a: 1 }, { b: 2 }],
      ['{"a":1}', '{"b":2}'],
    ]) {
      const props = record(properties, { person_properties: person });
      const fields = eventFieldsFor(props, { from: 'posthog', map });
      expect([fields.meta.userKeys, fields.meta.sessionKeys]).toEqual([[undefined], [undefined]]);
      expect(fields.meta.read(props)).toBe('no user: properties is missing or null');
    }
    // Text that holds no object is the string it is.
    const props = record('u7', { person_properties: 's7' });
    expect(eventFieldsFor(props, { from: 'posthog', map }).meta.read(props)).toMatchObject({ user: 'u7', sessionId: 's7' });
  });

  it('the editor`s sample profile and the preview`s event fields show the object`s fields', () => {
    const props = record('{"utm_medium":"email","a":{"b":1}}');
    const { lookup } = posthog(props);
    const names = fieldNamesOf(props, lookup);
    expect(names).toEqual(expect.arrayContaining(['properties.utm_medium', 'utm_medium', 'properties.a.b', 'a.b']));
    expect(names).not.toContain('properties');
    expect(eventFields(props, lookup)).toEqual([
      ['event', '$pageview'],
      ['distinct_id', 'd1'],
      ['timestamp', '2024-01-01T10:00:00Z'],
      ['properties.utm_medium', 'email'],
      ['properties.a.b', '1'],
    ]);
  });
});

describe('a JSON-text container reads as the object nested (generated accessors and closures)', () => {
  const layouts: FieldLayout[] = [
    { containers: ['props', 'u'], jsonTextContainers: ['props', 'u'], mapped: { s: ['props.s', 'u.m'], m: ['t.m', 'props.m'] } },
    { containers: ['props'], jsonTextContainers: ['props', 't.s'], mapped: { m: ['t.s.m'] }, overrides: { s: ['props.a.b'] } },
  ];
  const names = ['s', 'm', 'a', 'a.b', 'props', 'props.s', 'props.a', 'props.a.b', 'u.m', 't.s', 't.s.m', 'constructor', '__proto__', 'referrer', 'referring_domain'];
  const key = fc.constantFrom('s', 'm', 'a', 'b', 't', 'u', 'props', 'props.s', 't.s', 'a.b', 'referrer', '__proto__', 'constructor');
  const leaf = fc.oneof(fc.constantFrom('x', '', 'https://www.A.com/', '{"s":"text"}', '[1]'), fc.constant(null), fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }));
  const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, leaf, fc.dictionary(key, tie('v'), { maxKeys: 4 })),
  })).v;
  const event = fc.dictionary(key, value, { maxKeys: 6 });

  /** `props` with the objects at the layout's JSON-text containers written as their JSON text. */
  function asText(props: EventProps, layout: FieldLayout): EventProps {
    const copy = JSON.parse(JSON.stringify(props)) as EventProps;
    for (const container of layout.jsonTextContainers ?? []) {
      const parts = container.split('.');
      let holder: unknown = copy;
      for (const part of parts.slice(0, -1)) holder = holder !== null && typeof holder === 'object' && Object.hasOwn(holder, part) ? (holder as EventProps)[part] : undefined;
      const last = parts[parts.length - 1]!;
      if (holder === null || typeof holder !== 'object' || Array.isArray(holder) || !Object.hasOwn(holder, last)) continue;
      const inner = (holder as EventProps)[last];
      if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) (holder as EventProps)[last] = JSON.stringify(inner);
    }
    return copy;
  }

  it('agree on random events, fields and layouts', () => {
    fc.assert(
      fc.property(fc.nat(layouts.length - 1), event, fc.constantFrom(...names), (index, props, name) => {
        const layout = layouts[index]!;
        const nested = JSON.parse(JSON.stringify(props)) as EventProps;
        const text = asText(nested, layout);
        const expected = new FieldLookup(layout, { generated: false }).accessor(name)(nested);
        expect(new FieldLookup(layout).accessor(name)(text)).toBe(expected);
        expect(new FieldLookup(layout, { generated: false }).accessor(name)(text)).toBe(expected);
        expect(new FieldLookup(layout).path(name)(text)).toBe(new FieldLookup(layout).path(name)(nested));
      }),
      { numRuns: 5000 },
    );
  });
});
