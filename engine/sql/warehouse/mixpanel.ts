// Mixpanel data pipelines (JSON pipeline) into BigQuery: one table `mp_master_event`
// with `event_name`, `time`, `distinct_id` and every other property in the JSON column
// `properties`.

import type { WarehouseSource } from './warehouse-source';
import { column, json, type ValueSource } from './value-source';

const COLUMNS = new Set(['event_name', 'time', 'distinct_id', 'properties', 'insert_id', 'user_id', 'device_id']);
const property = (key: string): ValueSource[] => [json('properties', key)];

export const mixpanel: WarehouseSource = {
  system: 'mixpanel',
  title: 'Mixpanel (data pipeline, BigQuery)',
  schemaPages: ['https://docs.mixpanel.com/docs/data-pipelines/json-pipelines', 'https://developer.mixpanel.com/docs/mixpanel-bigquery-export-design'],
  tables: { bigquery: { table: 'mp_master_event' } },
  refused: {
    snowflake: "Mixpanel's Snowflake pipeline loads one VARIANT column per row whose layout its documentation does not fix; compile over a view of plain columns",
    postgres: 'Mixpanel pipelines write no PostgreSQL table',
    spark: 'Mixpanel pipelines write no Spark / Databricks table',
    duckdb: 'Mixpanel pipelines write no DuckDB table',
  },
  upperCaseInSnowflake: false,
  user: [json('properties', '$user_id'), column('distinct_id')],
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
