// The text and Markdown reports' tables (cli/format/table): counts are grouped by hand,
// cell widths counted without an array and lines built without copying rows, for
// speed, and must give exactly what Intl's en-US format, the string's code points and
// the plain way of writing a table give.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellWidth, formatDecimal, formatInteger, renderTextTable, type Align, type Table } from '../../cli/format/table';
import { escapeLine } from '../../cli/format/terminal-text';
import { groupedDecimal } from '../../engine/text/grouped-decimal';
import { groupedInteger } from '../../engine/text/grouped-integer';
import { TOO_LONG_LINE } from '../../engine/report/range-columns';

const intl = new Intl.NumberFormat('en-US');
const intlDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

describe('formatInteger and formatDecimal', () => {
  it("writes every number as Intl's en-US format does", () => {
    const numbers = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      fc.double(),
      fc.constantFrom(0, -0, 999, 1000, -1000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, -Number.MAX_SAFE_INTEGER, 1e21, 0.5, 1.0005, NaN, Infinity, -Infinity),
    );
    fc.assert(
      fc.property(numbers, (value) => {
        expect(formatInteger(value)).toBe(intl.format(value));
        expect(formatDecimal(value)).toBe(intlDecimal.format(value));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('groupedDecimal (engine/text/grouped-decimal)', () => {
  it("writes every number below 1e21 as Intl's en-US format with at most 6 decimals does, without Intl", () => {
    // Credits (sums of fractions k/n), decimals of 7 and more places (ties at the 7th among them), the
    // smallest sizes (String writes an exponent below 1e-6), large numbers with a fraction, any double.
    const credit = fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 5_000 })).map(([k, n]) => k / n);
    const decimal = fc.tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 12 })).map(([digits, places]) => Number(`${digits}e-${places}`));
    const tie = fc.tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 99_999 })).map(([whole, sixth]) => Number(`${whole}.${String(sixth).padStart(6, '0')}5`));
    const tiny = fc.double({ min: -2e-6, max: 2e-6, noNaN: true });
    const large = fc.double({ min: -1e21, max: 1e21, noNaN: true });
    const numbers = fc.oneof(credit, decimal, tie, tiny, large, fc.double(), fc.constantFrom(5e-7, -5e-7, 4.9e-7, 9.9999995e-7, 0.9999995, 999_999.9999995, 99.9999999, 1.0000005, 5e-324, -0, 0.30000000000000004, 1e21 - 65_536, 123456789012345.67));
    fc.assert(
      fc.property(numbers, (value) => {
        const written = groupedDecimal(value);
        if (Number.isFinite(value) && Math.abs(value) < 1e21) expect(written).toBe(intlDecimal.format(value));
        else expect(written).toBeUndefined();
        expect(formatDecimal(value)).toBe(intlDecimal.format(value));
      }),
      { numRuns: 50_000 },
    );
  });
});

describe('groupedInteger (engine/text/grouped-integer)', () => {
  it("groups every safe integer as Intl's en-US format does, without Intl", () => {
    const integers = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }));
    fc.assert(
      fc.property(integers, (value) => {
        if (!Object.is(value, -0)) expect(groupedInteger(value)).toBe(intl.format(value));
      }),
      { numRuns: 20_000 },
    );
    expect(TOO_LONG_LINE).toBe('line longer than 16,777,216 characters, the limit for one event line');
  });
});

describe('cellWidth', () => {
  it('counts code points as the string iterator does, lone surrogates one each', () => {
    const units = fc.array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0xd7f0, max: 0xe010 }), fc.integer({ min: 0, max: 0xffff })), { maxLength: 24 });
    fc.assert(
      fc.property(units, (codes) => {
        const text = String.fromCharCode(...codes);
        expect(cellWidth(text)).toBe([...text].length);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('renderTextTable', () => {
  /**
   * The table written the plain way: every row's cells escaped, measured, padded by
   * `[...text].length` up to the widest cell of at most 80 (wider ones are written
   * whole), joined.
   */
  function reference(table: Table): string {
    const headers = table.headers.map(escapeLine);
    const rows = table.rows.map((row) => row.map(escapeLine));
    const align = table.align ?? headers.map((_, i) => (i === 0 ? 'left' : 'right'));
    const width = (cell: string) => Math.min([...cell].length, 80);
    const widths = headers.map(width);
    for (const row of rows) for (let column = 0; column < widths.length; column++) widths[column] = Math.max(widths[column]!, width(row[column] ?? ''));
    const pad = (cell: string, size: number, side: string | undefined) => {
      const fill = ' '.repeat(Math.max(0, size - [...cell].length));
      return side === 'left' ? cell + fill : fill + cell;
    };
    const line = (cells: string[]) => cells.map((cell, column) => pad(cell, widths[column]!, align[column])).join('  ').trimEnd();
    return [line(headers), widths.map((size) => '─'.repeat(size)).join('  '), ...rows.map(line)].join('\n');
  }

  it('is the plain way of writing it, whatever the cells (control characters, surrogates, short and long rows)', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.string({ maxLength: 4, unit: 'binary' }),
      fc.constantFrom('', 'é', '😀', '\ud800', 'a\nb', '\u0007', '1,234', 'x'.repeat(79), 'y'.repeat(80), '😀'.repeat(81), 'z'.repeat(500)),
    );
    const table = fc.integer({ min: 1, max: 4 }).chain((columns) =>
      fc.record({
        headers: fc.array(cell, { minLength: columns, maxLength: columns }),
        rows: fc.array(fc.array(cell, { minLength: 0, maxLength: columns + 1 }), { maxLength: 8 }),
        align: fc.option(fc.array(fc.constantFrom<Align>('left', 'right'), { minLength: columns, maxLength: columns }), { nil: undefined }),
      }),
    );
    fc.assert(
      fc.property(table, (each) => {
        const input: Table = each.align === undefined ? { headers: each.headers, rows: each.rows } : { headers: each.headers, rows: each.rows, align: each.align };
        expect(renderTextTable(input)).toBe(reference(input));
      }),
      { numRuns: 3000 },
    );
  });

  it('grows with what it shows: a very wide cell does not pad every row to its width', () => {
    const rows = Array.from({ length: 1000 }, (_, k) => [`v${k}`, '1']);
    rows.push(['x'.repeat(600_000), '1']);
    const text = renderTextTable({ headers: ['value', 'events'], rows });
    expect(text.length).toBeLessThan(700_000);
  });
});
