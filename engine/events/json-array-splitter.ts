// A `.json` events file: one JSON array of objects, streamed. The splitter scans the
// text for the boundaries of the array's elements (tracking strings, escapes and
// nesting depth, jumping through strings with indexOf) and JSON.parses each element
// on its own, so the array is never held whole. An element's "line" is its 1-based
// index in the array (SPEC §3). An element that does not parse or is not an object is
// skipped like a bad NDJSON line; a file that is not an array at all is an error.

import type { EventBatch } from './event';
import { EventFileError } from './event-format';
import { addJsonRecord } from './json-record';

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
  /** Unconsumed text: from the start of the current element (or of unscanned input). */
  private pending = '';
  /** Where scanning resumes in `pending`. */
  private scan = 0;
  /** Start of the current element in `pending`, or -1 between elements. */
  private elementStart = -1;
  private depth = 0;
  private inString = false;
  private elements = 0;
  /** A comma was read and its element has not started yet. */
  private afterComma = false;
  private trailingTextReported = false;

  constructor(private readonly name: string) {}

  push(chunk: string, batch: EventBatch): void {
    const text = this.pending + chunk;
    let i = this.scan;
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
      if (this.elementStart === -1) {
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
        this.elementStart = i;
        this.afterComma = false;
        this.depth = 0;
      }
      if (this.inString) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          i = length;
          break;
        }
        let backslashes = 0;
        while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
        i = quote + 1;
        if (backslashes % 2 === 0) this.inString = false;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.inString = true;
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
    if (this.elementStart !== -1) {
      // Keep the unfinished element; rescanning resumes where this chunk stopped.
      this.pending = text.slice(this.elementStart);
      this.scan = i - this.elementStart;
      this.elementStart = 0;
    } else {
      // Between elements every character was consumed.
      this.pending = '';
      this.scan = 0;
    }
  }

  end(batch: EventBatch): void {
    if (this.state === 'in-array' && this.elementStart !== -1) {
      this.elements++;
      batch.skipped.push({ line: this.elements, reason: 'the JSON array is not closed (missing "]")' });
    } else if (this.state === 'in-array' && this.afterComma) {
      this.emptyElement(batch);
    }
    this.pending = '';
    this.scan = 0;
    this.elementStart = -1;
  }

  private endElement(text: string, end: number, batch: EventBatch): void {
    this.elements++;
    addJsonRecord(text.slice(this.elementStart, end), this.elements, batch);
    this.elementStart = -1;
  }

  private emptyElement(batch: EventBatch): void {
    this.elements++;
    batch.skipped.push({ line: this.elements, reason: 'empty array element' });
  }
}
