// Segment warehouses: one schema per source, a table per call type; `tracks` holds every
// track call with its `context` flattened into snake_case columns
// (`context_campaign_source`), the same in BigQuery, Snowflake, PostgreSQL, Redshift and
// Databricks. Page calls are in `pages` (point --table at it, or at a view of both).

import type { WarehouseSource } from './warehouse-source';
import { column } from './value-source';

/** Segment's column for a flattened path: dots to underscores, camelCase to snake_case; properties are top-level columns. */
export function segmentColumnName(field: string): string {
  const path = field.startsWith('properties.') ? field.slice('properties.'.length) : field;
  return path
    .replaceAll('.', '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

const table = { table: 'tracks' };

export const segment: WarehouseSource = {
  system: 'segment',
  title: 'Segment (warehouse tracks table)',
  schemaPages: ['https://segment.com/docs/connections/storage/warehouses/schema/'],
  tables: { bigquery: table, snowflake: table, postgres: table, spark: table },
  refused: { duckdb: 'Segment loads no DuckDB warehouse; compile for the warehouse that holds the tracks table' },
  upperCaseInSnowflake: true,
  user: [column('user_id'), column('anonymous_id')],
  time: { sources: [column('timestamp')], unit: 'timestamp' },
  eventType: [column('event')],
  session: [],
  fields: {
    utm_source: [column('context_campaign_source')],
    utm_medium: [column('context_campaign_medium')],
    utm_campaign: [column('context_campaign_name')],
    utm_term: [column('context_campaign_term')],
    utm_content: [column('context_campaign_content')],
    referrer: [column('context_page_referrer')],
    referring_domain: [],
    gclid: [column('gclid')],
  },
  otherField: (field) => [column(segmentColumnName(field))],
};
