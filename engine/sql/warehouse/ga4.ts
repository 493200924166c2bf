// Google Analytics 4: the BigQuery export (dataset analytics_<property id>, tables
// events_YYYYMMDD / events_intraday_YYYYMMDD), one row an event. DuckDB reads the same
// rows from an export saved as JSON or Parquet (read_json / read_parquet give STRUCTs and
// LISTs). Google documents no other warehouse.

import type { WarehouseSource } from './warehouse-source';
import { column, ga4Param, struct, type ValueSource } from './value-source';

/** The export's top-level columns (RECORD columns hold fields reached as `record.field`). */
const COLUMNS = new Set([
  'event_date', 'event_timestamp', 'event_previous_timestamp', 'event_name', 'event_value_in_usd', 'event_bundle_sequence_id',
  'event_server_timestamp_offset', 'user_id', 'user_pseudo_id', 'user_first_touch_timestamp', 'stream_id', 'platform',
  'is_active_user', 'batch_event_index', 'batch_page_id', 'batch_ordering_id', 'privacy_info', 'user_ltv', 'device', 'geo',
  'app_info', 'traffic_source', 'collected_traffic_source', 'session_traffic_source_last_click', 'publisher', 'event_dimensions',
  'ecommerce', 'items',
]);

const NOT_BIGQUERY = 'Google documents the GA4 export for BigQuery only (and DuckDB reads those rows from a saved export); load it into a table of plain columns and compile without --from';

const manual = (field: string, param: string): ValueSource[] => [struct('collected_traffic_source', field), ga4Param('event_params', param)];

export const ga4: WarehouseSource = {
  system: 'ga4',
  title: 'GA4 (BigQuery export)',
  schemaPages: ['https://support.google.com/analytics/answer/7029846', 'https://developers.google.com/analytics/bigquery/event-schema'],
  tables: { bigquery: { table: 'events_*' }, duckdb: { table: 'events' } },
  refused: { snowflake: NOT_BIGQUERY, postgres: NOT_BIGQUERY, spark: NOT_BIGQUERY },
  upperCaseInSnowflake: false,
  user: [column('user_id'), column('user_pseudo_id')],
  time: { sources: [column('event_timestamp')], unit: 'microseconds' },
  eventType: [column('event_name')],
  session: [ga4Param('event_params', 'ga_session_id')],
  fields: {
    utm_source: manual('manual_source', 'source'),
    utm_medium: manual('manual_medium', 'medium'),
    utm_campaign: manual('manual_campaign_name', 'campaign'),
    utm_term: manual('manual_term', 'term'),
    utm_content: manual('manual_content', 'content'),
    referrer: [ga4Param('event_params', 'page_referrer')],
    referring_domain: [],
    gclid: manual('gclid', 'gclid'),
  },
  otherField(field) {
    for (const list of ['event_params', 'user_properties'] as const) {
      if (field.startsWith(`${list}.`)) return [ga4Param(list, field.slice(list.length + 1))];
    }
    const dot = field.indexOf('.');
    const root = dot < 0 ? field : field.slice(0, dot);
    if (COLUMNS.has(root)) return [dot < 0 ? column(field) : struct(root, field.slice(dot + 1))];
    // Not a column: the parameter's key, as the engine shows container keys without their prefix.
    return [ga4Param('event_params', field), ga4Param('user_properties', field)];
  },
};
