// Mixpanel data pipelines (JSON pipelines): one table `mp_master_event` with
// `event_name`, `time`, `distinct_id`, `user_id`, `device_id`, `insert_id` and every other
// property in the column `properties` (JSON in BigQuery, VARIANT in Snowflake: "the names
// will be the same" in every warehouse).

import type { WarehouseSource } from './warehouse-source';
import { column, json, type ValueSource } from './value-source';

const COLUMNS = new Set(['event_name', 'time', 'distinct_id', 'properties', 'insert_id', 'user_id', 'device_id']);
const property = (key: string): ValueSource[] => [json('properties', key)];

export const mixpanel: WarehouseSource = {
  system: 'mixpanel',
  title: 'Mixpanel (JSON pipeline)',
  schemaPages: [
    'https://docs.mixpanel.com/docs/data-pipelines/json-pipelines',
    'https://docs.mixpanel.com/docs/data-pipelines/integrations/bigquery',
    'https://docs.mixpanel.com/docs/data-pipelines/integrations/snowflake',
  ],
  tables: { bigquery: { table: 'mp_master_event' }, snowflake: { table: 'mp_master_event' } },
  refused: {
    postgres: 'Mixpanel pipelines write no PostgreSQL table',
    spark: 'Mixpanel pipelines write no Spark / Databricks table',
    duckdb: 'Mixpanel pipelines write no DuckDB table',
  },
  upperCaseInSnowflake: true,
  // `user_id` is the pipeline's column for the identified user (`$user_id`).
  user: [column('user_id'), column('distinct_id')],
  time: { sources: [column('time')], unit: 'timestamp' },
  eventType: [column('event_name')],
  session: [],
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
