// Where one value sits in a warehouse row, in terms that do not depend on the dialect.

export type ValueSource =
  /** A top-level column. */
  | { kind: 'column'; name: string }
  /** A field inside a STRUCT / RECORD column (`collected_traffic_source.manual_source`). */
  | { kind: 'struct'; column: string; field: string }
  /** A key of a JSON (JSONB, VARIANT, JSON-typed or JSON text) column. */
  | { kind: 'json'; column: string; key: string }
  /** The value of `key` in a GA4 key/value list (`event_params`, `user_properties`). */
  | { kind: 'ga4-param'; list: 'event_params' | 'user_properties'; key: string }
  /** Never set. */
  | { kind: 'none' };

export const column = (name: string): ValueSource => ({ kind: 'column', name });
export const struct = (columnName: string, field: string): ValueSource => ({ kind: 'struct', column: columnName, field });
export const json = (columnName: string, key: string): ValueSource => ({ kind: 'json', column: columnName, key });
export const ga4Param = (list: 'event_params' | 'user_properties', key: string): ValueSource => ({ kind: 'ga4-param', list, key });

