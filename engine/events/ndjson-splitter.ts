// NDJSON / JSON Lines: one JSON object per line. Fed decoded text chunk by chunk, it
// splits complete lines with indexOf and parses each with JSON.parse, so the cost
// per line is the parse itself; a line cut by a chunk boundary waits for the next
// chunk. Lines end with LF or CRLF (the CR is JSON whitespace).
//
// A line longer than `maxLine` characters (16 Mi by default; an event is a few
// hundred bytes) is skipped as it streams, never held: a file of one endless line
// (a decompression bomb of zeros, a binary file) costs time linear in its size and
// memory bounded by the limit.

import type { EventBatch } from './event';
import { addJsonRecord, isBlank } from './json-record';

export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

export class NdjsonSplitter {
  private carry = '';
  private line = 0;
  /** The current line ran past maxLine: its rest is dropped up to the next newline. */
  private dropping = false;

  constructor(private readonly maxLine = MAX_LINE_LENGTH) {}

  /** Adds the events and skipped lines completed by this chunk to `batch`. */
  push(chunk: string, batch: EventBatch): void {
    let start = 0;
    if (this.carry !== '' || this.dropping) {
      // Finish the line begun in earlier chunks; look for its end in this chunk only.
      const newline = chunk.indexOf('\n');
      if (newline === -1) {
        this.keep(chunk, batch);
        return;
      }
      if (this.dropping) {
        this.dropping = false;
      } else {
        const line = this.carry + chunk.slice(0, newline);
        this.carry = '';
        this.record(line, 0, line.length, batch);
      }
      start = newline + 1;
    }
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      if (newline === -1) break;
      this.record(chunk, start, newline, batch);
      start = newline + 1;
    }
    if (start < chunk.length) this.keep(start === 0 ? chunk : chunk.slice(start), batch);
  }

  /** The last line, when the input does not end with a newline. */
  end(batch: EventBatch): void {
    if (this.carry !== '') this.record(this.carry, 0, this.carry.length, batch);
    this.carry = '';
    this.dropping = false;
  }

  /** Keeps the start of an unfinished line, unless it grew past maxLine. */
  private keep(text: string, batch: EventBatch): void {
    if (this.dropping) return;
    if (this.carry.length + text.length <= this.maxLine) {
      this.carry = this.carry === '' ? text : this.carry + text;
      return;
    }
    this.carry = '';
    this.dropping = true;
    this.line++;
    this.skipLong(batch);
  }

  private skipLong(batch: EventBatch): void {
    batch.skipped.push({ line: this.line, reason: `line longer than ${this.maxLine} characters` });
  }

  private record(text: string, start: number, end: number, batch: EventBatch): void {
    this.line++;
    if (end - start > this.maxLine) {
      this.skipLong(batch);
      return;
    }
    // Fast path: an object line starts with `{`; anything else may be blank.
    if (text.charCodeAt(start) !== 123 /* { */ && isBlank(text, start, end)) return;
    addJsonRecord(text.slice(start, end), this.line, batch);
  }
}
