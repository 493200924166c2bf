// Completion's field names on a source system's sample (SPEC §3.2): the raw flattened
// paths, GA4's key/value entries, the container keys without prefix and the canonical
// fields the system maps, each with the values the rules would see.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventFieldsFor } from '../../engine/events/event-source';
import { fieldNamesOf, SampleProfiler } from '../../engine/language/sample-profile';

const SOURCES = path.join(__dirname, '..', '..', 'examples', 'sources');
const records = (file: string) =>
  readFileSync(path.join(SOURCES, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('field names of a GA4 export', () => {
  const events = records('ga4-bigquery-export.ndjson');
  const { lookup } = eventFieldsFor(events[0]);

  it('offers raw paths, event_params entries, their unprefixed keys and the canonical fields', () => {
    const names = fieldNamesOf(events[0]!, lookup);
    for (const name of [
      'event_name',
      'collected_traffic_source.manual_medium',
      'session_traffic_source_last_click.cross_channel_campaign.default_channel_group',
      'event_params.page_referrer',
      'page_referrer',
      'ga_session_id',
      'utm_medium',
      'referrer',
      'referring_domain',
      'event_type',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('profiles the values the rules see', () => {
    const profiler = new SampleProfiler({ lookup });
    for (const event of events) profiler.add(event);
    const profile = profiler.finish();
    expect(profile.fields.get('utm_medium')?.values.map((value) => value.value).sort()).toEqual(['email', 'paid social']);
    expect(profile.fields.get('referring_domain')?.values.map((value) => value.value).sort()).toEqual(['bing.com', 'google.com', 'twitter.com']);
    expect(profile.fields.get('event_type')?.values.map((value) => value.value).sort()).toEqual(['Page View', 'Purchase']);
  });
});

describe('field names of plain events', () => {
  it('a flattened event_properties.plan column is offered as plan too', () => {
    expect(fieldNamesOf({ user_id: 'u', 'event_properties.plan': 'pro' })).toEqual(['user_id', 'event_properties.plan', 'plan']);
  });

  it('a Segment context.traits key is offered without its prefix', () => {
    const record = records('segment-tracks.ndjson')[0]!;
    const { lookup } = eventFieldsFor(record);
    const names = fieldNamesOf({ ...record, context: { ...(record.context as object), traits: { email: 'x@example.com' } } }, lookup);
    expect(names).toContain('email');
    expect(names).toContain('context.campaign.medium');
    expect(names).toContain('utm_medium');
  });
});
