// What the report query needs from a dialect beyond ./dialect: its type names, exact
// integer arithmetic wide enough for credit sums scaled by 10^24, half-up rounding of a
// double to 6 places, and a way to stop the query with a message (docs/sql.md, "Exact
// credits"). One entry per dialect; every dialect has one.

import type { DialectName } from './dialect';

export interface ReportDialect {
  text: string;
  integer: string;
  float: string;
  /** An exact integer type holding at least 38 decimal digits; overflow is an error (Spark: with ANSI mode). */
  wide: string;
  /** a ÷ b rounded toward zero, both non-negative `wide` integers. */
  intDiv(a: string, b: string): string;
  /** a mod b, both non-negative `wide` integers. */
  mod(a: string, b: string): string;
  /** A double rounded to 6 decimal places, as a double. */
  round6(value: string): string;
  /** An expression of type `float` that stops the query with `message` (text SQL that depends on the row). */
  fail(message: string): string;
}

export const REPORT_DIALECTS: Record<DialectName, ReportDialect> = {
  duckdb: {
    text: 'VARCHAR',
    integer: 'BIGINT',
    float: 'DOUBLE',
    wide: 'HUGEINT',
    intDiv: (a, b) => `divide(${a}, ${b})`,
    mod: (a, b) => `((${a}) % (${b}))`,
    round6: (value) => `ROUND(${value}, 6)`,
    fail: (message) => `CAST(error(${message}) AS DOUBLE)`,
  },
  bigquery: {
    text: 'STRING',
    integer: 'INT64',
    float: 'FLOAT64',
    wide: 'BIGNUMERIC',
    intDiv: (a, b) => `DIV(${a}, ${b})`,
    mod: (a, b) => `MOD(${a}, ${b})`,
    round6: (value) => `ROUND(${value}, 6)`,
    fail: (message) => `CAST(ERROR(${message}) AS FLOAT64)`,
  },
  snowflake: {
    text: 'VARCHAR',
    integer: 'BIGINT',
    float: 'DOUBLE',
    wide: 'NUMBER(38, 0)',
    // Snowflake's `/` of integers rounds the quotient to a few decimals, so subtract the remainder first: exact.
    intDiv: (a, b) => `CAST(((${a}) - MOD(${a}, ${b})) / (${b}) AS NUMBER(38, 0))`,
    mod: (a, b) => `MOD(${a}, ${b})`,
    round6: (value) => `ROUND(${value}, 6)`,
    // No RAISE in a Snowflake expression: a failing conversion stops the query and shows the text.
    fail: (message) => `TO_DOUBLE(${message})`,
  },
  postgres: {
    text: 'TEXT',
    integer: 'BIGINT',
    float: 'DOUBLE PRECISION',
    wide: 'NUMERIC',
    intDiv: (a, b) => `DIV(${a}, ${b})`,
    mod: (a, b) => `MOD(${a}, ${b})`,
    // round(double precision, int) does not exist; numeric holds the double's 17 significant digits.
    round6: (value) => `CAST(ROUND(CAST(CAST(${value} AS DOUBLE PRECISION) AS NUMERIC), 6) AS DOUBLE PRECISION)`,
    // No RAISE outside PL/pgSQL: a failing cast of the (row-dependent) message stops the query and shows it.
    fail: (message) => `CAST(CAST(${message} AS INTEGER) AS DOUBLE PRECISION)`,
  },
  spark: {
    text: 'STRING',
    integer: 'BIGINT',
    float: 'DOUBLE',
    wide: 'DECIMAL(38, 0)',
    intDiv: (a, b) => `CAST(((${a}) - ((${a}) % (${b}))) / (${b}) AS DECIMAL(38, 0))`,
    mod: (a, b) => `((${a}) % (${b}))`,
    round6: (value) => `ROUND(${value}, 6)`,
    fail: (message) => `CAST(raise_error(${message}) AS DOUBLE)`,
  },
};
