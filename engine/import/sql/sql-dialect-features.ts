// What each dialect's operators mean, for import: which regex functions and operators
// exist, whether they search (partial) or match the whole value, their regex flavor,
// and LIKE's default escape character. docs/import-export.md has the same table.

import type { DialectName } from '../../sql/dialect';
import type { RegexFlavor } from './dialect-regex';

export interface RegexFunction {
  whole: boolean;
  /** Case-insensitive by itself (PostgreSQL `~*`). */
  ignoreCase?: boolean;
  /** A third argument of flags is allowed (`i` / `c`). */
  flags?: boolean;
  /** NULL flags stop the query (DuckDB: "Regex options field must not be NULL") rather than give NULL. */
  nullFlagsFail?: boolean;
  /** On a column, the database may run it as a LIKE (DuckDB's `regexp_matches`: ../../sql/duckdb-like-rewrite). */
  likeRewrite?: boolean;
}

export interface SqlDialectFeatures {
  regexFlavor: RegexFlavor;
  /** By function name (lower case) or operator (`~`, `~*`, `rlike operator`, `regexp operator`). */
  regex: Record<string, RegexFunction>;
  /** LIKE's escape character when there is no ESCAPE clause. */
  likeEscape: string | null;
  ilike: boolean;
}

export const SQL_FEATURES: Record<DialectName, SqlDialectFeatures> = {
  bigquery: {
    regexFlavor: 're2',
    regex: { regexp_contains: { whole: false } },
    likeEscape: '\\',
    ilike: false,
  },
  duckdb: {
    regexFlavor: 're2',
    regex: {
      regexp_matches: { whole: false, flags: true, nullFlagsFail: true, likeRewrite: true },
      regexp_full_match: { whole: true, flags: true, nullFlagsFail: true },
      '~': { whole: true },
    },
    likeEscape: null,
    ilike: true,
  },
  postgres: {
    regexFlavor: 'are',
    regex: { '~': { whole: false }, '~*': { whole: false, ignoreCase: true }, regexp_like: { whole: false, flags: true } },
    likeEscape: '\\',
    ilike: true,
  },
  snowflake: {
    regexFlavor: 'ere',
    regex: {
      regexp_like: { whole: true, flags: true },
      rlike: { whole: true, flags: true },
      'rlike operator': { whole: true },
      'regexp operator': { whole: true },
    },
    likeEscape: null,
    ilike: true,
  },
  spark: {
    regexFlavor: 'java',
    regex: { regexp_like: { whole: false }, rlike: { whole: false }, regexp: { whole: false }, 'rlike operator': { whole: false }, 'regexp operator': { whole: false } },
    likeEscape: '\\',
    ilike: true,
  },
};
