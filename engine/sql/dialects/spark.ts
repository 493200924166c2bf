// Spark SQL: single-quoted strings with backslash escapes (the default
// spark.sql.parser.escapedStringLiterals=false), backquoted identifiers, Java regexes
// through RLIKE (Matcher.find: a search).

import type { Dialect } from '../dialect';
import { backslashEscaped, hex, requireWellFormed } from '../literal-escapes';
import { JAVA_REGEX } from '../regex-syntaxes';

// Spark's \u takes four hex digits; a supplementary character is its surrogate pair.
const escapeCodePoint = (codePoint: number) =>
  String.fromCodePoint(codePoint)
    .split('')
    .map((unit) => `\\u${hex(unit.charCodeAt(0), 4)}`)
    .join('');

export const spark: Dialect = {
  name: 'spark',
  title: 'Spark SQL',
  regex: JAVA_REGEX,
  identifier(name) {
    requireWellFormed(name, 'the column name');
    return `\`${name.replaceAll('`', '``')}\``;
  },
  string(value) {
    requireWellFormed(value, 'the string');
    return `'${backslashEscaped(value, "'", escapeCodePoint)}'`;
  },
  regexSearch: (value, pattern) => `(${value} RLIKE ${pattern})`,
  contains: (value, needle) => `instr(${value}, ${needle}) > 0`,
  stringType: 'STRING',
};
