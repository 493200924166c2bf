// The text and Markdown reports' tables (cli/format/table): counts are grouped by hand
// and cell widths counted without an array, for speed, and must give exactly what
// Intl's en-US format and the string's code points give.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellWidth, formatDecimal, formatInteger } from '../../cli/format/table';

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
