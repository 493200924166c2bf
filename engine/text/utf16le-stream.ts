// Streaming UTF-16LE decoding into WTF-8 bytes, for the CSV reader (../events/csv-input):
// csv-parse finds cells and rows in bytes, and in UTF-16 it matched its two-byte
// delimiters at every byte offset (the second byte of one code unit and the first of the
// next: "Ⱡ一" holds 2C 00, a comma) and sized its look-ahead for a line break in UTF-8
// bytes (a CRLF cut after its CR ended the row twice), so the reader gives it UTF-8,
// where a comma, a quote or a line break is one byte that no other character contains.
//
// The chunks may be cut anywhere: an odd byte and a high surrogate are carried into the
// next chunk, so the text is the same however the bytes are cut. A surrogate without its
// other half is kept, as Buffer#toString('utf16le') keeps it (a value is what the file
// holds, not U+FFFD): it is written as WTF-8 does (ED A0..BF 80..BF, three bytes no UTF-8
// text holds), and ./wtf8 decodes it back. An odd byte at the end is dropped, as
// Buffer#toString('utf16le') drops it.

const EMPTY = new Uint8Array(0);

export class Utf16LeToWtf8Stream {
  /** The first byte of a code unit cut by the chunk's end, or -1. */
  private oddByte = -1;
  /** A high surrogate at the end of the chunks so far, waiting for its low half, or -1. */
  private highSurrogate = -1;

  /** The WTF-8 bytes of the code units completed by `chunk`. */
  decode(chunk: Uint8Array): Uint8Array {
    const carried = this.oddByte >= 0 ? 1 : 0;
    const units = (carried + chunk.length) >> 1;
    // Three bytes a unit at most (a pair is four for two), and three for a carried high surrogate left alone.
    const out = new Uint8Array(units * 3 + 3);
    let length = 0;
    let at = 0;
    if (carried === 1 && chunk.length > 0) {
      length = this.unit(this.oddByte | (chunk[0]! << 8), out, length);
      this.oddByte = -1;
      at = 1;
    }
    for (; at + 1 < chunk.length; at += 2) length = this.unit(chunk[at]! | (chunk[at + 1]! << 8), out, length);
    if (at < chunk.length) this.oddByte = chunk[at]!;
    return out.subarray(0, length);
  }

  /** The end of the input: a high surrogate still waiting is kept alone; an odd byte is dropped. */
  end(): Uint8Array {
    this.oddByte = -1;
    if (this.highSurrogate < 0) return EMPTY;
    const out = new Uint8Array(3);
    writeThreeBytes(this.highSurrogate, out, 0);
    this.highSurrogate = -1;
    return out;
  }

  private unit(unit: number, out: Uint8Array, length: number): number {
    if (this.highSurrogate >= 0) {
      const high = this.highSurrogate;
      if (unit >= 0xdc00 && unit <= 0xdfff) {
        this.highSurrogate = -1;
        const codePoint = 0x10000 + ((high - 0xd800) << 10) + (unit - 0xdc00);
        out[length] = 0xf0 | (codePoint >> 18);
        out[length + 1] = 0x80 | ((codePoint >> 12) & 0x3f);
        out[length + 2] = 0x80 | ((codePoint >> 6) & 0x3f);
        out[length + 3] = 0x80 | (codePoint & 0x3f);
        return length + 4;
      }
      this.highSurrogate = -1;
      length = writeThreeBytes(high, out, length);
    }
    if (unit < 0x80) {
      out[length] = unit;
      return length + 1;
    }
    if (unit < 0x800) {
      out[length] = 0xc0 | (unit >> 6);
      out[length + 1] = 0x80 | (unit & 0x3f);
      return length + 2;
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      this.highSurrogate = unit;
      return length;
    }
    // Any other unit, a low surrogate alone too (WTF-8's ED B0..BF xx).
    return writeThreeBytes(unit, out, length);
  }
}

function writeThreeBytes(unit: number, out: Uint8Array, length: number): number {
  out[length] = 0xe0 | (unit >> 12);
  out[length + 1] = 0x80 | ((unit >> 6) & 0x3f);
  out[length + 2] = 0x80 | (unit & 0x3f);
  return length + 3;
}
