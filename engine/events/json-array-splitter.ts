// A `.json` events file: one JSON array of objects, streamed. The splitter scans the
// text for the boundaries of the array's elements (tracking strings, escapes and
// nesting depth, jumping through strings with indexOf) and JSON.parses each element
// on its own, so the array is never held whole. Only each new chunk is scanned (an
// element cut by chunk boundaries is kept as its pieces), so a huge element costs
// time linear in its length, and an element longer than 64 MiB (a file of one endless
// element) is skipped with that reason as it streams, its text not kept (as a CSV row
// is, ./record-limit). An element's "line" is its 1-based
// index in the array (SPEC §3). An element that does not parse or is not an object is
// skipped like a bad NDJSON line; a file that is not an array at all is an error. An
// element holding invalid UTF-8 (the decoder's marks, ../text/utf8-stream) is skipped
// with the byte offset of its first invalid sequence.

import type { EventBatch } from './event';
import { EventFileError } from './event-format';
import { addJsonRecord } from './json-record';
import { MAX_RECORD_CHARS, RECORD_TOO_LONG } from './record-limit';
import { MarkCursor } from './mark-cursor';
import { digitRunMarks, hasLongInteger, type DigitRunMark } from './exact-integers';
import { invalidUtf8Reason, type InvalidUtf8Mark } from '../text/utf8-stream';

type State = 'before-array' | 'in-array' | 'after-array';

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

export class JsonArraySplitter {
  private state: State = 'before-array';
  /** The current element's text from earlier chunks (only each new chunk is scanned). */
  private pieces: string[] = [];
  private piecesLength = 0;
  /** The current element is longer than the limit: its text is dropped until its end. */
  private tooLong = false;
  /** Inside an element; it starts at `elementStart` of the current chunk, after `pieces`. */
  private inElement = false;
  private elementStart = 0;
  private depth = 0;
  private inString = false;
  /** In a string: how many backslashes come right before the scan position (from earlier chunks). */
  private backslashes = 0;
  private elements = 0;
  /** A comma was read and its element has not started yet. */
  private afterComma = false;
  private trailingTextReported = false;
  private readonly invalid = new MarkCursor<InvalidUtf8Mark>();
  /** Where an integer beyond ±2^53 may be (./exact-integers). */
  private readonly longIntegers = new MarkCursor<DigitRunMark>();
  /** The first invalid UTF-8 sequence of the current element's earlier chunks. */
  private pendingInvalid: InvalidUtf8Mark | undefined;

  /** `maxElementLength`: the longest element kept, in characters (tests pass a small one). */
  constructor(
    private readonly name: string,
    private readonly maxElementLength = MAX_RECORD_CHARS,
  ) {}

  push(chunk: string, batch: EventBatch, invalid?: readonly InvalidUtf8Mark[]): void {
    const text = chunk;
    this.invalid.reset(invalid);
    this.longIntegers.reset(digitRunMarks(text));
    this.elementStart = 0;
    let i = 0;
    const length = text.length;
    while (i < length) {
      if (this.state === 'before-array') {
        const c = text.charCodeAt(i);
        if (isWhitespace(c)) {
          i++;
          continue;
        }
        if (c !== OPEN_BRACKET) {
          throw new EventFileError(
            `${this.name}: a .json events file must hold a JSON array of events, or one JSON object per line`,
          );
        }
        this.state = 'in-array';
        i++;
        continue;
      }
      if (this.state === 'after-array') {
        for (; i < length && !this.trailingTextReported; i++) {
          if (!isWhitespace(text.charCodeAt(i))) {
            this.trailingTextReported = true;
            batch.skipped.push({ line: this.elements + 1, reason: 'text after the end of the JSON array' });
          }
        }
        i = length;
        break;
      }
      if (!this.inElement) {
        const c = text.charCodeAt(i);
        if (isWhitespace(c)) {
          i++;
            continue;
        }
        if (c === CLOSE_BRACKET) {
          if (this.afterComma) this.emptyElement(batch);
          this.state = 'after-array';
          i++;
            continue;
        }
        if (c === COMMA) {
          // `[,` or `,,`: an element with no value.
          this.emptyElement(batch);
          this.afterComma = true;
          i++;
            continue;
        }
        this.inElement = true;
        this.elementStart = i;
        this.afterComma = false;
        this.depth = 0;
      }
      if (this.inString) {
        const quote = text.indexOf('"', i);
        const stop = quote === -1 ? length : quote;
        // The backslashes right before the quote (or the chunk's end); when they reach
        // back to where scanning started, those before it count too.
        let backslashes = 0;
        while (stop - 1 - backslashes >= i && text.charCodeAt(stop - 1 - backslashes) === BACKSLASH) backslashes++;
        if (stop - backslashes === i) backslashes += this.backslashes;
        if (quote === -1) {
          this.backslashes = backslashes;
          i = length;
          break;
        }
        this.backslashes = 0;
        i = quote + 1;
        if (backslashes % 2 === 0) this.inString = false;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.inString = true;
        this.backslashes = 0;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.depth === 0 && c === CLOSE_BRACKET) {
          this.endElement(text, i, batch);
          this.state = 'after-array';
          i++;
            continue;
        }
        this.depth--;
      } else if (c === COMMA && this.depth === 0) {
        this.endElement(text, i, batch);
        this.afterComma = true;
        i++;
        continue;
      }
      i++;
    }
    // Keep the unfinished element's text; scanning resumes with the next chunk.
    if (this.inElement && this.elementStart < length) {
      this.pendingInvalid ??= this.invalid.firstBefore(length);
      this.piecesLength += length - this.elementStart;
      if (this.piecesLength > this.maxElementLength) this.tooLong = true;
      if (this.tooLong) this.pieces = [];
      else this.pieces.push(this.elementStart === 0 ? text : text.slice(this.elementStart));
    }
  }

  end(batch: EventBatch): void {
    // A file cut short (a truncated download) ends inside the array, whether in an
    // element, after a comma (`[{…},`) or right after `[`: the array is not closed, at
    // the element that would come next. After a comma, no element is empty: the file ended.
    if (this.state === 'in-array') {
      this.elements++;
      batch.skipped.push({ line: this.elements, reason: 'the JSON array is not closed (missing "]")' });
    }
    this.forgetElement();
  }

  private forgetElement(): void {
    this.pieces = [];
    this.piecesLength = 0;
    this.tooLong = false;
    this.inElement = false;
    this.pendingInvalid = undefined;
  }

  private endElement(text: string, end: number, batch: EventBatch): void {
    this.elements++;
    const invalid = this.pendingInvalid ?? this.invalid.firstBefore(end);
    if (this.tooLong || this.piecesLength + (end - this.elementStart) > this.maxElementLength) {
      this.longIntegers.firstBefore(end);
      batch.skipped.push({ line: this.elements, reason: `array element ${RECORD_TOO_LONG}` });
    } else if (invalid !== undefined) {
      batch.skipped.push({ line: this.elements, reason: invalidUtf8Reason(invalid) });
    } else {
      const here = text.slice(this.elementStart, end);
      const inChunk = this.longIntegers.firstBefore(end) !== undefined;
      if (this.pieces.length === 0) {
        addJsonRecord(here, this.elements, batch, inChunk);
      } else {
        // Checked whole: its digit runs may span chunks. Joined with its last piece in
        // one copy: `join('') + here` made a cons string that the checks and JSON.parse
        // flattened, a second copy of an element of hundreds of megabytes.
        this.pieces.push(here);
        const whole = this.pieces.join('');
        addJsonRecord(whole, this.elements, batch, hasLongInteger(whole));
      }
    }
    this.forgetElement();
  }

  private emptyElement(batch: EventBatch): void {
    this.elements++;
    batch.skipped.push({ line: this.elements, reason: 'empty array element' });
  }
}
