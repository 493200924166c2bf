// Streaming UTF-8 decoding that says where the input is not UTF-8 (docs/security.md):
// the events readers decode chunks of bytes split anywhere, and a line or record
// holding invalid UTF-8 is skipped with the byte offset of its first invalid
// sequence instead of silently reading U+FFFD.
//
// Valid input costs what TextDecoder costs plus one indexOf of U+FFFD per chunk (V8
// answers that at once for a one-byte string). Only a chunk whose text holds a U+FFFD
// is scanned byte by byte: each U+FFFD of the text is either a real U+FFFD in the
// input (the bytes EF BF BD) or the replacement of one invalid sequence, and both come
// in the same order in the bytes as in the text, so the scan pairs them up. The
// decoder carries at most 3 bytes of an unfinished sequence into the next chunk; this
// module carries the same bytes to scan them with the next chunk.
//
// Where the platform has one (Node: buffer.isAscii and a latin1 copy), a chunk of
// ASCII bytes becomes its text without TextDecoder (about five times faster, and most
// event files are ASCII); it is used only when no sequence is unfinished and after
// TextDecoder has produced text (so that its byte order mark handling, which applies at
// the start of its output, is unchanged).

import { invalidSequences } from './utf8';
import { concatBytes } from '../collections/concat-bytes';

/** One invalid UTF-8 sequence of a decoded chunk. */
export interface InvalidUtf8Mark {
  /** UTF-16 offset of its U+FFFD in the chunk's text. */
  offset: number;
  /** Offset of its first byte in the stream (from the decoder's start offset). */
  byteOffset: number;
  /** The invalid bytes (1 to 3). */
  bytes: number[];
}

/** The text of a chunk of ASCII bytes, or undefined when the chunk is not all ASCII. */
export type AsciiText = (chunk: Uint8Array) => string | undefined;

export interface DecodedChunk {
  text: string;
  /** In text order; empty when the chunk is valid UTF-8. */
  invalid: InvalidUtf8Mark[];
}

const NO_MARKS: InvalidUtf8Mark[] = [];
const EMPTY = new Uint8Array(0);

export class Utf8StreamDecoder {
  private readonly decoder: TextDecoder;
  /** The bytes of an unfinished sequence at the end of the chunks so far (at most 3). */
  private pending: Uint8Array = EMPTY;
  /** Stream offset of the next chunk's first byte. */
  private offset: number;
  /** TextDecoder has produced text: its byte order mark handling is over. */
  private started = false;

  /**
   * `startOffset`: the stream offset of the first byte given (a reader that starts in
   * the middle of a file names offsets in the whole file). A leading byte order mark
   * is dropped, as TextDecoder does, unless `keepBom`. `asciiText`: the platform's fast
   * decoding of ASCII chunks, if any.
   */
  constructor(startOffset = 0, keepBom = false, private readonly asciiText?: AsciiText) {
    this.offset = startOffset;
    this.decoder = new TextDecoder('utf-8', { ignoreBOM: keepBom });
  }

  decode(chunk: Uint8Array): DecodedChunk {
    if (this.started && this.pending.length === 0 && this.asciiText !== undefined) {
      const ascii = this.asciiText(chunk);
      if (ascii !== undefined) {
        this.offset += chunk.length;
        return { text: ascii, invalid: NO_MARKS };
      }
    }
    const text = this.decoder.decode(chunk, { stream: true });
    if (text.length > 0) this.started = true;
    const before = this.pending;
    const start = this.offset - before.length;
    this.offset += chunk.length;
    this.pending = unfinishedTail(before, chunk);
    if (text.indexOf('\uFFFD') === -1) return { text, invalid: NO_MARKS };
    const scanned = before.length === 0 ? chunk : concatBytes(before, chunk);
    return { text, invalid: pairReplacements(text, scanned.subarray(0, scanned.length - this.pending.length), start) };
  }

  /** The end of the input: an unfinished sequence there is invalid. */
  end(): DecodedChunk {
    const text = this.decoder.decode();
    const pending = this.pending;
    this.pending = EMPTY;
    if (pending.length === 0) return { text, invalid: NO_MARKS };
    return { text, invalid: [{ offset: text.length - 1, byteOffset: this.offset - pending.length, bytes: Array.from(pending) }] };
  }
}

/**
 * The invalid sequences of `bytes` (a whole number of sequences, decoded into `text`
 * on their own), each with its U+FFFD in `text`.
 */
function pairReplacements(text: string, bytes: Uint8Array, start: number): InvalidUtf8Mark[] {
  const marks: InvalidUtf8Mark[] = [];
  let replacement = text.indexOf('\uFFFD');
  let i = 0;
  for (const sequence of invalidSequences(bytes)) {
    // Real U+FFFDs (EF BF BD) before this sequence take the text's U+FFFDs before its own.
    for (let real = countRealReplacements(bytes, i, sequence.start); real > 0; real--) replacement = text.indexOf('\uFFFD', replacement + 1);
    marks.push({ offset: replacement, byteOffset: start + sequence.start, bytes: Array.from(bytes.subarray(sequence.start, sequence.end)) });
    replacement = text.indexOf('\uFFFD', replacement + 1);
    i = sequence.end;
  }
  return marks;
}

/** How many times the valid bytes[from, to) hold U+FFFD (EF BF BD; valid, so never misaligned). */
function countRealReplacements(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = from; i + 2 < to; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) {
      count++;
      i += 2;
    }
  }
  return count;
}

/**
 * The bytes the decoder keeps for the next chunk: an unfinished sequence at the end of
 * `before` + `chunk` (a lead byte and the valid continuation bytes after it, fewer
 * than it needs). The decoder starts afresh at every byte that is not a continuation
 * byte (80–BF), so the last such byte among the final three decides.
 */
export function unfinishedTail(before: Uint8Array, chunk: Uint8Array): Uint8Array {
  const total = before.length + chunk.length;
  const at = (i: number): number => (i < before.length ? before[i]! : chunk[i - before.length]!);
  for (let lead = total - 1; lead >= 0 && lead >= total - 3; lead--) {
    const byte = at(lead);
    if (byte >= 0x80 && byte <= 0xbf) continue;
    const need = continuationBytes(byte);
    const have = total - lead - 1;
    if (need <= have) return EMPTY;
    // The first continuation byte's range depends on the lead (no overlong forms, no
    // surrogates, nothing above U+10FFFF); the others are 80–BF.
    if (have >= 1) {
      const second = at(lead + 1);
      const [low, high] = firstContinuationRange(byte);
      if (second < low || second > high) return EMPTY;
    }
    if (lead >= before.length) return chunk.slice(lead - before.length);
    return concatBytes(before.subarray(lead), chunk);
  }
  return EMPTY;
}

/** How many continuation bytes follow a lead byte; 0 for ASCII and bytes that cannot lead. */
function continuationBytes(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return 0;
}

function firstContinuationRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/** The skipped-line reason: `invalid UTF-8 at byte offset 12 (0xE9)`. */
export function invalidUtf8Reason(mark: Pick<InvalidUtf8Mark, 'byteOffset' | 'bytes'>): string {
  const bytes = mark.bytes.map((byte) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  return `invalid UTF-8 at byte offset ${mark.byteOffset} (${bytes})`;
}
