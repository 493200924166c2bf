// `compile --from SYSTEM`: where a vendor's warehouse table holds what SPEC §3.2 maps
// from that system's records (user, time, event type, session and the canonical fields
// the rules test). One declarative module per system beside this file says which
// columns, in vendor-neutral terms (./value-source); ./render-value-source writes them
// in a dialect, and ./warehouse-columns turns a module into the columns of `compile`.
// These modules describe warehouse COLUMNS; the engine's own `--from` maps event
// FILES, with the same system names and canonical fields.

import type { DialectName } from '../dialect';
import type { ValueSource } from './value-source';

export const WAREHOUSE_SYSTEMS = ['ga4', 'amplitude', 'segment', 'snowplow', 'mixpanel', 'posthog'] as const;
export type WarehouseSystem = (typeof WAREHOUSE_SYSTEMS)[number];

/** The fields rules use that SPEC §3.2 maps per system. */
export const CANONICAL_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'referrer', 'referring_domain', 'gclid'] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export interface WarehouseTable {
  /** The table `compile` reads when `--table` is not given (dotted path, quoted part by part). */
  table: string;
}

export interface WarehouseSource {
  system: WarehouseSystem;
  /** "Google Analytics 4 (BigQuery export)", … for messages. */
  title: string;
  /** The vendor's pages describing the schema (docs/sql.md links them). */
  schemaPages: string[];
  /** The dialects with a documented table, and its usual name. */
  tables: Partial<Record<DialectName, WarehouseTable>>;
  /** Why each other dialect is refused (one line). */
  refused: Partial<Record<DialectName, string>>;
  /** Snowflake: the vendor's loader created the columns unquoted, so they are upper-case there. */
  upperCaseInSnowflake: boolean;
  user: ValueSource[];
  /** The first non-null of `sources`, in `unit`. */
  time: { sources: ValueSource[]; unit: 'microseconds' | 'timestamp' };
  eventType: ValueSource[];
  /** Empty: the system has no session id (sessions by timeout). */
  session: ValueSource[];
  /** Each canonical field: its sources in order (first non-null wins); empty: never set. */
  fields: Record<Exclude<CanonicalField, 'referring_domain'>, ValueSource[]> & { referring_domain: ValueSource[] };
  /** Any other field the rules test: where the system keeps it. */
  otherField(field: string): ValueSource[];
}
