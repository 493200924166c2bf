// DuckDB: standard SQL strings (a quote doubled, backslash ordinary), RE2 regexes
// through regexp_matches (a search, not a full match). A pattern that DuckDB's
// optimiser would run as a LIKE other than RE2 reads it (an anchor inside a sequence:
// ../duckdb-like-rewrite) is wrapped in a capturing group, which it leaves to RE2.

import type { Dialect } from '../dialect';
import { rejectNul, requireWellFormed } from '../literal-escapes';
import { RE2_DUCKDB } from '../regex-syntaxes';
import { likeRewriteHazard } from '../duckdb-like-rewrite';

export const duckdb: Dialect = {
  name: 'duckdb',
  title: 'DuckDB',
  regex: RE2_DUCKDB,
  identifier(name) {
    requireWellFormed(name, 'the column name');
    rejectNul(name, 'the column name', 'DuckDB SQL');
    return `"${name.replaceAll('"', '""')}"`;
  },
  string(value) {
    requireWellFormed(value, 'the string');
    // '' is the only escape in a DuckDB string; U+0000 is spliced in with chr(0).
    const pieces = value.split('\u0000').map((piece) => `'${piece.replaceAll("'", "''")}'`);
    return pieces.length === 1 ? pieces[0]! : `(${pieces.join(' || chr(0) || ')})`;
  },
  regexSearch: (value, pattern) => `regexp_matches(${value}, ${pattern})`,
  regexPattern: (pattern) => (likeRewriteHazard(pattern) === undefined ? pattern : `(${pattern})`),
  contains: (value, needle) => `contains(${value}, ${needle})`,
  stringType: 'VARCHAR',
};
