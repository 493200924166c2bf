// The lower bound of a UTF-8 text's UTF-16 length (engine/events/utf8-units), against
// the decoder's own length on any bytes: a too-long line is decided from it before the
// whole line is read, so it must never exceed what the readers count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unitsAtLeast } from '../../engine/events/utf8-units';

const decodedLength = (bytes: Uint8Array): number => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).length;

describe('unitsAtLeast', () => {
  it('is at most the decoded length of any bytes, and of any slice of them', () => {
    const pieces = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }).map((text) => new Uint8Array(Buffer.from(text, 'utf8'))),
      fc.constantFrom([0xf0, 0x9f, 0x98, 0x80], [0xf0, 0x9f, 0x98], [0xe2, 0x28, 0xa1], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80], [0xef, 0xbb, 0xbf]).map((bytes) => new Uint8Array(bytes)),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const bytes = new Uint8Array(Buffer.concat(parts));
        expect(unitsAtLeast(bytes, 0, bytes.length)).toBeLessThanOrEqual(decodedLength(bytes));
        // A line's prefix: its bound is at most the whole line's length (a sequence cut at the end completes later).
        const from = bytes.length === 0 ? 0 : a % bytes.length;
        const to = from + (bytes.length === 0 ? 0 : b % (bytes.length - from + 1));
        expect(unitsAtLeast(bytes, from, to)).toBeLessThanOrEqual(decodedLength(bytes.subarray(from)));
      }),
      { numRuns: 3000 },
    );
  });

  it('is the decoded length of text without four-byte characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }).filter((text) => !/[\uD800-\uDFFF]/.test(text)), (text) => {
        const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
        expect(unitsAtLeast(bytes, 0, bytes.length)).toBe(text.length);
      }),
    );
  });
});
