// NDJSON / JSON Lines: one JSON object per line. Fed decoded text chunk by chunk, it
// splits complete lines with indexOf and parses each with JSON.parse, so the cost
// per line is the parse itself. A line cut by chunk boundaries is kept as its pieces
// and only each new chunk is searched for its end, so a line of hundreds of megabytes
// costs time linear in its length (not a rescan from its start per chunk). Lines end
// with LF or CRLF; a CRLF line is parsed without its CR, so a damaged one is reported
// in the same words as in an LF file.
//
// A line longer than the longest string JavaScript can hold (2^29 − 24 characters)
// cannot be parsed; it is skipped with that reason and its text is not kept. A line
// holding invalid UTF-8 (the decoder's marks, ../text/utf8-stream) is skipped with the
// byte offset of its first invalid sequence.

import type { EventBatch } from './event';
import { addJsonRecord, isBlank } from './json-record';
import { MarkCursor } from './mark-cursor';
import { digitRunMarks, hasLongInteger, type DigitRunMark } from './exact-integers';
import { invalidUtf8Reason, type InvalidUtf8Mark } from '../text/utf8-stream';

/** V8's longest string (Node's buffer.constants.MAX_STRING_LENGTH), written out so the web build needs no Node module. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

export class NdjsonSplitter {
  /** The unfinished line's text from earlier chunks. */
  private pieces: string[] = [];
  private piecesLength = 0;
  /** The unfinished line is too long to hold: its text is dropped until its end. */
  private tooLong = false;
  /** The first invalid UTF-8 sequence of the unfinished line's earlier chunks. */
  private pendingInvalid: InvalidUtf8Mark | undefined;
  private line = 0;
  private readonly invalid = new MarkCursor<InvalidUtf8Mark>();
  /** Where an integer beyond ±2^53 may be (./exact-integers). */
  private readonly longIntegers = new MarkCursor<DigitRunMark>();

  /**
   * `maxLineLength`: the longest line kept (./read-events passes a lower limit than
   * JavaScript's, so that a decompression bomb of one endless line is skipped in
   * bounded memory); `limit` says what that limit is, in the skip reason.
   */
  constructor(
    private readonly maxLineLength = MAX_STRING_LENGTH,
    private readonly limit = 'the longest text JavaScript can hold',
  ) {}

  /** Lines completed so far (blank ones too); after `end`, the input's lines. */
  get lines(): number {
    return this.line;
  }

  /** Adds the events and skipped lines completed by this chunk to `batch`. */
  push(chunk: string, batch: EventBatch, invalid?: readonly InvalidUtf8Mark[]): void {
    const marks = this.invalid;
    marks.reset(invalid);
    const digits = this.longIntegers;
    digits.reset(digitRunMarks(chunk));
    let start = 0;
    let newline = chunk.indexOf('\n');
    if (newline !== -1 && (this.piecesLength > 0 || this.tooLong)) {
      this.pendingInvalid ??= marks.firstBefore(newline);
      // The line is checked whole for long integers (its runs may span chunks).
      digits.firstBefore(newline);
      this.finishLong(chunk, newline, batch);
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    while (newline !== -1) {
      this.record(chunk, start, newline, batch, marks.firstBefore(newline), digits.firstBefore(newline) !== undefined);
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) {
      this.pendingInvalid ??= marks.firstBefore(chunk.length);
      this.keep(start === 0 ? chunk : chunk.slice(start));
    }
  }

  /** The last line, when the input does not end with a newline. */
  end(batch: EventBatch): void {
    if (this.piecesLength > 0 || this.tooLong) this.finishLong('', 0, batch);
  }

  private keep(piece: string): void {
    if (this.tooLong) return;
    if (this.piecesLength + piece.length > this.maxLineLength) {
      this.tooLong = true;
      this.pieces = [];
      this.piecesLength = 0;
      return;
    }
    this.pieces.push(piece);
    this.piecesLength += piece.length;
  }

  /** The line whose start is in `pieces` and which ends at chunk[end]. */
  private finishLong(chunk: string, end: number, batch: EventBatch): void {
    if (!this.tooLong && end > 0) this.keep(chunk.slice(0, end));
    if (this.tooLong) {
      this.line++;
      batch.skipped.push({
        line: this.line,
        reason: `line longer than ${this.maxLineLength.toLocaleString('en-US')} characters, ${this.limit}`,
      });
    } else {
      const text = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
      this.record(text, 0, text.length, batch, this.pendingInvalid, hasLongInteger(text));
    }
    this.pieces = [];
    this.piecesLength = 0;
    this.tooLong = false;
    this.pendingInvalid = undefined;
  }

  private record(text: string, start: number, end: number, batch: EventBatch, invalid: InvalidUtf8Mark | undefined, longIntegers: boolean): void {
    this.line++;
    if (invalid !== undefined) {
      batch.skipped.push({ line: this.line, reason: invalidUtf8Reason(invalid) });
      return;
    }
    // Fast path: an object line starts with `{`; anything else may be blank.
    if (text.charCodeAt(start) !== 123 /* { */ && isBlank(text, start, end)) return;
    // A CRLF line's CR is its end, not its text: JSON.parse would name it in the reason
    // of a damaged line ("not json\r") and count it in the position it gives.
    if (text.charCodeAt(end - 1) === 13 /* \r */) end--;
    addJsonRecord(text.slice(start, end), this.line, batch, longIntegers);
  }
}
