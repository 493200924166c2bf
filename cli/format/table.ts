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

/** Display width of a cell: code points, so accents and emoji don't skew columns much. */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'left' ? text + fill : fill + text;
}

export function renderTextTable(raw: Table): string {
  // Cells escaped before measuring, so a name with control characters keeps its column.
  const table = { ...raw, headers: raw.headers.map(escapeLine), rows: raw.rows.map((row) => row.map(escapeLine)) };
  const align = alignments(table);
  const widths = table.headers.map(width);
  for (const row of table.rows) {
    for (let column = 0; column < widths.length; column++) widths[column] = Math.max(widths[column]!, width(row[column] ?? ''));
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

export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** A credit total: up to 6 decimals, trailing zeros dropped, thousands separated. */
export function formatDecimal(value: number): string {
  return decimalFormat.format(value);
}

const decimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
