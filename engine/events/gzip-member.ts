// The framing of a gzip stream (RFC 1952 §2.3) that both gzip readers apply alike: the
// header of each member, checked as zlib checks it, and what may follow the last
// member. ./inflate-bytes (fflate, the web build) parses every header here, since
// fflate checks neither reserved flags nor the header CRC; ./gzip-reader (Node's zlib)
// applies the padding rule, since zlib stops at a zero byte after a member and drops
// the rest without a word.
//
// The padding rule follows GNU gzip: zero bytes after the last member are padding (tape
// and block writers leave them) when they run to the end of the file; a byte other
// than zero after them is damage (gzip says "trailing garbage ignored" and exits 2),
// since what follows might be events that would be silently missing from the figures.

import { crc32 } from './crc32';

/** The header is wrong at `offset`, or (`truncated`) the bytes end inside it. */
export class GzipHeaderError extends Error {
  constructor(
    readonly offset: number,
    reason: string,
    readonly truncated = false,
  ) {
    super(reason);
  }
}

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;

/**
 * The offset where the deflate data of the member whose header starts at `at` begins.
 * Throws GzipHeaderError with zlib's own reasons, in zlib's order of checks.
 */
export function gzipDataStart(bytes: Uint8Array, at: number): number {
  const byte = (offset: number): number => {
    if (offset >= bytes.length) throw new GzipHeaderError(bytes.length, 'the data ends early (truncated)', true);
    return bytes[offset]!;
  };
  // zlib reads the magic, then the method with the flags, two bytes at a time: a
  // file that ends inside a pair is cut short before either byte is judged.
  byte(at + 1);
  if (bytes[at] !== 0x1f || bytes[at + 1] !== 0x8b) throw new GzipHeaderError(at, 'incorrect header check');
  const flags = byte(at + 3);
  if (bytes[at + 2] !== 8) throw new GzipHeaderError(at + 2, 'unknown compression method');
  if ((flags & RESERVED) !== 0) throw new GzipHeaderError(at + 3, 'unknown header flags set');
  let cursor = at + 10;
  byte(cursor - 1);
  if ((flags & FEXTRA) !== 0) {
    cursor += 2 + (byte(cursor) | (byte(cursor + 1) << 8));
    byte(cursor - 1);
  }
  if ((flags & FNAME) !== 0) while (byte(cursor++) !== 0);
  if ((flags & FCOMMENT) !== 0) while (byte(cursor++) !== 0);
  if ((flags & FHCRC) !== 0) {
    // The low 16 bits of the CRC-32 of the header's bytes before it.
    const stored = byte(cursor) | (byte(cursor + 1) << 8);
    if (stored !== (crc32(bytes.subarray(at, cursor)) & 0xffff)) throw new GzipHeaderError(cursor + 1, 'header crc mismatch');
    cursor += 2;
  }
  return cursor;
}

/** Why the byte at `offset` after the zero padding starting at `paddingStart` is damage. */
export function paddingDamage(paddingStart: number): string {
  return `not zero padding: zero bytes after a gzip member (from byte ${paddingStart}) may only run to the end of the file`;
}

/** The offset of the first byte of `bytes` from `from` on that is not zero, or -1. */
export function firstNonZero(bytes: Uint8Array, from = 0): number {
  for (let index = from; index < bytes.length; index++) if (bytes[index] !== 0) return index;
  return -1;
}
