// BigQuery (GoogleSQL): strings and quoted identifiers share backslash escapes; RE2
// regexes through REGEXP_CONTAINS (a search).

import type { Dialect } from '../dialect';
import { backslashEscaped, hex, requireWellFormed } from '../literal-escapes';
import { RE2_BIGQUERY } from '../regex-syntaxes';

const escapeCodePoint = (codePoint: number) => (codePoint <= 0xffff ? `\\u${hex(codePoint, 4)}` : `\\U${hex(codePoint, 8)}`);

export const bigquery: Dialect = {
  name: 'bigquery',
  title: 'BigQuery',
  regex: RE2_BIGQUERY,
  identifier(name) {
    requireWellFormed(name, 'the column name');
    return `\`${backslashEscaped(name, '`', escapeCodePoint)}\``;
  },
  string(value) {
    requireWellFormed(value, 'the string');
    return `'${backslashEscaped(value, "'", escapeCodePoint)}'`;
  },
  regexSearch: (value, pattern) => `REGEXP_CONTAINS(${value}, ${pattern})`,
  contains: (value, needle) => `STRPOS(${value}, ${needle}) > 0`,
  stringType: 'STRING',
};
