// Snowplow: the atomic events table (`atomic.events`), one wide row an event, the same
// standard columns in every warehouse its loaders write (Snowflake, BigQuery, Redshift,
// PostgreSQL, Databricks). No loader writes DuckDB.

import type { WarehouseSource } from './warehouse-source';
import { column, type ValueSource } from './value-source';

const none: ValueSource[] = [{ kind: 'none' }];

export const snowplow: WarehouseSource = {
  system: 'snowplow',
  title: 'Snowplow (atomic events table)',
  schemaPages: ['https://docs.snowplow.io/docs/fundamentals/canonical-event/', 'https://docs.snowplow.io/docs/fundamentals/warehouse-tables/'],
  tables: {
    bigquery: { table: 'atomic.events' },
    snowflake: { table: 'atomic.events' },
    postgres: { table: 'atomic.events' },
    spark: { table: 'atomic.events' },
  },
  refused: { duckdb: 'no Snowplow loader writes DuckDB; compile for the warehouse that holds atomic.events' },
  upperCaseInSnowflake: true,
  user: [column('user_id'), column('domain_userid')],
  time: { sources: [column('derived_tstamp'), column('collector_tstamp')], unit: 'timestamp' },
  eventType: [column('event_name')],
  session: [column('domain_sessionid')],
  fields: {
    utm_source: [column('mkt_source')],
    utm_medium: [column('mkt_medium')],
    utm_campaign: [column('mkt_campaign')],
    utm_term: [column('mkt_term')],
    utm_content: [column('mkt_content')],
    referrer: [column('page_referrer')],
    referring_domain: [column('refr_urlhost')],
    gclid: none,
  },
  otherField: (field) => [column(field)],
};
