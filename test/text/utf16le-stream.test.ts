// UTF-16LE bytes cut anywhere, decoded into WTF-8 (engine/text/utf16le-stream) and back
// (engine/text/wtf8), are the text Buffer#toString('utf16le') gives: lone surrogates
// kept, pairs joined across a cut, an odd last byte dropped. The CSV reader reads a
// UTF-16 file so (test/events/csv-utf16.test.ts).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf16LeToWtf8Stream } from '../../engine/text/utf16le-stream';
import { decodeWtf8 } from '../../engine/text/wtf8';
import { cutAt } from '../support/event-chunks';

describe('UTF-16LE to WTF-8 and back', () => {
  it('gives the text Buffer#toString("utf16le") gives, however the bytes are cut', () => {
    const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.constantFrom(0x0a, 0x22, 0x2c, 0xed));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), (units, cuts, odd) => {
        const bytes = Buffer.from(Uint16Array.from(units).buffer);
        const input = odd ? Buffer.concat([bytes, Buffer.of(0x41)]) : bytes;
        const stream = new Utf16LeToWtf8Stream();
        const out = [...cutAt(input, cuts).map((part) => stream.decode(part)), stream.end()];
        expect(decodeWtf8(Buffer.concat(out))).toBe(input.toString('utf16le'));
      }),
      { numRuns: 1000 },
    );
  });

  it('WTF-8 of text with no lone surrogate is its UTF-8', () => {
    const text = 'a,é\u0800\ud7ff\ue000😀\uffff';
    const stream = new Utf16LeToWtf8Stream();
    expect(Buffer.from(stream.decode(Buffer.from(text, 'utf16le'))).equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(decodeWtf8(Buffer.from(text, 'utf8'))).toBe(text);
  });
});
