// DuckDB: standard SQL strings (a quote doubled, backslash ordinary), RE2 regexes
// through regexp_matches (a search, not a full match).

import type { Dialect } from '../dialect';
import { rejectNul, requireWellFormed } from '../literal-escapes';
import { RE2_DUCKDB } from '../regex-syntaxes';

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
  contains: (value, needle) => `contains(${value}, ${needle})`,
  stringType: 'VARCHAR',
};
