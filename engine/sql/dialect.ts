// What the compiler needs from an SQL dialect: quoting, string literals and the few
// string predicates the language compiles to. One object per dialect in ./dialects/.

import type { RegexSyntax } from './regex-syntax';

export const DIALECT_NAMES = ['duckdb', 'bigquery', 'snowflake', 'postgres', 'spark'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

export interface Dialect {
  name: DialectName;
  /** "DuckDB", "BigQuery", … for messages. */
  title: string;
  regex: RegexSyntax;
  /** One quoted identifier; throws SqlCompileError when the name cannot be one. */
  identifier(name: string): string;
  /** A string literal holding exactly `value`; throws SqlCompileError when the dialect cannot hold it. */
  string(value: string): string;
  /** Boolean: the regex (already in this dialect's syntax) is found somewhere in `value`. */
  regexSearch(value: string, pattern: string): string;
  /** The pattern as regexSearch should be given it (before quoting), when the dialect must adjust one: DuckDB's. */
  regexPattern?(pattern: string): string;
  /** Boolean: `needle` (non-empty) occurs in `value`. */
  contains(value: string, needle: string): string;
  /** The string type, for a typed NULL. */
  stringType: string;
}
