// The bytes the CSV reader parses (./csv-reader): UTF-8 without the byte order mark,
// whatever the file's encoding and however its bytes are cut into chunks.
//
// A file starting with the UTF-16LE byte order mark (FF FE) is UTF-16 text; one in
// another UTF-16 or UTF-32 is refused by name (./wide-unicode); any other is UTF-8, its
// byte order mark (EF BB BF) dropped. The first four bytes are gathered before that is
// decided: standard input may give them one at a time, and the first chunk alone once
// decided it (a UTF-16 file whose first chunk was the byte FF was refused as a header of
// invalid UTF-8). UTF-16 is decoded here (../text/utf16le-stream:
// csv-parse's own UTF-16 reading lost its place at a chunk cut inside a code unit or a
// CRLF, and took bytes across two code units for a comma or a line break), into WTF-8,
// so that a lone surrogate is kept; its cells are decoded by ../text/wtf8.
//
// UTF-8 is given as it comes and also decoded (../text/utf8-stream) only to find invalid
// sequences, by their byte offset in the input, the byte order mark counted. Text
// (in-memory chunks, already decoded) is encoded to UTF-8 and not checked.

import { concatBytes } from '../collections/concat-bytes';
import { Utf8StreamDecoder, type InvalidUtf8Mark } from '../text/utf8-stream';
import { Utf16LeToWtf8Stream } from '../text/utf16le-stream';
import { refuseWideUnicode, WIDE_MARK_BYTES, wideEncoding } from './wide-unicode';

export interface CsvBytes {
  /** UTF-8 (WTF-8 for a UTF-16 file), the byte order mark dropped. */
  bytes: Uint8Array;
  /** Invalid UTF-8 sequences, by their offset in the input's bytes. */
  invalid: readonly InvalidUtf8Mark[];
}

const EMPTY = new Uint8Array(0);
const NO_MARKS: readonly InvalidUtf8Mark[] = [];
const NOTHING: CsvBytes = { bytes: EMPTY, invalid: NO_MARKS };

const textEncoder = new TextEncoder();

/** Chunks are all bytes or all text, as one input gives them. */
export class CsvInput {
  /** Known from the first bytes: 'utf-16le' when they are FF FE. */
  encoding: 'utf-8' | 'utf-16le' | undefined;
  /** How many bytes of the input came before the first byte given out (its byte order mark). */
  bomLength = 0;
  /** The first bytes, until there are WIDE_MARK_BYTES (or the input ends). */
  private head: Uint8Array = EMPTY;
  private utf8: Utf8StreamDecoder | undefined;
  private utf16: Utf16LeToWtf8Stream | undefined;

  /** `where` names the input in the refusal of a UTF-16 or UTF-32 one. */
  constructor(private readonly where: string) {}

  push(chunk: Uint8Array | string): CsvBytes {
    if (typeof chunk === 'string') {
      if (chunk.length === 0) return NOTHING;
      if (this.encoding === undefined) {
        this.encoding = 'utf-8';
        if (chunk.charCodeAt(0) === 0xfeff) {
          chunk = chunk.slice(1);
          this.bomLength = 3;
        }
      }
      return { bytes: textEncoder.encode(chunk), invalid: NO_MARKS };
    }
    if (this.encoding === undefined) {
      // Kept past this chunk: concatBytes copies, should the chunk's memory be reused.
      this.head = concatBytes(this.head, chunk);
      if (this.head.length < WIDE_MARK_BYTES) return NOTHING;
      return this.decide();
    }
    return this.decode(chunk);
  }

  end(): CsvBytes {
    const last = this.encoding === undefined ? this.decide() : NOTHING;
    if (this.utf16 !== undefined) return { bytes: concatBytes(last.bytes, this.utf16.end()), invalid: NO_MARKS };
    if (this.utf8 !== undefined) return { bytes: last.bytes, invalid: [...last.invalid, ...this.utf8.end().invalid] };
    return last;
  }

  private decide(): CsvBytes {
    const head = this.head;
    this.head = EMPTY;
    const wide = wideEncoding(head);
    if (wide?.name === 'UTF-16LE' && wide.mark !== undefined) {
      this.encoding = 'utf-16le';
      this.bomLength = 2;
      this.utf16 = new Utf16LeToWtf8Stream();
      return { bytes: this.utf16.decode(head.subarray(2)), invalid: NO_MARKS };
    }
    refuseWideUnicode(head, this.where, 'csv');
    this.encoding = 'utf-8';
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) this.bomLength = 3;
    // Offsets in the input, the byte order mark counted, as skipped rows name them.
    this.utf8 = new Utf8StreamDecoder(0);
    return { bytes: head.subarray(this.bomLength), invalid: this.utf8.decode(head).invalid };
  }

  private decode(chunk: Uint8Array): CsvBytes {
    if (this.utf16 !== undefined) return { bytes: this.utf16.decode(chunk), invalid: NO_MARKS };
    return { bytes: chunk, invalid: this.utf8?.decode(chunk).invalid ?? NO_MARKS };
  }
}
