// A ValueSource as SQL text of one dialect: the value as text (NULL when absent), the
// way the engine reads the same record (SPEC §3.2). JSON numbers and floats are the
// warehouse's text of the number (docs/sql.md says where that can differ from
// JavaScript's); GA4 integers are decimal digits in every dialect.

import { JSON_NUMBER_PATTERN } from '../../text/json-number';
import type { Dialect } from '../dialect';
import { SqlCompileError } from '../sql-compile-error';
import type { ValueSource } from './value-source';

export interface RenderContext {
  dialect: Dialect;
  /** Column names upper-cased (Snowflake tables created by the vendor's loader). */
  upperCase: boolean;
  /** The dialect's text type, for a typed NULL. */
  textType: string;
}

export function renderValueSource(source: ValueSource, context: RenderContext): string {
  const { dialect } = context;
  const columnName = (name: string) => dialect.identifier(context.upperCase ? name.toUpperCase() : name);
  switch (source.kind) {
    case 'column':
      // DuckDB infers each column's type from the export file: a column null in every row
      // is JSON, a column of strings and numbers too. Through JSON, every one reads as text.
      return dialect.name === 'duckdb' ? `json_extract_string(to_json(${columnName(source.name)}), '$')` : columnName(source.name);
    case 'none':
      return `CAST(NULL AS ${context.textType})`;
    case 'struct':
      switch (dialect.name) {
        case 'bigquery':
          return `${columnName(source.column)}.${dialect.identifier(source.field)}`;
        case 'duckdb':
          // Through JSON, so a STRUCT whose type DuckDB inferred without this field (or as JSON) still reads.
          return `json_extract_string(to_json(${columnName(source.column)}), ${dialect.string(jsonPath(source.field, dialect.title))})`;
        default:
          throw new SqlCompileError(`${dialect.title}: no STRUCT columns in this schema`);
      }
    case 'json':
      return jsonText(columnName(source.column), source.key, context);
    case 'ga4-param':
      return ga4Param(source.list, source.key, context);
  }
}

/** `$."key"`: a JSONPath naming one key; a key that cannot be quoted there is refused. */
function jsonPath(key: string, where: string): string {
  if (/["\\]/.test(key) || /[\u0000-\u001f]/.test(key)) {
    throw new SqlCompileError(`${where}: the JSON key ${JSON.stringify(key)} cannot be written in a JSONPath; map the field with --columns`);
  }
  return `$."${key}"`;
}

function jsonText(columnSql: string, key: string, context: RenderContext): string {
  const { dialect } = context;
  switch (dialect.name) {
    case 'postgres':
      return `(${columnSql} ->> ${dialect.string(key)})`;
    case 'snowflake':
      return `CAST(GET(${columnSql}, ${dialect.string(key)}) AS VARCHAR)`;
    case 'bigquery':
      // JSON_VALUE reads a JSON-typed column and a STRING of JSON alike.
      return `JSON_VALUE(${columnSql}, ${dialect.string(jsonPath(key, dialect.title))})`;
    case 'duckdb':
      return `json_extract_string(${columnSql}, ${dialect.string(jsonPath(key, dialect.title))})`;
    case 'spark':
      throw new SqlCompileError('Spark SQL: no JSON columns in this schema');
  }
}

// GA4 `event_params` / `user_properties`: ARRAY<STRUCT<key STRING, value STRUCT<string_value,
// int_value, float_value, double_value>>>. The first entry with the key gives the one value
// that is set, as text.
function ga4Param(list: string, key: string, context: RenderContext): string {
  const { dialect } = context;
  const listSql = dialect.identifier(list);
  switch (dialect.name) {
    case 'bigquery':
      return `(SELECT COALESCE(value.string_value, CAST(value.int_value AS STRING), CAST(value.float_value AS STRING), CAST(value.double_value AS STRING)) FROM UNNEST(${listSql}) WITH OFFSET AS position WHERE key = ${dialect.string(key)} ORDER BY position LIMIT 1)`;
    case 'duckdb': {
      // As DuckDB reads the export (read_json / read_parquet), the value's members may be
      // typed VARCHAR, BIGINT, DOUBLE or JSON depending on the file: read each through JSON.
      const member = (name: string) => `json_extract_string(to_json(p), '$.value.${name}')`;
      const number = (name: string) => {
        const raw = member(name);
        const double = `CAST(${raw} AS DOUBLE)`;
        // JavaScript writes a whole number below 10^21 as its digits ("1", not "1.0").
        const asNumber = `CASE WHEN ${double} = trunc(${double}) AND abs(${double}) < 1e21 THEN CAST(CAST(${double} AS HUGEINT) AS VARCHAR) ELSE CAST(${double} AS VARCHAR) END`;
        // As the engine reads it (engine/events/fields: keyValueText): text that is no
        // finite JSON number (" 12 ", "0x10") is kept as written, not cast.
        // (A CASE, which DuckDB evaluates lazily: a cast of "0x10" stops the query.)
        const text = `json_type(to_json(p), '$.value.${name}') = 'VARCHAR' AND CASE WHEN regexp_full_match(${raw}, ${dialect.string(JSON_NUMBER_PATTERN)}) THEN NOT isfinite(${double}) ELSE true END`;
        return `CASE WHEN ${text} THEN ${raw} ELSE ${asNumber} END`;
      };
      const text = `COALESCE(${member('string_value')}, ${member('int_value')}, ${number('float_value')}, ${number('double_value')})`;
      // Two unnests in one SELECT are zipped: each entry with its position.
      const entries = `SELECT unnest(${listSql}) AS p, unnest(generate_series(1, len(${listSql}))) AS position`;
      return `(SELECT ${text} FROM (${entries}) AS params WHERE json_extract_string(to_json(p), '$.key') = ${dialect.string(key)} ORDER BY position LIMIT 1)`;
    }
    default:
      throw new SqlCompileError(`${dialect.title}: GA4 parameters are read in BigQuery and DuckDB only`);
  }
}

/** Epoch milliseconds (an integer) from `value` in `unit`. */
export function epochMilliseconds(value: string, unit: 'microseconds' | 'timestamp', dialect: Dialect): string {
  if (unit === 'microseconds') {
    switch (dialect.name) {
      case 'bigquery':
        return `DIV(${value}, 1000)`;
      case 'duckdb':
        return `divide(CAST(${value} AS BIGINT), 1000)`;
      default:
        throw new SqlCompileError(`${dialect.title}: microsecond times are read in BigQuery and DuckDB only`);
    }
  }
  switch (dialect.name) {
    case 'bigquery':
      return `UNIX_MILLIS(${value})`;
    case 'duckdb':
      return `epoch_ms(CAST(${value} AS TIMESTAMP))`;
    case 'snowflake':
      return `DATE_PART(EPOCH_MILLISECOND, ${value})`;
    case 'postgres':
      // EXTRACT(EPOCH …) is an exact numeric: floor to whole milliseconds, as the engine truncates.
      return `CAST(FLOOR(EXTRACT(EPOCH FROM ${value}) * 1000) AS BIGINT)`;
    case 'spark':
      return `unix_millis(${value})`;
  }
}
