// PostgreSQL: E'…' strings (backslash escapes whatever standard_conforming_strings
// says; `$` written `\x24` so the SQL can sit inside a $$-quoted function body), ARE
// regexes with the `~` operator (a search). Text cannot hold U+0000.

import type { Dialect } from '../dialect';
import { backslashEscaped, hex, INVISIBLE, rejectNul, requireWellFormed } from '../literal-escapes';
import { POSTGRES_ARE } from '../regex-syntaxes';
import { SqlCompileError } from '../sql-compile-error';

const escapeCodePoint = (codePoint: number) => (codePoint <= 0xffff ? `\\u${hex(codePoint, 4)}` : `\\U${hex(codePoint, 8)}`);

/** NAMEDATALEN - 1: longer identifiers are truncated, which could make two fields one column. */
const MAX_IDENTIFIER_BYTES = 63;

export const postgres: Dialect = {
  name: 'postgres',
  title: 'PostgreSQL',
  regex: POSTGRES_ARE,
  identifier(name) {
    requireWellFormed(name, 'the column name');
    rejectNul(name, 'the column name', 'PostgreSQL');
    if (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) {
      throw new SqlCompileError(
        `the column name ${JSON.stringify(name)} is longer than PostgreSQL's ${MAX_IDENTIFIER_BYTES}-byte identifier limit; map it with --columns`,
      );
    }
    return `"${name.replaceAll('"', '""')}"`;
  },
  string(value) {
    requireWellFormed(value, 'the string');
    rejectNul(value, 'the string', 'PostgreSQL');
    // A plain literal reads the same whatever standard_conforming_strings says when it has no backslash.
    if (/^[^\\$]*$/.test(value) && !INVISIBLE.test(value)) return `'${value.replaceAll("'", "''")}'`;
    return `E'${backslashEscaped(value, "'", escapeCodePoint, (char) => (char === '$' ? '\\x24' : undefined))}'`;
  },
  regexSearch: (value, pattern) => `(${value} ~ ${pattern})`,
  contains: (value, needle) => `strpos(${value}, ${needle}) > 0`,
  stringType: 'TEXT',
};
