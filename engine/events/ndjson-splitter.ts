// NDJSON / JSON Lines: one JSON object per line. Fed decoded text chunk by chunk, it
// splits complete lines with indexOf and parses each with JSON.parse, so the cost
// per line is the parse itself; a line cut by a chunk boundary waits for the next
// chunk. Lines end with LF or CRLF (the CR is JSON whitespace). A line longer than
// MAX_RECORD_CHARS is not kept: it is skipped, and its text dropped as it arrives.

import type { EventBatch } from './event';
import { addJsonRecord, isBlank } from './json-record';
import { MAX_RECORD_CHARS, RECORD_TOO_LONG } from './record-limit';

export class NdjsonSplitter {
  private carry = '';
  private line = 0;
  /** The current line passed MAX_RECORD_CHARS: its text is dropped up to its newline. */
  private overlong = false;

  /** Adds the events and skipped lines completed by this chunk to `batch`. */
  push(chunk: string, batch: EventBatch): void {
    const text = this.carry === '' ? chunk : this.carry + chunk;
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) break;
      if (this.overlong || newline - start > MAX_RECORD_CHARS) this.skipOverlong(batch);
      else this.record(text, start, newline, batch);
      start = newline + 1;
    }
    this.carry = start === 0 ? text : text.slice(start);
    if (this.carry.length > MAX_RECORD_CHARS) {
      this.overlong = true;
      this.carry = '';
    }
  }

  /** The last line, when the input does not end with a newline. */
  end(batch: EventBatch): void {
    if (this.overlong) this.skipOverlong(batch);
    else if (this.carry !== '') this.record(this.carry, 0, this.carry.length, batch);
    this.carry = '';
  }

  private skipOverlong(batch: EventBatch): void {
    this.line++;
    this.overlong = false;
    batch.skipped.push({ line: this.line, reason: RECORD_TOO_LONG });
  }

  private record(text: string, start: number, end: number, batch: EventBatch): void {
    this.line++;
    // Fast path: an object line starts with `{`; anything else may be blank.
    if (text.charCodeAt(start) !== 123 /* { */ && isBlank(text, start, end)) return;
    addJsonRecord(text.slice(start, end), this.line, batch);
  }
}
