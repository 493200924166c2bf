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
      mappings.set(field, columnSource(target));
    }
  }
  return mappings;
}

function splitTopLevel(command: string, text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw new UsageError(`${command}: --columns has an unbalanced ")" in "${text}"`);
  }
  if (depth !== 0 || quote !== undefined) throw new UsageError(`${command}: --columns has an unclosed "(" or quote in "${text}"`);
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** A column name, or `(SQL expression)` used as written. */
export function columnSource(text: string): ColumnSource {
  const trimmed = text.trim();
  return trimmed.startsWith('(') && trimmed.endsWith(')') ? { kind: 'expression', sql: trimmed.slice(1, -1) } : { kind: 'column', name: trimmed };
}
