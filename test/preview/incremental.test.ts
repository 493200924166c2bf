// The two shortcuts the preview takes to update within a keystroke must never change
// a result: events reduced to the fields the rules test (resolved-fields) classify
// like the originals, and a run that reuses the previous run's results for the
// unchanged leading rules gives what a fresh run gives.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NEVER_CANCELLED } from '../../engine/cancellation';
import { compileRules, reportSettings, runPreview, unchangedPrefix, type PreviousRun } from '../../engine/preview/preview-run';
import { DEFAULT_PREVIEW_OPTIONS } from '../../engine/preview/protocol';
import { ResolvedFields } from '../../engine/preview/resolved-fields';
import { loadSample } from '../../engine/preview/sample';

const ROOT = path.join(__dirname, '..', '..');
const GA4_RULES = readFileSync(path.join(ROOT, 'examples', 'ga4-default.channels'), 'utf8');
const GA4_EVENTS = path.join(ROOT, 'examples', 'ga4-sample.ndjson');
const settings = reportSettings({ ...DEFAULT_PREVIEW_OPTIONS });

describe('resolved fields', () => {
  it('classify every GA4 sample event like the original event', async () => {
    const sample = await loadSample(1, { kind: 'path', path: GA4_EVENTS }, 'ga4-sample.ndjson');
    const { classifier, checked } = compileRules(GA4_RULES, 'ga4-default.channels');
    sample.resolved.ensure(checked.fields);
    expect(sample.props.length).toBeGreaterThan(1000);
    sample.props.forEach((props, i) => expect(classifier.classify(sample.resolved.events[i]!)).toBe(classifier.classify(props)));
  });

  it('classify random events like the originals (nesting, aliases, null, numbers, referrers)', () => {
    const rules = [
      'channel "A"',
      '  when `a.b` = "x" or referring_domain ends with "example.com"',
      'channel "B"',
      '  when utm_source is null and referrer is set',
      'channel "C"',
      '  when utm_source in ["1", "true", "[1]"] or event_properties.utm_medium exists',
      'channel "D"',
      '  when `__proto__` is set or a is missing',
    ].join('\n');
    const { classifier, checked } = compileRules(rules, 'r.channels');
    const leaf = fc.oneof(fc.constantFrom('x', '', '1', 'true', 'https://www.example.com/a', 'http://sub.example.com', 'not a url'), fc.constant(null), fc.integer(), fc.boolean(), fc.constant([1]));
    const key = fc.constantFrom('a', 'b', 'a.b', 'utm_source', 'utm_medium', 'referrer', 'referring_domain', '__proto__');
    const object = fc.letrec((tie) => ({
      node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('node')), { maxKeys: 4 }),
    })).node as fc.Arbitrary<Record<string, unknown>>;
    const event = fc.record({ top: object, event_properties: fc.option(object), user_properties: fc.option(object) }).map(({ top, event_properties, user_properties }) => {
      const props: Record<string, unknown> = JSON.parse(JSON.stringify(top));
      if (event_properties !== null) props.event_properties = event_properties;
      if (user_properties !== null) props.user_properties = user_properties;
      return props;
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 20 }), (events) => {
        const resolved = new ResolvedFields(events);
        resolved.ensure(checked.fields);
        events.forEach((props, i) => expect(classifier.classify(resolved.events[i]!)).toBe(classifier.classify(props)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('reusing the previous run', () => {
  it('finds the unchanged leading rules', () => {
    expect(unchangedPrefix(['a', 'b', 'c'], ['a', 'b', 'd'])).toBe(2);
    expect(unchangedPrefix(['a', 'b'], ['a', 'b', 'c'])).toBe(2);
    expect(unchangedPrefix(['a', 'b'], ['x', 'b'])).toBe(0);
  });

  const edits: Array<[string, (text: string) => string]> = [
    ['a value in the last rules', (text) => text.replace(/channel "Mobile Push Notifications"\n(\s*)when/, 'channel "Mobile Push Notifications"\n$1when utm_source = "zzz" or')],
    ['a rule inserted in the middle', (text) => text.replace('channel "Organic Search"', 'channel "Inserted"\n  when utm_medium = "organic"\n\nchannel "Organic Search"')],
    ['the first rule removed', (text) => text.replace(/channel "Direct"\n[^\n]*\n[^\n]*\n/, '')],
    ['a channel renamed only', (text) => text.replace('channel "Referral"', 'channel "Referrals"')],
    ['case insensitive dropped', (text) => text.replace(/^case insensitive\s*$/m, '')],
  ];
  for (const [what, edit] of edits) {
    it(`gives what a fresh run gives after ${what}`, async () => {
      const sample = await loadSample(1, { kind: 'path', path: GA4_EVENTS }, 'ga4-sample.ndjson');
      const before = compileRules(GA4_RULES, 'ga4.channels');
      const first = await runPreview(1, sample, before, settings, { token: NEVER_CANCELLED });
      const previous: PreviousRun = { sampleId: 1, ruleKeys: before.ruleKeys, ruleOf: first.ruleOf.slice() };
      const editedText = edit(GA4_RULES);
      expect(editedText).not.toBe(GA4_RULES);
      const edited = compileRules(editedText, 'ga4.channels');
      const reused = await runPreview(2, sample, edited, settings, { token: NEVER_CANCELLED, previous });
      const fresh = await runPreview(3, sample, edited, settings, { token: NEVER_CANCELLED });
      expect(Array.from(reused.ruleOf)).toEqual(Array.from(fresh.ruleOf));
      expect(reused.report).toEqual(fresh.report);
      expect(fresh.timings.reclassified).toBe(sample.props.length);
    });
  }

  it('classifies again only the events the edit can change', async () => {
    const sample = await loadSample(1, { kind: 'path', path: GA4_EVENTS }, 'ga4-sample.ndjson');
    const before = compileRules(GA4_RULES, 'ga4.channels');
    const first = await runPreview(1, sample, before, settings, { token: NEVER_CANCELLED });
    const edited = compileRules(edits[0]![1](GA4_RULES), 'ga4.channels');
    const reused = await runPreview(2, sample, edited, settings, {
      token: NEVER_CANCELLED,
      previous: { sampleId: 1, ruleKeys: before.ruleKeys, ruleOf: first.ruleOf.slice() },
    });
    expect(reused.timings.reclassified).toBeLessThan(sample.props.length / 2);
  });
});
