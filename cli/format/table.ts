// Tables for people: aligned plain text for a terminal, GitHub Markdown for PRs.

import { escapeLine } from './terminal-text';

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

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - cellWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

export function renderTextTable(raw: Table): string {
  // Cells escaped before measuring, so a name with control characters keeps its column.
  const table = { ...raw, headers: raw.headers.map(escapeLine), rows: raw.rows.map((row) => row.map(escapeLine)) };
  const align = alignments(table);
  const widths = table.headers.map(cellWidth);
  for (const row of table.rows) {
    for (let column = 0; column < widths.length; column++) widths[column] = Math.max(widths[column]!, cellWidth(row[column] ?? ''));
  }
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => pad(cell, widths[column]!, align[column]!))
      .join('  ')
      .trimEnd();
  const rule = widths.map((size) => '─'.repeat(size)).join('  ');
  return [line(table.headers), rule, ...table.rows.map(line)].join('\n');
}

function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderMarkdownTable(table: Table): string {
  const align = alignments(table);
  const row = (cells: string[]) => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  const separator = `|${align.map((a) => (a === 'right' ? '---:' : ':---')).join('|')}|`;
  return [row(table.headers), separator, ...table.rows.map(row)].join('\n');
}

const integerFormat = new Intl.NumberFormat('en-US');

/**
 * A count with thousands separated, as Intl's en-US format writes it. A safe integer
 * (every count) is grouped by hand: Intl's format costs about a microsecond a call,
 * most of a text report of thousands of channels. Anything else (-0, fractions, huge
 * or not finite) is Intl's.
 */
export function formatInteger(value: number): string {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return integerFormat.format(value);
  const digits = String(value < 0 ? -value : value);
  let grouped = digits.length > 3 ? '' : digits;
  if (digits.length > 3) {
    const head = digits.length % 3 || 3;
    grouped = digits.slice(0, head);
    for (let at = head; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  }
  return value < 0 ? `-${grouped}` : grouped;
}

/** A credit total: up to 6 decimals, trailing zeros dropped, thousands separated. */
export function formatDecimal(value: number): string {
  // A whole credit (first and last touch give only those) has no decimals to round.
  return Number.isSafeInteger(value) ? formatInteger(value) : decimalFormat.format(value);
}

const decimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
