// Random events written in every source system's shape (bench/source-shapes, the
// writers of examples/sources/) give exactly the report and the classification of
// the same events written plain (SPEC §3.2: a system's mapping is §3's reading of its
// records). Rules test every canonical field, event_type, a property and
// exists / is null, so missing and null must come through each mapping as they are.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHAPE_WRITERS, sessionIdFor, type NeutralEvent } from '../../bench/source-shapes';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import type { SourceSystemId } from '../../engine/events/event-source';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { parseChannels } from '../../grammar/parse';

const RULES = `
channel "Paid"
  when gclid is set
  when utm_medium in ["cpc", "ppc"] and utm_term exists
channel "Email"
  when utm_medium = "email" or utm_source matches /mail/
channel "Null campaign"
  when utm_campaign is null
channel "Campaign"
  when utm_campaign is set and utm_content is missing
channel "Content"
  when utm_content = "banner" or utm_content is null
channel "Social"
  when referring_domain in ["t.co", "facebook.com"]
channel "Null domain"
  when referring_domain is null
channel "Referral"
  when referrer is set
channel "Null referrer"
  when referrer exists
channel "Pro"
  when plan = "pro" and event_type != "purchase"
channel "Views"
  when event_type = "Page View"
`;
const classifier = compileClassifier(checkRules(parseChannels(RULES), RULES));

const SYSTEMS: SourceSystemId[] = ['amplitude', 'ga4', 'segment', 'snowplow', 'mixpanel', 'posthog'];
/** Systems whose records carry a session id (SPEC §3.2); the others use the timeout. */
const WITH_SESSIONS: readonly SourceSystemId[] = ['amplitude', 'ga4', 'snowplow', 'posthog'];

const optional = (values: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: values });

const START = Date.parse('2024-03-01T00:00:00Z');

const eventArbitrary = fc.record({
  user: fc.constantFrom('u1', 'u2', '12345', 'u-ß'),
  // Whole seconds now and then (Mixpanel writes those as seconds).
  offset: fc.oneof(fc.integer({ min: 0, max: 3 * 86_400_000 }), fc.integer({ min: 0, max: 259_200 }).map((s) => s * 1000)),
  micros: fc.integer({ min: 0, max: 999 }),
  type: fc.constantFrom('Page View', 'purchase', 'Add to Cart'),
  session: fc.integer({ min: 0, max: 3 }),
  utm_source: optional(fc.constantFrom('google', 'mailchimp', '', '(direct)')),
  utm_medium: optional(fc.constantFrom('cpc', 'email', 'referral', 'CPC')),
  utm_campaign: optional(fc.constantFrom('spring', 'brand')),
  utm_term: optional(fc.constantFrom('shoes', '')),
  utm_content: optional(fc.constantFrom('banner', 'text')),
  referrer: optional(fc.constantFrom('https://t.co/x', 'https://www.Facebook.com/', 'https://bing.com/search?q=x', 'android-app://com.x/', 'nope')),
  referring_domain: optional(fc.constantFrom('t.co', 'news.example.org')),
  gclid: optional(fc.constantFrom('Cj0KCQ', '')),
  plan: fc.option(fc.constantFrom('pro', 'free'), { nil: undefined }),
});
type RandomEvent = typeof eventArbitrary extends fc.Arbitrary<infer T> ? T : never;

const CANONICAL = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'referrer', 'referring_domain', 'gclid'] as const;

function neutral(events: RandomEvent[], system: SourceSystemId, sessions: boolean): NeutralEvent[] {
  return events.map((event, index) => {
    const fields: Record<string, string | null> = {};
    for (const name of CANONICAL) if (event[name] !== undefined) fields[name] = event[name];
    const start = START + event.session * 3_600_000;
    return {
      user: event.user,
      time: START + event.offset,
      micros: event.micros,
      type: event.type,
      ...(sessions ? { session: { id: sessionIdFor(system, start, event.session), start } } : {}),
      fields,
      ...(event.plan === undefined ? {} : { properties: { plan: event.plan } }),
      index,
    };
  });
}

/** Plain events keep milliseconds only: systems with microseconds truncate to the same. */
async function reportOf(records: Array<Record<string, unknown>>) {
  const text = records.map((record) => JSON.stringify(record)).join('\n');
  const result = await runReport({
    source: { text, format: 'ndjson' },
    classifier,
    settings: parseReportSettings({ lookback: '1d', conversion: 'purchase' }),
    collectClassified: true,
  });
  return { result, channels: result.classified!.map((event) => [event.line, event.channel]) };
}

describe('every system\'s shape reads as the plain events it was written from', () => {
  it.each(SYSTEMS)('%s', async (system) => {
    const sessions = WITH_SESSIONS.includes(system);
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary, { minLength: 1, maxLength: 25 }), async (events) => {
        const plain = await reportOf(neutral(events, system, sessions).map(SHAPE_WRITERS.plain));
        const shaped = await reportOf(neutral(events, system, sessions).map(SHAPE_WRITERS[system]));
        expect(shaped.result.eventFields.system.id).toBe(system);
        expect(shaped.result.skippedCount).toBe(0);
        expect(shaped.channels).toEqual(plain.channels);
        expect(shaped.result.report).toEqual(plain.result.report);
      }),
      { numRuns: 60 },
    );
  });
});
