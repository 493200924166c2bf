// One event written as each source system's export writes it (SPEC §3.2), from a
// neutral description: the shapes of examples/sources/, of the benchmark's
// "GA4-shaped NDJSON" and of the property tests that hold every system's mapping to
// the plain reading (test/events/source-systems.property.test.ts). Each writer
// follows its vendor's documented export format (see docs/events-and-reports.md);
// the boilerplate around the fields that matter (ids, device, library) is made up
// but shaped like the real thing, so the samples read like real exports.

import type { SourceSystemId } from '../engine/events/sources/source-system';

/** An event before it is written in some system's shape. */
export interface NeutralEvent {
  user: string;
  /** Epoch milliseconds. */
  time: number;
  /** Extra microseconds (0–999) for the systems that keep them (GA4, Amplitude, PostHog). */
  micros?: number;
  type: string;
  /** The session it belongs to, for the systems that carry one; absent: none. */
  session?: { id: string; start: number };
  /** Canonical fields (utm_source … gclid, referrer, referring_domain); null is JSON null. */
  fields: Readonly<Record<string, string | null>>;
  /** Other properties (strings). */
  properties?: Readonly<Record<string, string>>;
  /** A small number making ids unique (the event's position). */
  index: number;
}

export type ShapeWriter = (event: NeutralEvent) => Record<string, unknown>;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function hex(seed: number, length: number): string {
  let out = '';
  let state = (seed * 2654435761) >>> 0;
  while (out.length < length) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    out += state.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

function uuid(seed: number): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** `2024-01-01 10:00:00.123456` (Amplitude: UTC, microseconds). */
function amplitudeTime(ms: number, micros = 0): string {
  const text = iso(ms);
  return `${text.slice(0, 10)} ${text.slice(11, 23)}${pad(micros, 3)}`;
}

/** `2024-01-01T10:00:00.123456+00:00` (PostHog). */
function posthogTime(ms: number, micros = 0): string {
  return `${iso(ms).slice(0, 23)}${pad(micros, 3)}+00:00`;
}

function has(event: NeutralEvent, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(event.fields, field);
}

/** `fields` entries named in `names`, renamed by `rename`, in the order given. */
function pick(event: NeutralEvent, names: Readonly<Record<string, string>>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [field, key] of Object.entries(names)) if (has(event, field)) out[key] = event.fields[field]!;
  return out;
}

const UTM_KEYS = { utm_source: 'utm_source', utm_medium: 'utm_medium', utm_campaign: 'utm_campaign', utm_term: 'utm_term', utm_content: 'utm_content' };

export const plainShape: ShapeWriter = (event) => ({
  user_id: event.user,
  time: iso(event.time),
  event_type: event.type,
  ...(event.session === undefined ? {} : { session_id: event.session.id }),
  ...event.fields,
  ...event.properties,
});

export const amplitudeShape: ShapeWriter = (event) => ({
  $insert_id: uuid(event.index * 7 + 1),
  amplitude_id: 100000000 + (hashOf(event.user) % 900000000),
  app: 512345,
  city: 'Berlin',
  country: 'Germany',
  device_id: uuid(hashOf(event.user)),
  device_family: 'Mac',
  event_id: event.index,
  event_properties: { ...pick(event, { ...UTM_KEYS, referrer: 'referrer', referring_domain: 'referring_domain', gclid: 'gclid' }), ...event.properties },
  event_time: amplitudeTime(event.time, event.micros),
  client_event_time: amplitudeTime(event.time, event.micros),
  server_upload_time: amplitudeTime(event.time + 1234),
  event_type: event.type,
  language: 'English',
  os_name: 'Chrome',
  platform: 'Web',
  session_id: event.session === undefined ? -1 : event.session.start,
  user_id: event.user,
  user_properties: { initial_referring_domain: 'EMPTY' },
  uuid: uuid(event.index * 7 + 2),
});

/**
 * A GA4 key/value entry: strings as string_value, integers as int_value (BigQuery's
 * JSON export writes INT64 as a string and leaves NULL columns out).
 */
function param(key: string, value: string | number | null): Record<string, unknown> {
  const typed = value === null ? {} : typeof value === 'number' ? { int_value: String(value) } : { string_value: value };
  return { key, value: typed };
}

/**
 * A plausible GA4 default channel group of an event's traffic (what GA4 itself would
 * put in `session_traffic_source_last_click`): another tool's answer, for comparison.
 */
export function ga4DefaultChannel(event: NeutralEvent): string {
  const medium = event.fields.utm_medium;
  const domain = event.fields.referring_domain ?? event.fields.referrer ?? '';
  if (medium === 'email') return 'Email';
  if (medium === 'paid social') return 'Paid Social';
  if (medium === 'paid search') return 'Paid Search';
  if (/twitter|facebook|linkedin/.test(domain)) return 'Organic Social';
  if (/google|bing/.test(domain)) return 'Organic Search';
  return 'Direct';
}

/** A session's traffic as GA4 writes it in `session_traffic_source_last_click`. */
export interface Ga4SessionTraffic {
  source: string;
  medium: string;
  campaign_name: string;
  default_channel_group: string;
}

/**
 * GA4's source, medium and campaign name of the session an event starts, with its
 * default channel group: the UTM tags when there are any (an absent tag is GA4's
 * "(not set)"), else a search engine's name / "organic", a referring host /
 * "referral", or "(direct)" / "(none)"; the campaign name of untagged traffic is
 * GA4's "(organic)", "(referral)" or "(direct)".
 */
export function ga4SessionTraffic(event: NeutralEvent): Ga4SessionTraffic {
  const { utm_source, utm_medium, utm_campaign } = event.fields;
  const default_channel_group = ga4DefaultChannel(event);
  if (utm_source != null || utm_medium != null || utm_campaign != null) {
    return { source: utm_source ?? '(not set)', medium: utm_medium ?? '(not set)', campaign_name: utm_campaign ?? '(not set)', default_channel_group };
  }
  const referrer = event.fields.referrer;
  const host = referrer == null ? undefined : new URL(referrer).hostname.replace(/^www\./, '');
  if (host === undefined) return { source: '(direct)', medium: '(none)', campaign_name: '(direct)', default_channel_group };
  const engine = /google|bing/.exec(host);
  if (engine !== null) return { source: engine[0], medium: 'organic', campaign_name: '(organic)', default_channel_group };
  return { source: host, medium: 'referral', campaign_name: '(referral)', default_channel_group };
}

/** `sessionTraffic`: GA4's own source, medium, campaign and channel of the event's session, written as the export has them. */
export function ga4Shape(options: { sessionTraffic?: (event: NeutralEvent) => Ga4SessionTraffic } = {}): ShapeWriter {
  return (event) => {
    const params: Array<Record<string, unknown>> = [
      param('page_location', `https://shop.example.com${event.properties?.page_path ?? '/'}`),
    ];
    if (has(event, 'referrer')) params.push(param('page_referrer', event.fields.referrer!));
    if (event.session !== undefined) {
      // ga_session_id is the session's start in epoch seconds, an INT64.
      params.push(param('ga_session_id', Number(event.session.id)));
      params.push(param('ga_session_number', 1));
    }
    params.push(param('engaged_session_event', 1));
    for (const [field, key] of Object.entries({ referring_domain: 'referring_domain' })) {
      if (has(event, field)) params.push(param(key, event.fields[field]!));
    }
    for (const [key, value] of Object.entries(event.properties ?? {})) if (key !== 'page_path') params.push(param(key, value));
    const traffic = pick(event, {
      utm_source: 'manual_source',
      utm_medium: 'manual_medium',
      utm_campaign: 'manual_campaign_name',
      utm_term: 'manual_term',
      utm_content: 'manual_content',
      gclid: 'gclid',
    });
    const micros = BigInt(event.time) * 1000n + BigInt(event.micros ?? 0);
    const record: Record<string, unknown> = {
      event_date: iso(event.time).slice(0, 10).replace(/-/g, ''),
      event_timestamp: String(micros),
      event_name: event.type,
      event_params: params,
      event_bundle_sequence_id: String(event.index + 1),
      user_id: event.user,
      user_pseudo_id: `${hashOf(event.user)}.${Math.floor(event.time / 1000) - 86_400 * 30}`,
      user_properties: [],
      device: { category: 'desktop', operating_system: 'Macintosh', web_info: { browser: 'Chrome', hostname: 'shop.example.com' } },
      geo: { country: 'Germany', city: 'Berlin' },
      platform: 'WEB',
      stream_id: '4178349201',
      collected_traffic_source: Object.keys(traffic).length === 0 ? null : traffic,
    };
    if (options.sessionTraffic !== undefined) {
      const { source, medium, campaign_name, default_channel_group } = options.sessionTraffic(event);
      // No Google Ads, SA360, DV360 or CM360 click, so the cross-channel record is the manual one plus the channel groups.
      record.session_traffic_source_last_click = {
        manual_campaign: { campaign_name, source, medium },
        cross_channel_campaign: { campaign_name, source, medium, default_channel_group, primary_channel_group: default_channel_group },
      };
    }
    return record;
  };
}

export const segmentShape: ShapeWriter = (event) => {
  const campaign = pick(event, { utm_source: 'source', utm_medium: 'medium', utm_campaign: 'name', utm_term: 'term', utm_content: 'content' });
  const page: Record<string, unknown> = { path: event.properties?.page_path ?? '/', url: `https://shop.example.com${event.properties?.page_path ?? '/'}` };
  if (has(event, 'referrer')) page.referrer = event.fields.referrer;
  return {
    anonymousId: uuid(hashOf(event.user)),
    context: {
      ...(Object.keys(campaign).length === 0 ? {} : { campaign }),
      ip: '203.0.113.7',
      library: { name: 'analytics.js', version: '2.11.1' },
      page,
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    },
    event: event.type,
    messageId: `ajs-${hex(event.index * 7 + 3, 32)}`,
    properties: { ...pick(event, { referring_domain: 'referring_domain', gclid: 'gclid' }), ...event.properties },
    receivedAt: iso(event.time + 310),
    sentAt: iso(event.time + 120),
    timestamp: iso(event.time),
    type: 'track',
    userId: event.user,
  };
};

export const snowplowShape: ShapeWriter = (event) => ({
  app_id: 'shop',
  platform: 'web',
  collector_tstamp: iso(event.time + 250),
  derived_tstamp: iso(event.time),
  dvce_created_tstamp: iso(event.time),
  event: 'unstruct',
  event_id: uuid(event.index * 7 + 4),
  event_vendor: 'com.example',
  event_name: event.type,
  event_format: 'jsonschema',
  event_version: '1-0-0',
  name_tracker: 'sp',
  v_tracker: 'js-3.17.0',
  user_id: event.user,
  domain_userid: uuid(hashOf(event.user)),
  domain_sessionidx: 1,
  ...(event.session === undefined ? {} : { domain_sessionid: event.session.id }),
  network_userid: uuid(hashOf(event.user) + 1),
  page_url: `https://shop.example.com${event.properties?.page_path ?? '/'}`,
  page_urlhost: 'shop.example.com',
  ...pick(event, {
    referrer: 'page_referrer',
    referring_domain: 'refr_urlhost',
    utm_medium: 'mkt_medium',
    utm_source: 'mkt_source',
    utm_term: 'mkt_term',
    utm_content: 'mkt_content',
    utm_campaign: 'mkt_campaign',
    gclid: 'gclid',
  }),
  // Snowplow's own columns for a page path and a transaction; anything else as is.
  ...Object.fromEntries(Object.entries(event.properties ?? {}).map(([key, value]) => [SNOWPLOW_COLUMNS[key] ?? key, value])),
});

const SNOWPLOW_COLUMNS: Readonly<Record<string, string>> = { page_path: 'page_urlpath', order_id: 'tr_orderid', revenue: 'tr_total' };

export const mixpanelShape: ShapeWriter = (event) => ({
  event: event.type,
  properties: {
    // Seconds, as Mixpanel's export writes them; milliseconds when the time has them.
    time: event.time % 1000 === 0 ? event.time / 1000 : event.time,
    distinct_id: event.user,
    $distinct_id_before_identity: `$device:${uuid(hashOf(event.user))}`,
    $insert_id: hex(event.index * 7 + 5, 16),
    $user_id: event.user,
    $browser: 'Chrome',
    $current_url: `https://shop.example.com${event.properties?.page_path ?? '/'}`,
    $lib_version: '2.48.1',
    $os: 'Mac OS X',
    mp_lib: 'web',
    ...pick(event, {
      ...UTM_KEYS,
      referrer: '$referrer',
      referring_domain: '$referring_domain',
      gclid: 'gclid',
    }),
    ...event.properties,
  },
});

export const posthogShape: ShapeWriter = (event) => ({
  uuid: uuid(event.index * 7 + 6),
  event: event.type,
  distinct_id: event.user,
  timestamp: posthogTime(event.time, event.micros),
  properties: {
    $browser: 'Chrome',
    $current_url: `https://shop.example.com${event.properties?.page_path ?? '/'}`,
    $device_type: 'Desktop',
    $lib: 'web',
    $lib_version: '1.96.1',
    $os: 'Mac OS X',
    ...(event.session === undefined ? {} : { $session_id: event.session.id }),
    ...pick(event, { ...UTM_KEYS, referrer: '$referrer', referring_domain: '$referring_domain', gclid: 'gclid' }),
    ...event.properties,
  },
  person_properties: { email: `${event.user}@example.com` },
  elements_chain: '',
  created_at: posthogTime(event.time + 400),
});

export const SHAPE_WRITERS: Readonly<Record<SourceSystemId, ShapeWriter>> = {
  plain: plainShape,
  amplitude: amplitudeShape,
  ga4: ga4Shape(),
  segment: segmentShape,
  snowplow: snowplowShape,
  mixpanel: mixpanelShape,
  posthog: posthogShape,
};

/** A session id in each system's own form, from the session's start and a number. */
export function sessionIdFor(system: SourceSystemId, start: number, n: number): string {
  switch (system) {
    case 'ga4':
      return String(Math.floor(start / 1000));
    case 'amplitude':
      return String(start);
    case 'snowplow':
    case 'posthog':
      return uuid(n * 7919 + 17);
    default:
      return `s${n}`;
  }
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
