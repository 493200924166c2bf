// Amplitude's Snowflake export: one table of events with the Export API's fields as
// upper-case columns, `EVENT_PROPERTIES` and `USER_PROPERTIES` as VARIANT.

import type { WarehouseSource } from './warehouse-source';
import { column, json, type ValueSource } from './value-source';

const COLUMNS = new Set([
  'amplitude_id', 'app', 'device_id', 'user_id', 'event_time', 'client_event_time', 'server_upload_time', 'event_type', 'event_id',
  'session_id', 'uuid', 'event_properties', 'user_properties', 'platform', 'os_name', 'country', 'city', 'region', 'language',
]);
const containers = (key: string): ValueSource[] => [json('event_properties', key), json('user_properties', key)];

export const amplitude: WarehouseSource = {
  system: 'amplitude',
  title: 'Amplitude (Snowflake export)',
  schemaPages: ['https://amplitude.com/docs/data/destination-catalog/snowflake'],
  tables: { snowflake: { table: 'events' } },
  refused: {
    bigquery: "Amplitude's BigQuery export schema is not one this compiler has a documented column list for; compile over a view of plain columns",
    postgres: 'Amplitude exports to no PostgreSQL table',
    spark: 'Amplitude exports to no Spark / Databricks table',
    duckdb: 'Amplitude exports to no DuckDB table (its Export API files are read by `channel-rules report`)',
  },
  upperCaseInSnowflake: true,
  user: [column('user_id'), column('device_id')],
  time: { sources: [column('event_time'), column('client_event_time')], unit: 'timestamp' },
  eventType: [column('event_type')],
  session: [column('session_id')],
  fields: {
    utm_source: containers('utm_source'),
    utm_medium: containers('utm_medium'),
    utm_campaign: containers('utm_campaign'),
    utm_term: containers('utm_term'),
    utm_content: containers('utm_content'),
    referrer: containers('referrer'),
    referring_domain: containers('referring_domain'),
    gclid: containers('gclid'),
  },
  otherField(field) {
    for (const container of ['event_properties', 'user_properties']) {
      if (field.startsWith(`${container}.`)) return [json(container, field.slice(container.length + 1))];
    }
    if (COLUMNS.has(field)) return [column(field)];
    return containers(field);
  },
};
