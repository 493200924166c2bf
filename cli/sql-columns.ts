// `--columns field=column,…` for `compile`: which column (or SQL expression, in
// parentheses) holds each field.

import type { ColumnSource } from '../engine/sql/compile-rules-sql';
import { UsageError } from './command';

/**
 * Parses every `--columns` value: comma-separated `FIELD=COLUMN` pairs, where COLUMN is
 * a column name (quoted by the dialect) or `(SQL expression)` used as written. Commas
 * inside parentheses or quotes do not separate pairs.
 */
export function parseColumnMappings(command: string, values: readonly string[]): Map<string, ColumnSource> {
  const mappings = new Map<string, ColumnSource>();
  for (const value of values) {
    for (const pair of splitTopLevel(command, value)) {
      const equals = pair.indexOf('=');
      if (equals <= 0) throw new UsageError(`${command}: --columns expects FIELD=COLUMN, got "${pair}"`);
      const field = pair.slice(0, equals).trim();
      const target = pair.slice(equals + 1).trim();
      if (target === '') throw new UsageError(`${command}: --columns gives no column for "${field}"`);
      if (mappings.has(field)) throw new UsageError(`${command}: --columns maps "${field}" twice`);
      mappings.set(field, columnSource(command, '--columns', target));
    }
  }
  return mappings;
}

function splitTopLevel(command: string, text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  const unbalanced = scanNesting(text, (i) => {
    parts.push(text.slice(start, i));
    start = i + 1;
  });
  if (unbalanced !== undefined) throw new UsageError(`${command}: --columns has ${unbalanced} in "${text}"`);
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/**
 * Walks `text`'s parentheses and quotes, calling `onTopLevelComma` at each comma
 * outside both; what is unbalanced (`an unbalanced ")"`, `an unclosed "(" or quote`), or
 * undefined.
 */
function scanNesting(text: string, onTopLevelComma: (at: number) => void = () => undefined): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) onTopLevelComma(i);
    if (depth < 0) return 'an unbalanced ")"';
  }
  return depth !== 0 || quote !== undefined ? 'an unclosed "(" or quote' : undefined;
}

/**
 * A column name, or `(SQL expression)` used as written. The expression must be one
 * balanced whole, not empty: it goes into the query between parentheses, and `()` or
 * `(a)) OR ((b)` would make SQL that fails or means something else.
 */
export function columnSource(command: string, flag: string, text: string): ColumnSource {
  if (!(text.startsWith('(') && text.endsWith(')'))) return { kind: 'column', name: text };
  const sql = text.slice(1, -1);
  if (sql.trim() === '') throw new UsageError(`${command}: ${flag} has an empty expression "${text}"`);
  // The whole, as the query will hold it: `(a) || (b)` is one expression.
  const unbalanced = scanNesting(text);
  if (unbalanced !== undefined) throw new UsageError(`${command}: ${flag} has ${unbalanced} in the expression "${text}"`);
  return { kind: 'expression', sql };
}
