import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldLookup, PLAIN_LAYOUT, fieldAccessor, leafText, referringDomain, type FieldLayout } from '../../engine/events/fields';
import type { FieldValue } from '../../engine/semantics/value-test';

/** `undefined` in the table means missing. */
const lookups: Array<[string, string, Record<string, unknown>, FieldValue]> = [
  ['a plain key', 'utm_source', { utm_source: 'google' }, 'google'],
  ['an absent key is missing', 'utm_source', {}, undefined],
  ['JSON null is null', 'utm_source', { utm_source: null }, null],
  ['the empty string is a string', 'utm_source', { utm_source: '' }, ''],
  ['"(none)" is an ordinary string', 'utm_source', { utm_source: '(none)' }, '(none)'],
  ['an integer as its JSON text', 'n', { n: 42 }, '42'],
  ['1.0 as JavaScript writes it', 'n', JSON.parse('{"n": 1.0}'), '1'],
  ['a decimal', 'n', { n: 1.5 }, '1.5'],
  ['a large number', 'n', JSON.parse('{"n": 1e21}'), '1e+21'],
  ['true', 'b', { b: true }, 'true'],
  ['false', 'b', { b: false }, 'false'],
  ['an array as compact JSON', 'a', { a: [1, 'x', null, { k: 'v' }] }, '[1,"x",null,{"k":"v"}]'],
  ['an empty array', 'a', { a: [] }, '[]'],
  ['an object is not a field', 'o', { o: { k: 'v' } }, undefined],
  ['a nested path', 'a.b', { a: { b: 'x' } }, 'x'],
  ['a dotted key', 'a.b', { 'a.b': 'x' }, 'x'],
  ['a dotted key inside an object', 'a.b.c', { a: { 'b.c': 'x' } }, 'x'],
  ['an object with a dotted key', 'a.b.c', { 'a.b': { c: 'x' } }, 'x'],
  ['the literal key first', 'a.b', { 'a.b': 'literal', a: { b: 'nested' } }, 'literal'],
  ['a path through a string is missing', 'a.b', { a: 'x' }, undefined],
  ['a path through null is missing', 'a.b', { a: null }, undefined],
  ['a path through an array is missing', 'a.0', { a: ['x'] }, undefined],
  ['a key named like a prototype member', 'constructor', {}, undefined],
  ['toString is not a field of a plain object', 'toString', { a: 1 }, undefined],
  ['an own __proto__ key', '__proto__', JSON.parse('{"__proto__": "x"}'), 'x'],
  ['event_properties alias', 'utm_source', { event_properties: { utm_source: 'e' } }, 'e'],
  ['user_properties alias', 'utm_source', { user_properties: { utm_source: 'u' } }, 'u'],
  ['event_properties wins over user_properties', 'utm_source', { event_properties: { utm_source: 'e' }, user_properties: { utm_source: 'u' } }, 'e'],
  ['a top-level key wins', 'utm_source', { utm_source: 't', event_properties: { utm_source: 'e' } }, 't'],
  ['a top-level null wins', 'utm_source', { utm_source: null, event_properties: { utm_source: 'e' } }, null],
  ['an alias null wins over user_properties', 'utm_source', { event_properties: { utm_source: null }, user_properties: { utm_source: 'u' } }, null],
  ['a top-level object does not hide the alias', 'utm_source', { utm_source: { x: 1 }, event_properties: { utm_source: 'e' } }, 'e'],
  ['the prefixed path still works', 'event_properties.utm_source', { event_properties: { utm_source: 'e' } }, 'e'],
  ['a flattened prefixed key', 'event_properties.utm_source', { 'event_properties.utm_source': 'e' }, 'e'],
  ['a nested path through an alias', 'page.url', { event_properties: { page: { url: 'x' } } }, 'x'],
  ['a flattened container key is visible without the prefix (a CSV column)', 'plan', { 'event_properties.plan': 'pro' }, 'pro'],
  ['a flattened user_properties key too', 'plan', { 'user_properties.plan': 'free' }, 'free'],
  ['a flattened event_properties key wins over user_properties', 'plan', { 'event_properties.plan': 'pro', user_properties: { plan: 'free' } }, 'pro'],
  ['a flattened key inside a flattened container', 'page.url', { 'event_properties.page.url': 'x' }, 'x'],
  ['an alias container that is not an object', 'utm_source', { event_properties: 'x' }, undefined],
  ['keys with spaces and brackets', '[Amplitude] Page Counter', { '[Amplitude] Page Counter': 3 }, '3'],
  ['referring_domain from referrer', 'referring_domain', { referrer: 'https://www.Google.com/search?q=x' }, 'google.com'],
  ['referring_domain keeps other subdomains', 'referring_domain', { referrer: 'https://news.ycombinator.com/' }, 'news.ycombinator.com'],
  ['referring_domain of a non-URL is missing', 'referring_domain', { referrer: 'google' }, undefined],
  ['referring_domain without referrer is missing', 'referring_domain', {}, undefined],
  ['referring_domain of a null referrer is missing', 'referring_domain', { referrer: null }, undefined],
  ['referring_domain of an empty referrer is missing', 'referring_domain', { referrer: '' }, undefined],
  ['a referring_domain key wins', 'referring_domain', { referring_domain: 'x.com', referrer: 'https://y.com/' }, 'x.com'],
  ['a null referring_domain key wins', 'referring_domain', { referring_domain: null, referrer: 'https://y.com/' }, null],
  ['an aliased referring_domain wins', 'referring_domain', { event_properties: { referring_domain: 'z.com' }, referrer: 'https://y.com/' }, 'z.com'],
  ['referrer through an alias', 'referring_domain', { event_properties: { referrer: 'http://b.org/x' } }, 'b.org'],
  ['an IP host', 'referring_domain', { referrer: 'http://192.168.0.1:8080/' }, '192.168.0.1'],
  ['an IDN host in punycode', 'referring_domain', { referrer: 'https://www.bücher.de/' }, 'xn--bcher-kva.de'],
  ['a host with a port', 'referring_domain', { referrer: 'https://www.example.com:8443/a' }, 'example.com'],
  ['a port out of range is not a URL', 'referring_domain', { referrer: 'http://a.com:99999/' }, undefined],
  ['invalid punycode is not a URL', 'referring_domain', { referrer: 'http://xn--a.com/' }, undefined],
  ['an app referrer', 'referring_domain', { referrer: 'android-app://com.google.android.gm/' }, 'com.google.android.gm'],
  ['a mailto link has no host', 'referring_domain', { referrer: 'mailto:a@b.com' }, undefined],
];

describe('fieldAccessor', () => {
  it.each(lookups)('%s', (_, field, props, expected) => {
    expect(fieldAccessor(field)(props)).toBe(expected);
  });

  it('reads CSV rows (strings, empty cells absent) the same way', () => {
    expect(fieldAccessor('utm_source')({ utm_source: 'google', referrer: 'https://t.co/x' })).toBe('google');
    expect(fieldAccessor('referring_domain')({ referrer: 'https://t.co/x' })).toBe('t.co');
  });

  it('leafText of an unsupported value is absent', () => {
    expect(leafText(undefined)).toBeUndefined();
    expect(leafText({ a: 1 })).toBeUndefined();
    expect(leafText(() => 1)).toBeUndefined();
    expect(fieldAccessor('f')({ f: undefined })).toBe(undefined);
  });
});

/** The definition: WHATWG URL host, lower-cased, without a leading `www.`. */
function referringDomainByUrl(referrer: string): string | undefined {
  let host: string;
  try {
    host = new URL(referrer).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (host.startsWith('www.')) host = host.slice(4);
  return host === '' ? undefined : host;
}

describe('referringDomain', () => {
  const scheme = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('http', 'https', 'HTTP', 'hTtPs') },
    { weight: 1, arbitrary: fc.constantFrom('ftp', 'file', 'mailto', 'android-app', 'h', '') },
  );
  const separator = fc.oneof(
    { weight: 4, arbitrary: fc.constant('://') },
    { weight: 1, arbitrary: fc.constantFrom(':/', ':', ':\\\\', '//', ':///') },
  );
  const labelChar = fc.constantFrom(...'abcXYZ019-_%@:[]. üé\t'.split(''), 'xn--', 'www', '0x', 'ß');
  const messyLabel = fc.array(labelChar, { minLength: 0, maxLength: 6 }).map((parts) => parts.join(''));
  const cleanLabel = fc.oneof(
    fc.stringMatching(/^[a-zA-Z0-9-]{1,8}$/),
    fc.constantFrom('www', 'WWW', 'xn--bcher-kva', 'xn--a', 'XN--', '0x1f', '0x', '09', '255', '4294967296'),
  );
  const label = fc.oneof({ weight: 4, arbitrary: cleanLabel }, { weight: 1, arbitrary: messyLabel });
  const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
  const port = fc.oneof(
    fc.constant(''),
    fc.constant(':'),
    fc.nat({ max: 200_000 }).map((n) => `:${n}`),
    fc.constantFrom(':080', ':00000443', ':x'),
  );
  const rest = fc.constantFrom('', '/', '/path?q=1', '?x', '#f', '\\x', ' x', '\n', '/a b');
  const lead = fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(' ', '\t') });
  const urlLike = fc.tuple(lead, scheme, separator, host, port, rest).map((parts) => parts.join(''));

  it('agrees with the new URL(…) derivation on random URL-like strings', () => {
    fc.assert(
      fc.property(urlLike, (referrer) => {
        expect(referringDomain(referrer)).toBe(referringDomainByUrl(referrer));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (referrer) => {
        expect(referringDomain(referrer)).toBe(referringDomainByUrl(referrer));
      }),
      { numRuns: 5_000 },
    );
  });
});

/** Field lookup written plainly from SPEC §2.3 / §3, for the fast paths to agree with. */
function referenceLookup(props: Record<string, unknown>, field: string): FieldValue {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const text = (v: unknown): FieldValue =>
    typeof v === 'string' ? v
    : typeof v === 'number' ? String(v)
    : typeof v === 'boolean' ? String(v)
    : v === null ? null
    : Array.isArray(v) ? JSON.stringify(v)
    : undefined;
  // Every way of reading the dotted name as nested keys: the literal key first, then
  // the shortest first key (the order fields.ts documents; the SPEC leaves it open).
  const within = (object: Record<string, unknown>, parts: string[]): FieldValue => {
    for (const take of [parts.length, ...parts.slice(1).map((_, i) => i + 1)]) {
      const key = parts.slice(0, take).join('.');
      if (!Object.keys(object).includes(key)) continue;
      const value = object[key];
      const found = take === parts.length ? text(value) : isObject(value) ? within(value, parts.slice(take)) : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  };
  // The field itself, then as `<container>.<field>` (a flattened `"event_properties.a"`
  // key counts as the nested form).
  const parts = field.split('.');
  for (const prefix of [[], ['event_properties'], ['user_properties']]) {
    const found = within(props, [...prefix, ...parts]);
    if (found !== undefined) return found;
  }
  if (field === 'referring_domain') {
    const referrer = referenceLookup(props, 'referrer');
    return typeof referrer === 'string' ? referringDomainByUrl(referrer) : undefined;
  }
  return undefined;
}

describe('fieldAccessor against a plain reading of the SPEC', () => {
  const key = fc.constantFrom('a', 'b', 'c', 'a.b', 'b.c', 'constructor', 'toString', 'length', 'referrer', 'referring_domain');
  const leaf = fc.oneof(
    fc.constantFrom('x', '', 'https://www.A.com/', 'nope'),
    fc.constant(null),
    fc.integer(),
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 2 }),
  );
  const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, leaf, fc.dictionary(key, tie('v'), { maxKeys: 3 })),
  })).v;
  const event = fc.record(
    {
      a: value,
      'a.b': value,
      b: value,
      constructor: value,
      referrer: value,
      referring_domain: value,
      event_properties: value,
      user_properties: value,
      'event_properties.a': value,
      'user_properties.a.b': value,
    },
    { requiredKeys: [] },
  );
  const field = fc.constantFrom('a', 'b', 'a.b', 'a.b.c', 'b.c', 'constructor', 'toString', 'length', 'referrer', 'referring_domain', 'event_properties.a');

  it('agrees on random nested events', () => {
    fc.assert(
      fc.property(event, field, (props, name) => {
        const parsed = JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
        expect(fieldAccessor(name)(parsed)).toBe(referenceLookup(parsed, name));
      }),
      { numRuns: 5000 },
    );
  });

  it('an array is not an alias container', () => {
    expect(fieldAccessor('length')({ event_properties: [1, 2] })).toBeUndefined();
    expect(fieldAccessor('0')({ user_properties: ['x'] })).toBeUndefined();
  });
});

describe('generated accessors (one function per field) against the closures', () => {
  // Layouts like the source systems' (test/events/source-systems*.test.ts read real ones):
  // containers, mapped fields with one and several paths, key/value arrays, overrides.
  const layouts: FieldLayout[] = [
    PLAIN_LAYOUT,
    { containers: [] },
    { containers: ['props'], mapped: { s: ['t.s'], m: ['t.m', 'u.m', 'm2'] } },
    { containers: ['kv', 'props'], keyValueArrays: ['kv'], mapped: { s: ['t.s', 'kv.s'], m: ['t.m', 'u.m'] } },
    { containers: ['props'], overrides: { s: ['t.m'] }, mapped: { m: ['x-y.z_1'] } },
  ];
  const names = ['s', 'm', 'a', 'a.b', 'm2', 'x-y', 'z_1', 'constructor', '__proto__', 'a b', 'é', 'referrer', 'referring_domain'];
  const key = fc.constantFrom(...names, 't', 'u', 'kv', 'props', 'event_properties', 'user_properties', 't.s', 'props.s', 'x-y.z_1');
  const leaf = fc.oneof(
    fc.constantFrom('x', '', 'https://www.A.com/', 'nope'),
    fc.constant(null),
    fc.integer(),
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.array(fc.record({ key: fc.constantFrom(...names), value: fc.record({ string_value: fc.option(fc.string({ maxLength: 2 })), int_value: fc.option(fc.integer()) }, { requiredKeys: [] }) }), { maxLength: 3 }),
  );
  const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, leaf, fc.dictionary(key, tie('v'), { maxKeys: 4 })),
  })).v;
  const event = fc.dictionary(key, value, { maxKeys: 6 });

  it('agree on random events, fields and layouts', () => {
    fc.assert(
      fc.property(fc.nat(layouts.length - 1), event, fc.constantFrom(...names), (layout, props, name) => {
        const parsed = JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
        const generated = new FieldLookup(layouts[layout]!);
        const closures = new FieldLookup(layouts[layout]!, { generated: false });
        expect(generated.accessor(name)(parsed)).toBe(closures.accessor(name)(parsed));
        expect(generated.readPaths().sort()).toEqual(closures.readPaths().sort());
      }),
      { numRuns: 5000 },
    );
  });

  it('agree on events whose key/value arrays hold the fields (GA4-like layouts)', () => {
    const layout: FieldLayout = { containers: ['kv', 'props'], keyValueArrays: ['kv'], mapped: { s: ['t.s', 'kv.s'], m: ['kv.m', 'kv.s'] } };
    const entryValue = fc.oneof(
      fc.record({ string_value: fc.option(fc.constantFrom('x', '')), int_value: fc.option(fc.integer({ min: -2, max: 2 })) }, { requiredKeys: [] }),
      fc.constantFrom(null, 'raw', 3),
    );
    const entries = fc.array(fc.oneof(fc.record({ key: fc.constantFrom('s', 'm', 'a', 'b'), value: entryValue }), fc.constantFrom(null, 'x', 7)), { maxLength: 4 });
    const kvEvent = fc.record(
      {
        kv: fc.oneof(entries, fc.constantFrom(null, 'x', { s: 'in an object' })),
        t: fc.option(fc.record({ s: fc.option(fc.constantFrom('t', '')) }, { requiredKeys: [] })),
        'kv.s': fc.constantFrom('flat', null, 5),
        s: fc.constantFrom('own', null),
        props: fc.record({ a: fc.option(fc.constantFrom('p')) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(kvEvent, fc.constantFrom('s', 'm', 'a', 'b', 'kv.s', 'kv.a'), (props, name) => {
        const parsed = JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
        const generated = new FieldLookup(layout);
        expect(generated.accessor(name)(parsed)).toBe(new FieldLookup(layout, { generated: false }).accessor(name)(parsed));
      }),
      { numRuns: 3000 },
    );
    // The key/value paths are inlined (the closures' megamorphic calls are what this avoids).
    expect(new FieldLookup(layout).accessor('m').toString()).toContain('keyValueLookup(p["kv"], "m")');
  });

  it('write only [A-Za-z0-9_$-] keys into their source', () => {
    const hostile = 'a"];throw 1;//';
    const lookup = new FieldLookup({ containers: ['c'] });
    expect(lookup.accessor(hostile).toString()).not.toContain('throw');
    expect(lookup.accessor(hostile)({ [hostile]: 'v' })).toBe('v');
    expect(lookup.accessor('utm_source').toString()).toContain('"utm_source"');
  });

  it('a field named like an Object.prototype member is not a mapped field (it used to throw)', () => {
    const lookup = new FieldLookup({ containers: ['c'], mapped: { s: ['t.s'] }, overrides: {} });
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect(lookup.accessor(name)({})).toBeUndefined();
      expect(lookup.accessor(name)(JSON.parse(`{"c": {"${name}": "v"}}`))).toBe('v');
    }
  });
});
