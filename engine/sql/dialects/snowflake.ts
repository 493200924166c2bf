// Snowflake: single-quoted strings with backslash escapes; `$` written `\x24` so a
// compiled expression can sit inside a $$-quoted body. REGEXP_LIKE matches the whole
// value, so the pattern is wrapped in `.*(…).*` with the `s` parameter (`.` matches
// newlines too), which is a search.

import type { Dialect } from '../dialect';
import { backslashEscaped, hex, rejectNul, requireWellFormed } from '../literal-escapes';
import { SNOWFLAKE_ERE } from '../regex-syntaxes';

const escapeCodePoint = (codePoint: number) =>
  codePoint <= 0xffff ? `\\u${hex(codePoint, 4)}` : String.fromCodePoint(codePoint);

export const snowflake: Dialect = {
  name: 'snowflake',
  title: 'Snowflake',
  regex: SNOWFLAKE_ERE,
  identifier(name) {
    requireWellFormed(name, 'the column name');
    rejectNul(name, 'the column name', 'Snowflake');
    return `"${name.replaceAll('"', '""')}"`;
  },
  string(value) {
    requireWellFormed(value, 'the string');
    rejectNul(value, 'the string', 'Snowflake');
    return `'${backslashEscaped(value, "'", escapeCodePoint, (char) => (char === '$' ? '\\x24' : undefined))}'`;
  },
  regexSearch: (value, pattern) => `REGEXP_LIKE(${value}, ${wrapSearch(pattern)}, 's')`,
  contains: (value, needle) => `CONTAINS(${value}, ${needle})`,
  stringType: 'VARCHAR',
};

/** `'…re…'` → `'.*(…re…).*'`: the literal is ours, so it starts and ends with a quote. */
function wrapSearch(patternLiteral: string): string {
  return `'.*(${patternLiteral.slice(1, -1)}).*'`;
}
