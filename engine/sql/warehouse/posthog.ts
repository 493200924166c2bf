// PostHog batch exports, events model: a table with `event`, `distinct_id`, `timestamp`
// and the event's `properties` as JSON (JSONB in PostgreSQL, VARIANT in Snowflake, JSON
// or a JSON string in BigQuery).

import type { WarehouseSource } from './warehouse-source';
import { column, json, type ValueSource } from './value-source';

const COLUMNS = new Set(['uuid', 'event', 'properties', 'elements', 'set', 'set_once', 'distinct_id', 'team_id', 'ip', 'site_url', 'timestamp', 'person_id', 'person_properties']);
const property = (key: string): ValueSource[] => [json('properties', key)];

export const posthog: WarehouseSource = {
  system: 'posthog',
  title: 'PostHog (batch export, events model)',
  schemaPages: [
    'https://posthog.com/docs/cdp/batch-exports/postgres',
    'https://posthog.com/docs/cdp/batch-exports/snowflake',
    'https://posthog.com/docs/cdp/batch-exports/bigquery',
  ],
  tables: { postgres: { table: 'events' }, snowflake: { table: 'events' }, bigquery: { table: 'events' } },
  refused: {
    duckdb: 'PostHog batch exports write no DuckDB table',
    spark: 'PostHog batch exports write no Spark / Databricks table',
  },
  upperCaseInSnowflake: true,
  user: [column('distinct_id')],
  time: { sources: [column('timestamp')], unit: 'timestamp' },
  eventType: [column('event')],
  session: property('$session_id'),
  fields: {
    utm_source: property('utm_source'),
    utm_medium: property('utm_medium'),
    utm_campaign: property('utm_campaign'),
    utm_term: property('utm_term'),
    utm_content: property('utm_content'),
    referrer: property('$referrer'),
    referring_domain: property('$referring_domain'),
    gclid: property('gclid'),
  },
  otherField(field) {
    if (field.startsWith('properties.')) return property(field.slice('properties.'.length));
    if (COLUMNS.has(field)) return [column(field)];
    return property(field);
  },
};
