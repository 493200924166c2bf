// Tables for people: aligned plain text for a terminal, GitHub Markdown for PRs.

import { groupedInteger } from '../../engine/text/grouped-integer';
import { groupedDecimal } from '../../engine/text/grouped-decimal';
import { escapeLine } from './terminal-text';
import { tableCell, text as markdownText } from './markdown-text';

export type Align = 'left' | 'right';

export interface Table {
  headers: string[];
  rows: string[][];
  /** Per column; numbers read best right-aligned. Default: first column left, the rest right. */
  align?: Align[];
}

function alignments(table: Table): Align[] {
  return table.align ?? table.headers.map((_, i) => (i === 0 ? 'left' : 'right'));
}

/**
 * Display width of a cell: code points, so accents and emoji don't skew columns much
 * (`[...text].length`, counted without making the array: a report of thousands of
 * channels measures every cell).
 */
export function cellWidth(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff) continue;
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) {
      count--;
      i++;
    }
  }
  return count;
}

/**
 * Columns are aligned up to this width: a wider cell is written whole without padding
 * the others to it, so the text grows with what it shows (a 600,000-character value
 * among 1,000 rows padded every row to it: 600 MB, and a string too long to make).
 */
const MAX_ALIGNED_WIDTH = 80;

export function renderTextTable(raw: Table): string {
  const align = alignments(raw);
  // Cells escaped before measuring, so a name with control characters keeps its column.
  // A row is copied only when one of its cells changes: a report of thousands of
  // channels would otherwise copy every row, and collect the copies.
  const headers = raw.headers.map(escapeLine);
  const rows = raw.rows.map((row) => (row.every((cell) => escapeLine(cell) === cell) ? row : row.map(escapeLine)));
  const widths = headers.map((header) => Math.min(cellWidth(header), MAX_ALIGNED_WIDTH));
  for (const row of rows) {
    for (let column = 0; column < widths.length; column++) widths[column] = Math.max(widths[column]!, Math.min(cellWidth(row[column] ?? ''), MAX_ALIGNED_WIDTH));
  }
  // Each line built as one string, its cells padded to their column's width.
  const line = (cells: readonly string[]): string => {
    let text = '';
    for (let column = 0; column < cells.length; column++) {
      const cell = cells[column]!;
      const fill = ' '.repeat(Math.max(0, widths[column]! - cellWidth(cell)));
      if (column > 0) text += '  ';
      text += align[column] === 'left' ? cell + fill : fill + cell;
    }
    return text.trimEnd();
  };
  const lines: string[] = [line(headers), widths.map((size) => '─'.repeat(size)).join('  ')];
  for (const row of rows) lines.push(line(row));
  return lines.join('\n');
}

/** A cell's text as itself: HTML and Markdown syntax neutralised, and `|`, which would end the cell. */
function escapeMarkdownCell(cell: string): string {
  return tableCell(markdownText(cell));
}

export function renderMarkdownTable(table: Table): string {
  const align = alignments(table);
  const row = (cells: string[]) => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  const separator = `|${align.map((a) => (a === 'right' ? '---:' : ':---')).join('|')}|`;
  return [row(table.headers), separator, ...table.rows.map(row)].join('\n');
}

/** Intl's en-US format of numbers that are not safe integers, made at its first use (engine/text/grouped-integer). */
let integerFormat: Intl.NumberFormat | undefined;

/**
 * A count with thousands separated, as Intl's en-US format writes it. A safe integer
 * (every count) is grouped by hand (engine/text/grouped-integer); anything else (-0,
 * fractions, huge or not finite) is Intl's.
 */
export function formatInteger(value: number): string {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return (integerFormat ??= new Intl.NumberFormat('en-US')).format(value);
  return groupedInteger(value);
}

/** `1 event`, `2 events`: a count with thousands separated, and its noun. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatInteger(count)} ${count === 1 ? one : many}`;
}

/**
 * A credit total: up to 6 decimals, trailing zeros dropped, thousands separated, as
 * Intl's en-US format with `maximumFractionDigits: 6` writes it; by hand
 * (engine/text/grouped-decimal) but for numbers not finite or of 1e21 and more.
 */
export function formatDecimal(value: number): string {
  // A whole credit (first and last touch give only those) has no decimals to round.
  if (Number.isSafeInteger(value)) return formatInteger(value);
  return groupedDecimal(value) ?? (decimalFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 })).format(value);
}

/** Made at its first use: a report's credits never need it. */
let decimalFormat: Intl.NumberFormat | undefined;
