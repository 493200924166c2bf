// SPEC §2.3 "Meaning", bullet by bullet, through the public surface: rules text →
// parse → check → compiled classifier, and the same verdict from the reference
// evaluation (evaluateValueTest). Each row: the condition after `when`, an event,
// whether the rule holds.

import { describe, expect, it } from 'vitest';
import { OTHERWISE, UNCLASSIFIED } from '../../engine/classify/classifier';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { referenceClassify, validRules, channelOf } from './rules-under-test';

type Row = [condition: string, event: Record<string, unknown>, holds: boolean];

const MISSING = {};
const NULL = { f: null };
const EMPTY = { f: '' };
const NONE = { f: '(none)' };
const X = { f: 'x' };

function table(name: string, rows: Row[], prefix = '', suffix = ''): void {
  describe(name, () => {
    it.each(rows)(`when %s  on %j → %s`, (condition, event, holds) => {
      const rules = validRules(`${prefix}channel "Y"\n  when ${condition}\n${suffix}`);
      expect(rules.checked.rules).toHaveLength(1);
      const expected = holds ? 0 : UNCLASSIFIED;
      expect(rules.classifier.classify(event)).toBe(expected);
      expect(referenceClassify(rules.checked, event)).toBe(expected);
    });
  });
}

table('values: missing, null, "" and "(none)" are four different things', [
  ['f = "(none)"', MISSING, false],
  ['f = "(none)"', NULL, false],
  ['f = "(none)"', EMPTY, false],
  ['f = "(none)"', NONE, true],
  ['f = "(not set)"', MISSING, false],
  ['f = "(direct)"', NULL, false],
  ['f = "EMPTY"', EMPTY, false],
  ['f = "null"', NULL, false],
  ['f = "null"', { f: 'null' }, true],
  ['f = ""', MISSING, false],
  ['f = ""', NULL, false],
  ['f = ""', EMPTY, true],
  ['f = ""', NONE, false],
  ['f = "x"', X, true],
  ['f = "x"', { f: 'X' }, false],
  ['f = "x"', { f: 'x ' }, false],
]);

table('positive operators hold only for strings', [
  ['f = "x"', MISSING, false],
  ['f = "x"', NULL, false],
  ['f in ["x", "y"]', MISSING, false],
  ['f in ["x", "y"]', NULL, false],
  ['f in ["x", "y"]', { f: 'y' }, true],
  ['f in ["x", "y"]', { f: 'z' }, false],
  ['f contains "oo"', MISSING, false],
  ['f contains "oo"', NULL, false],
  ['f contains "oo"', { f: 'food' }, true],
  ['f contains "oo"', { f: 'fod' }, false],
  ['f starts with "fo"', MISSING, false],
  ['f starts with "fo"', NULL, false],
  ['f starts with "fo"', { f: 'food' }, true],
  ['f starts with "fo"', { f: 'afo' }, false],
  ['f ends with "od"', MISSING, false],
  ['f ends with "od"', NULL, false],
  ['f ends with "od"', { f: 'food' }, true],
  ['f ends with "od"', { f: 'ode' }, false],
  ['f matches /o+/', MISSING, false],
  ['f matches /o+/', NULL, false],
  ['f matches /o+/', { f: 'food' }, true],
  ['f matches /o+/', { f: 'fd' }, false],
  ['f is empty', MISSING, false],
  ['f is empty', NULL, false],
  ['f is empty', EMPTY, true],
  ['f is empty', X, false],
  ['f is empty', { f: ' ' }, false],
]);

table('exists, is missing, is null, is set, is not set', [
  ['f exists', MISSING, false],
  ['f exists', NULL, true],
  ['f exists', EMPTY, true],
  ['f exists', X, true],
  ['f is missing', MISSING, true],
  ['f is missing', NULL, false],
  ['f is missing', EMPTY, false],
  ['f is missing', X, false],
  ['f is null', MISSING, false],
  ['f is null', NULL, true],
  ['f is null', EMPTY, false],
  ['f is null', { f: 'null' }, false],
  ['f is set', MISSING, false],
  ['f is set', NULL, false],
  ['f is set', EMPTY, true],
  ['f is set', NONE, true],
  ['f is not set', MISSING, true],
  ['f is not set', NULL, true],
  ['f is not set', EMPTY, false],
  ['f is not set', NONE, false],
]);

table('negative operators are the exact negation, so they hold for missing and null', [
  ['f != "x"', MISSING, true],
  ['f != "x"', NULL, true],
  ['f != "x"', X, false],
  ['f != "x"', EMPTY, true],
  ['f not in ["x", "y"]', MISSING, true],
  ['f not in ["x", "y"]', NULL, true],
  ['f not in ["x", "y"]', X, false],
  ['f not in ["x", "y"]', { f: 'z' }, true],
  ['f not contains "oo"', MISSING, true],
  ['f not contains "oo"', NULL, true],
  ['f not contains "oo"', { f: 'food' }, false],
  ['f not contains "oo"', { f: 'fd' }, true],
  ['f not starts with "fo"', MISSING, true],
  ['f not starts with "fo"', NULL, true],
  ['f not starts with "fo"', { f: 'food' }, false],
  ['f not ends with "od"', MISSING, true],
  ['f not ends with "od"', NULL, true],
  ['f not ends with "od"', { f: 'food' }, false],
  ['f not matches /o+/', MISSING, true],
  ['f not matches /o+/', NULL, true],
  ['f not matches /o+/', { f: 'food' }, false],
  ['f not matches /o+/', { f: 'fd' }, true],
  ['not f = "x"', MISSING, true],
  ['not f = "x"', NULL, true],
  ['not f = "x"', X, false],
  ['not f exists', MISSING, true],
  ['not f exists', NULL, false],
  ['not f is not set', NULL, false],
  ['not f is not set', EMPTY, true],
  ['not not f = "x"', X, true],
  ['not (f = "x" or g = "y")', { g: 'y' }, false],
  ['not (f = "x" or g = "y")', { g: 'z' }, true],
  ['not (f = "x" and g = "y")', { f: 'x' }, true],
]);

table('and, or, parentheses', [
  ['f = "x" and g = "y"', { f: 'x', g: 'y' }, true],
  ['f = "x" and g = "y"', { f: 'x' }, false],
  ['f = "x" or g = "y"', { g: 'y' }, true],
  ['f = "x" or g = "y" and h = "z"', { f: 'x' }, true],
  ['f = "x" or g = "y" and h = "z"', { g: 'y' }, false],
  ['(f = "x" or g = "y") and h = "z"', { f: 'x' }, false],
  ['(f = "x" or g = "y") and h = "z"', { f: 'x', h: 'z' }, true],
]);

table('regex: found anywhere unless anchored', [
  ['f matches /oo/', { f: 'food' }, true],
  ['f matches /^oo$/', { f: 'food' }, false],
  ['f matches /^food$/', { f: 'food' }, true],
  ['f matches /^fo/', { f: 'food' }, true],
  ['f matches /od$/', { f: 'food' }, true],
  ['f matches /^(.*cp.*|ppc|paid.*)$/', { f: 'cpc' }, true],
  ['f matches /^(.*cp.*|ppc|paid.*)$/', { f: 'organic' }, false],
  ['f matches /./', EMPTY, false],
  ['f matches /^$/', EMPTY, true],
  ['f matches /^.$/', { f: '\u{1F600}' }, true], // the u flag: one code point
  ['f matches /^a.c$/', { f: 'a\nc' }, false],
  ['f matches /\\d{3}/', { f: 'ab123' }, true],
  ['f matches /^\\w+$/', { f: 'é' }, false],
  ['f matches /GOOGLE/i', { f: 'google' }, true],
  ['f matches /GOOGLE/', { f: 'google' }, false],
  ['f matches /\\bgo\\b/', { f: 'let go now' }, true],
  ['f matches /\\//', { f: 'a/b' }, true],
]);

table('empty lists and strings', [
  ['f in []', MISSING, false],
  ['f in []', NULL, false],
  ['f in []', EMPTY, false],
  ['f in []', X, false],
  ['f not in []', MISSING, true],
  ['f not in []', NULL, true],
  ['f not in []', X, true],
  ['f contains ""', EMPTY, true],
  ['f contains ""', X, true],
  ['f contains ""', MISSING, false],
  ['f contains ""', NULL, false],
  ['f starts with ""', EMPTY, true],
  ['f starts with ""', X, true],
  ['f starts with ""', NULL, false],
  ['f ends with ""', X, true],
  ['f ends with ""', MISSING, false],
  ['f not contains ""', X, false],
  ['f not contains ""', MISSING, true],
]);

table('numbers, booleans, arrays and objects as values', [
  ['f = "1"', JSON.parse('{"f": 1.0}'), true],
  ['f = "1.0"', JSON.parse('{"f": 1.0}'), false],
  ['f = "1.5"', { f: 1.5 }, true],
  ['f = "-3"', { f: -3 }, true],
  ['f = "1e+21"', JSON.parse('{"f": 1e21}'), true],
  ['f = "12345"', { f: 12345 }, true],
  ['f in ["12345"]', { f: 12345 }, true],
  ['f starts with "12"', { f: 12345 }, true],
  ['f = "true"', { f: true }, true],
  ['f = "false"', { f: false }, true],
  ['f = "True"', { f: true }, false],
  ['f is set', { f: 0 }, true],
  ['f = "[1,\\"a\\"]"', { f: [1, 'a'] }, true],
  ['f = "[]"', { f: [] }, true],
  ['f contains "\\"a\\""', { f: ['a', 'b'] }, true],
  ['f exists', { f: { a: 1 } }, false],
  ['f is missing', { f: { a: 1 } }, true],
  ['f is not set', { f: { a: 1 } }, true],
  ['f.a = "1"', { f: { a: 1 } }, true],
]);

table('dotted fields and backticks', [
  ['a.b = "x"', { a: { b: 'x' } }, true],
  ['a.b = "x"', { 'a.b': 'x' }, true],
  ['a.b = "x"', { a: 'x' }, false],
  ['a.b.c = "x"', { a: { 'b.c': 'x' } }, true],
  ['a exists', { a: { b: 'x' } }, false],
  ['`a.b`.c = "x"', { a: { b: { c: 'x' } } }, true],
  ['`a.b`.c = "x"', { 'a.b.c': 'x' }, true],
  ['`[Amplitude] Page Counter` = "3"', { '[Amplitude] Page Counter': 3 }, true],
  ['`in` = "x"', { in: 'x' }, true],
  ['`utm source` = "x"', { 'utm source': 'x' }, true],
  ['`utm source` = "x"', { utm_source: 'x' }, false],
  ['$x-y_z = "v"', { '$x-y_z': 'v' }, true],
]);

table('event_properties / user_properties aliases; a top-level key wins even when null', [
  ['utm_source = "e"', { event_properties: { utm_source: 'e' } }, true],
  ['utm_source = "u"', { user_properties: { utm_source: 'u' } }, true],
  ['utm_source = "e"', { event_properties: { utm_source: 'e' }, user_properties: { utm_source: 'u' } }, true],
  ['utm_source = "u"', { event_properties: { utm_source: 'e' }, user_properties: { utm_source: 'u' } }, false],
  ['utm_source = "e"', { utm_source: null, event_properties: { utm_source: 'e' } }, false],
  ['utm_source is null', { utm_source: null, event_properties: { utm_source: 'e' } }, true],
  ['utm_source = "t"', { utm_source: 't', event_properties: { utm_source: 'e' } }, true],
  ['utm_source exists', { event_properties: { other: 'e' } }, false],
  ['event_properties.utm_source = "e"', { event_properties: { utm_source: 'e' } }, true],
  ['utm_source is null', { event_properties: { utm_source: null }, user_properties: { utm_source: 'u' } }, true],
]);

table('derived referring_domain', [
  ['referring_domain = "google.com"', { referrer: 'https://www.Google.com/search?q=a' }, true],
  ['referring_domain = "www.google.com"', { referrer: 'https://www.google.com/' }, false],
  ['referring_domain ends with ".google.com"', { referrer: 'https://news.google.com/' }, true],
  ['referring_domain is missing', { referrer: 'not a url' }, true],
  ['referring_domain is missing', { referrer: null }, true],
  ['referring_domain is missing', {}, true],
  ['referring_domain = "b.org"', { event_properties: { referrer: 'http://b.org/x' } }, true],
  ['referring_domain = "x.com"', { referring_domain: 'x.com', referrer: 'https://y.com/' }, true],
  ['referring_domain is null', { referring_domain: null, referrer: 'https://y.com/' }, true],
  ['referring_domain = "z.com"', { user_properties: { referring_domain: 'z.com' }, referrer: 'https://y.com/' }, true],
]);

table('ignoring case is Unicode simple case folding (JavaScript iu)', [
  ['f = "google" ignoring case', { f: 'GOOGLE' }, true],
  ['f = "google"', { f: 'GOOGLE' }, false],
  ['f = "google" matching case', { f: 'GOOGLE' }, false],
  ['f = "ß" ignoring case', { f: '\u1e9e' }, true], // ẞ capital sharp s
  ['f = "STRASSE" ignoring case', { f: 'straße' }, false], // no full folding
  ['f = "ss" ignoring case', { f: 'ß' }, false],
  ['f = "i" ignoring case', { f: 'ı' }, false], // Turkish dotless i
  ['f = "I" ignoring case', { f: 'ı' }, false],
  ['f = "i" ignoring case', { f: 'İ' }, false],
  ['f = "σ" ignoring case', { f: 'ς' }, true], // Greek final sigma
  ['f = "σ" ignoring case', { f: 'Σ' }, true],
  ['f = "ς" ignoring case', { f: 'Σ' }, true],
  ['f = "k" ignoring case', { f: '\u212a' }, true], // Kelvin sign
  ['f = "K" ignoring case', { f: '\u212a' }, true],
  ['f = "k"', { f: '\u212a' }, false],
  ['f in ["Google", "Bing"] ignoring case', { f: 'bING' }, true],
  ['f in ["k"] ignoring case', { f: '\u212a' }, true],
  ['f not in ["Google"] ignoring case', { f: 'google' }, false],
  ['f != "A" ignoring case', { f: 'a' }, false],
  ['f contains "SS" ignoring case', { f: 'maße' }, false],
  ['f contains "OOG" ignoring case', { f: 'google' }, true],
  ['f contains "σ" ignoring case', { f: 'ΟΔΟΣ' }, true],
  ['f starts with "Σ" ignoring case', { f: 'ςx' }, true],
  ['f ends with "K" ignoring case', { f: 'x\u212a' }, true],
  ['f ends with "𐐀" ignoring case', { f: 'a𐐨' }, true], // Deseret, astral
  ['f matches /^σ$/i', { f: 'Σ' }, true],
  ['f matches /^σ$/ ignoring case', { f: 'ς' }, true],
  ['f matches /^k$/i', { f: '\u212a' }, true],
  ['f matches /^\\w$/i', { f: '\u212a' }, true], // \w with iu includes the Kelvin sign
  ['f matches /^\\w$/', { f: '\u212a' }, false],
  ['f is empty', { f: '' }, true],
]);

table(
  '`case insensitive` applies to every comparison, regexes included, unless `matching case`',
  [
    ['f = "ABC"', { f: 'abc' }, true],
    ['f = "ABC" matching case', { f: 'abc' }, false],
    ['f = "ABC" ignoring case', { f: 'abc' }, true],
    ['f != "ABC"', { f: 'abc' }, false],
    ['f in ["ABC"]', { f: 'aBc' }, true],
    ['f in ["ABC"] matching case', { f: 'aBc' }, false],
    ['f contains "B"', { f: 'abc' }, true],
    ['f starts with "A"', { f: 'abc' }, true],
    ['f ends with "C"', { f: 'abc' }, true],
    ['f matches /abc/', { f: 'ABC' }, true],
    ['f matches /abc/ matching case', { f: 'ABC' }, false],
    ['f matches /abc/i', { f: 'ABC' }, true],
    ['f = "ς"', { f: 'Σ' }, true],
    ['f = "x"', MISSING, false],
    ['f != "x"', NULL, true],
  ],
  'case insensitive\n',
);

table(
  'lists declared anywhere',
  [
    ['f in later', { f: 'b' }, true],
    ['f in later', { f: 'B' }, false],
    ['f in later ignoring case', { f: 'B' }, true],
    ['f not in later', { f: 'c' }, true],
    ['f not in later', MISSING, true],
  ],
  '',
  'list later = ["a", "b"]\n',
);

describe('order, blocks, otherwise', () => {
  it('a list may be declared after its use', () => {
    const rules = validRules('channel "Y"\n  when f in later\nlist later = ["a", "b"]\n');
    expect(channelOf(rules, { f: 'b' })).toBe('Y');
  });

  const text = [
    'channel "Paid"',
    '  when medium = "cpc"',
    'channel "Email"',
    '  when medium = "email"',
    '  when source contains "newsletter"',
    'channel "Paid"',
    '  when gclid exists',
    'channel "Social"',
    '  when medium = "social"',
    '  when medium = "cpc"',
    '',
  ].join('\n');

  it('a channel may appear in two blocks; its rules keep their places', () => {
    const rules = validRules(text);
    expect(rules.checked.channels).toEqual(['Paid', 'Email', 'Social']);
    expect(rules.checked.rules.map((rule) => [rule.channel, rule.line])).toEqual([
      ['Paid', 2],
      ['Email', 4],
      ['Email', 5],
      ['Paid', 7],
      ['Social', 9],
      ['Social', 10],
    ]);
    expect(rules.classifier.classify({ gclid: null })).toBe(3);
    expect(channelOf(rules, { gclid: 'abc' })).toBe('Paid');
  });

  it('the first rule that holds wins, across blocks', () => {
    const rules = validRules(text);
    expect(rules.classifier.classify({ medium: 'cpc' })).toBe(0);
    expect(rules.classifier.classify({ source: 'newsletter', gclid: 'x' })).toBe(2);
    expect(rules.classifier.classify({ medium: 'social', gclid: 'x' })).toBe(3);
  });

  it('without otherwise an event no rule matches is unclassified', () => {
    const rules = validRules(text);
    expect(rules.classifier.classify({ medium: 'organic' })).toBe(UNCLASSIFIED);
    expect(rules.classifier.channelOf(UNCLASSIFIED)).toBeNull();
  });

  it('otherwise gives its channel to events no rule matches, wherever it is written', () => {
    const rules = validRules(`otherwise "Unassigned"\n${text}`);
    expect(rules.classifier.classify({ medium: 'organic' })).toBe(OTHERWISE);
    expect(rules.classifier.channelOf(OTHERWISE)).toBe('Unassigned');
    expect(channelOf(rules, { medium: 'cpc' })).toBe('Paid');
    expect(rules.checked.channels).toEqual(['Unassigned', 'Paid', 'Email', 'Social']);
    const after = validRules(`${text}otherwise "Unassigned"\n`);
    expect(after.checked.channels).toEqual(['Paid', 'Email', 'Social', 'Unassigned']);
    expect(after.checked.otherwise?.line).toBe(11);
  });

  it('the otherwise channel may also be a rule channel', () => {
    const rules = validRules('channel "A"\n  when f = "x"\notherwise "A"\n');
    expect(rules.checked.channels).toEqual(['A']);
    expect(channelOf(rules, {})).toBe('A');
  });

  it('reads each field at most once per event', () => {
    const rules = validRules(
      'channel "A"\n  when f = "1" and g = "2"\n  when f = "3" or g = "4"\nchannel "B"\n  when f contains "z" and not g exists\n',
    );
    const reads = new Map<string, number>();
    const event = new Proxy({ f: 'q', g: 'r' } as Record<string, unknown>, {
      get(target, key) {
        if (typeof key === 'string') reads.set(key, (reads.get(key) ?? 0) + 1);
        return target[key as string];
      },
    });
    const lazy = compileClassifier(rules.checked, undefined, { memo: false });
    expect(lazy.classify(event)).toBe(UNCLASSIFIED);
    expect(reads.get('f')).toBe(1);
    expect(reads.get('g')).toBe(1);
    // With the memo: a miss reads each field for the key, then the rules read again; a hit reads each once.
    reads.clear();
    expect(rules.classifier.classify(event)).toBe(UNCLASSIFIED);
    expect(reads.get('f')).toBe(2);
    reads.clear();
    expect(rules.classifier.classify(event)).toBe(UNCLASSIFIED);
    expect(reads.get('f')).toBe(1);
    expect(reads.get('g')).toBe(1);
  });

  it('reads a field only when a rule needs it (without the memo, which reads each field once)', () => {
    const rules = validRules('channel "A"\n  when f = "1"\n  when g = "2"\n');
    const lazy = compileClassifier(rules.checked, undefined, { memo: false });
    const reads: string[] = [];
    const event = new Proxy({ f: '1', g: '2' } as Record<string, unknown>, {
      get(target, key) {
        if (typeof key === 'string') reads.push(key);
        return target[key as string];
      },
    });
    expect(lazy.classify(event)).toBe(0);
    expect(reads).not.toContain('g');
    reads.length = 0;
    expect(rules.classifier.classify(event)).toBe(0);
    expect(reads).toEqual(['f', 'g', 'f']);
    reads.length = 0;
    expect(rules.classifier.classify(event)).toBe(0);
    expect(reads).toEqual(['f', 'g']);
  });
});
