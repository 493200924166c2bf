// Random rows of two vendors' warehouse tables, for `compile --from`: GA4 BigQuery export
// rows (as JSON, the way an export is saved and DuckDB reads it) and Snowplow atomic
// events rows. Each comes with the plain event (SPEC §3) that SPEC §3.2's mapping makes of
// it, written here from the SPEC's tables independently of engine/sql/warehouse, so the
// engine's report on the plain events is the expected answer.

import fc from 'fast-check';
import type { EventProps } from '../../../engine/events/event';

// Few users, a short time range: ties, session gaps and conversions at equal times happen.
const users = fc.constantFrom('u1', 'u2', 'u3');
const sources = fc.constantFrom('google', 'news', 'mail', 'x');
const mediums = fc.constantFrom('cpc', 'email', 'referral', 'organic');
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 3 });

// GA4 export rows -------------------------------------------------------------------

interface Ga4Value {
  string_value: string | null;
  int_value: string | number | null;
  float_value: number | string | null;
  double_value: number | string | null;
}
export interface Ga4Row {
  event_timestamp: string | number | null;
  event_name: string;
  user_id: string | null;
  user_pseudo_id: string | null;
  event_params: { key: string; value: Ga4Value }[];
  collected_traffic_source: Record<string, string | null> | null;
  batch_event_index: number;
}

const stringValue = (text: string): Ga4Value => ({ string_value: text, int_value: null, float_value: null, double_value: null });

/** A parameter value of each type: text, an integer (number or digits, as exports write INT64), or a double. */
const paramValue = (text: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 4, arbitrary: text.map(stringValue) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 99 }).chain((n) => fc.constantFrom<Ga4Value>(
      { string_value: null, int_value: n, float_value: null, double_value: null },
      { string_value: null, int_value: String(n), float_value: null, double_value: null },
      { string_value: null, int_value: null, float_value: null, double_value: n },
      { string_value: null, int_value: null, float_value: null, double_value: n + 0.5 },
      // A double written as text (not BigQuery's own, but JSON allows it): a JSON number is read as one, other text as written.
      { string_value: null, int_value: null, float_value: null, double_value: `${n}.50` },
      { string_value: null, int_value: null, float_value: ` ${n} `, double_value: null },
      { string_value: null, int_value: null, float_value: null, double_value: `0x${n}` },
    )) },
  );

const ga4Param = (key: string, value: fc.Arbitrary<Ga4Value>) => value.map((v) => ({ key, value: v }));

const ga4RowArbitrary = fc.record({
  minute: fc.integer({ min: 0, max: 40 }),
  micros: fc.constantFrom(0, 0, 999, 500_123, 59_999_999),
  timeAsText: fc.boolean(),
  noTime: fc.integer({ min: 0, max: 20 }).map((n) => n === 0),
  event_name: fc.constantFrom('page_view', 'page_view', 'purchase', 'sign_up'),
  user_id: maybe(users),
  user_pseudo_id: fc.option(fc.constantFrom('p1', 'p2', 7), { nil: null, freq: 6 }).map((id) => (id === null ? null : String(id))),
  session: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null, freq: 4 }),
  params: fc.tuple(
    fc.option(ga4Param('source', paramValue(sources)), { nil: null }),
    fc.option(ga4Param('medium', paramValue(mediums)), { nil: null }),
    fc.option(ga4Param('page_referrer', paramValue(fc.constantFrom('https://news.example/a', 'android-app://x'))), { nil: null }),
    fc.option(ga4Param('gclid', paramValue(fc.constantFrom('abc', '1'))), { nil: null }),
    fc.option(ga4Param('page_title', paramValue(fc.constantFrom('Home', 'Cart'))), { nil: null }),
  ),
  traffic: fc.option(
    fc.record({ manual_source: maybe(sources), manual_medium: maybe(mediums), gclid: maybe(fc.constant('g1')) }),
    { nil: null, freq: 2 },
  ),
});

export const ga4Rows = (minLength = 1) => fc.array(ga4RowArbitrary, { minLength, maxLength: 40 }).map((rows) =>
  rows.map((row, index): Ga4Row => {
    const micros = row.minute * 60_000_000 + row.micros + 1_700_000_000_000_000;
    const params = row.params.filter((param) => param !== null);
    // Every row of a real export has parameters; engagement_time_msec keeps the list non-empty.
    params.push({ key: 'engagement_time_msec', value: { string_value: null, int_value: 5, float_value: null, double_value: null } });
    if (row.session !== null) params.push({ key: 'ga_session_id', value: { string_value: null, int_value: 1_700_000_000 + row.session, float_value: null, double_value: null } });
    return {
      event_timestamp: row.noTime ? null : row.timeAsText ? String(micros) : micros,
      event_name: row.event_name,
      user_id: row.user_id,
      user_pseudo_id: row.user_pseudo_id,
      event_params: params,
      collected_traffic_source: row.traffic,
      batch_event_index: index + 1,
    };
  }),
);

/** GA4's text of a parameter value (SPEC §3.2): the one value set; integers as digits, doubles as JavaScript writes them. */
function ga4ValueText(value: Ga4Value): string | undefined {
  if (value.string_value !== null) return value.string_value;
  if (value.int_value !== null) return String(value.int_value);
  if (value.float_value !== null) return floatText(value.float_value);
  if (value.double_value !== null) return floatText(value.double_value);
  return undefined;
}

/** SPEC §3.2 / docs: a float is JavaScript's number text; written as text, only a JSON number is read as a number. */
function floatText(value: number | string): string {
  if (typeof value === 'number') return String(value);
  return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(value) && Number.isFinite(Number(value)) ? String(Number(value)) : value;
}

/** SPEC §3.2's ga4 mapping, applied to a row: the plain event the engine reports on. */
export function ga4PlainEvent(row: Ga4Row): EventProps {
  const params: Record<string, string> = {};
  for (const { key, value } of row.event_params) {
    const text = ga4ValueText(value);
    if (text !== undefined && !(key in params)) params[key] = text;
  }
  const traffic = row.collected_traffic_source ?? {};
  const event: EventProps = { event_params: params };
  const user = row.user_id ?? row.user_pseudo_id;
  if (user !== null) event.user_id = user;
  if (row.event_timestamp !== null) event.time = Math.trunc(Number(row.event_timestamp) / 1000);
  event.event_type = row.event_name;
  if (params.ga_session_id !== undefined) event.session_id = params.ga_session_id;
  const first = (...values: (string | null | undefined)[]) => values.find((value) => value !== null && value !== undefined);
  const fields: Record<string, string | undefined> = {
    utm_source: first(traffic.manual_source, params.source),
    utm_medium: first(traffic.manual_medium, params.medium),
    referrer: first(params.page_referrer),
    gclid: first(traffic.gclid, params.gclid),
  };
  for (const [field, value] of Object.entries(fields)) if (value !== undefined) event[field] = value;
  return event;
}

// Snowplow atomic events rows ---------------------------------------------------------

export const SNOWPLOW_COLUMNS = [
  'user_id', 'domain_userid', 'derived_tstamp', 'collector_tstamp', 'event_name', 'domain_sessionid',
  'mkt_source', 'mkt_medium', 'mkt_campaign', 'page_referrer', 'refr_urlhost', 'event_order',
] as const;
export type SnowplowRow = Record<(typeof SNOWPLOW_COLUMNS)[number], string | null>;

const iso = (minute: number, millis: number) => new Date(Date.UTC(2026, 0, 5, 10, minute, 0, millis)).toISOString().replace('Z', '');

const snowplowRowArbitrary = fc.record({
  user_id: maybe(users),
  domain_userid: fc.option(fc.constantFrom('d1', 'd2'), { nil: null, freq: 6 }),
  derived: fc.option(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0, 0, 250, 999)), { nil: null, freq: 6 }),
  collector: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null, freq: 10 }),
  event_name: fc.constantFrom('page_view', 'page_view', 'purchase', 'link_click'),
  domain_sessionid: fc.option(fc.constantFrom('s-1', 's-2', 's-3'), { nil: null, freq: 4 }),
  mkt_source: maybe(sources),
  mkt_medium: maybe(mediums),
  mkt_campaign: maybe(fc.constantFrom('spring', 'Spring')),
  page_referrer: maybe(fc.constantFrom('https://news.example/a', 'http://www.Example.com/')),
});

export const snowplowRows = (withSessions: boolean) =>
  fc.array(snowplowRowArbitrary, { maxLength: 40 }).map((rows) =>
    rows.map((row, index): SnowplowRow => ({
      user_id: row.user_id,
      domain_userid: row.domain_userid,
      derived_tstamp: row.derived === null ? null : iso(row.derived[0], row.derived[1]),
      collector_tstamp: row.collector === null ? null : iso(row.collector, 0),
      event_name: row.event_name,
      domain_sessionid: withSessions ? row.domain_sessionid : null,
      mkt_source: row.mkt_source,
      mkt_medium: row.mkt_medium,
      mkt_campaign: row.mkt_campaign,
      page_referrer: row.page_referrer,
      refr_urlhost: null,
      event_order: String(index + 1),
    })),
  );

/** SPEC §3.2's snowplow mapping, applied to a row. Timestamps are UTC (`…Z`). */
export function snowplowPlainEvent(row: SnowplowRow): EventProps {
  const event: EventProps = {};
  const user = row.user_id ?? row.domain_userid;
  if (user !== null) event.user_id = user;
  const time = row.derived_tstamp ?? row.collector_tstamp;
  if (time !== null) event.time = `${time}Z`;
  event.event_type = row.event_name;
  if (row.domain_sessionid !== null) event.session_id = row.domain_sessionid;
  const fields: Record<string, string | null> = {
    utm_source: row.mkt_source,
    utm_medium: row.mkt_medium,
    utm_campaign: row.mkt_campaign,
    referrer: row.page_referrer,
  };
  for (const [field, value] of Object.entries(fields)) if (value !== null) event[field] = value;
  return event;
}

// PostHog batch export rows (events model, PostgreSQL) ---------------------------------

export interface PosthogRow {
  event: string;
  distinct_id: string | null;
  timestamp: string | null;
  properties: Record<string, string | number | null>;
  event_order: number;
}

const posthogRowArbitrary = fc.record({
  event: fc.constantFrom('$pageview', '$pageview', 'purchase', 'sign_up'),
  distinct_id: maybe(fc.constantFrom('d1', 'd2', 'd3')),
  time: fc.option(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0, 0, 250, 999)), { nil: null, freq: 10 }),
  session: fc.option(fc.constantFrom('0190-a', '0190-b'), { nil: null, freq: 3 }),
  utm_source: fc.option(fc.oneof(sources, fc.constant(null)), { nil: undefined }),
  utm_medium: fc.option(mediums, { nil: undefined }),
  referrer: fc.option(fc.constantFrom('https://news.example/a', '$direct'), { nil: undefined }),
  plan: fc.option(fc.oneof(fc.constantFrom('pro', 'free'), fc.integer({ min: 1, max: 3 })), { nil: undefined }),
});

export const posthogRows = fc.array(posthogRowArbitrary, { maxLength: 40 }).map((rows) =>
  rows.map((row, index): PosthogRow => {
    const properties: PosthogRow['properties'] = {};
    if (row.session !== null) properties.$session_id = row.session;
    if (row.utm_source !== undefined) properties.utm_source = row.utm_source;
    if (row.utm_medium !== undefined) properties.utm_medium = row.utm_medium;
    if (row.referrer !== undefined) properties.$referrer = row.referrer;
    if (row.plan !== undefined) properties.plan = row.plan;
    return {
      event: row.event,
      distinct_id: row.distinct_id,
      timestamp: row.time === null ? null : `${iso(row.time[0], row.time[1])}Z`,
      properties,
      event_order: index + 1,
    };
  }),
);

/** SPEC §3.2's posthog mapping, applied to a row; `plan` is a property seen without its prefix. */
export function posthogPlainEvent(row: PosthogRow): EventProps {
  const event: EventProps = {};
  if (row.distinct_id !== null) event.user_id = row.distinct_id;
  if (row.timestamp !== null) event.time = row.timestamp;
  event.event_type = row.event;
  const p = row.properties;
  if (p.$session_id !== undefined && p.$session_id !== null) event.session_id = p.$session_id;
  const fields: Record<string, unknown> = { utm_source: p.utm_source, utm_medium: p.utm_medium, referrer: p.$referrer, plan: p.plan };
  for (const [field, value] of Object.entries(fields)) if (value !== undefined && value !== null) event[field] = value;
  return event;
}
