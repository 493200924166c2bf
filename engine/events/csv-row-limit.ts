// Where csv-parse's rows end, found ahead of it, so that the CSV reader (./csv-reader)
// never gives it more of a row than the limit. csv-parse's own limit (max_record_size)
// reported the row and then returned from its chunk without clearing the row, so every
// later chunk failed at its first byte: a 70 MB row lost every row after it, reported as
// one skip per chunk. Here the bytes of a row past the limit are dropped up to the row's
// end (nothing of it is held), csv-parse keeps only what it was given before, and the
// reader starts a new csv-parse after the row's line break.
//
// The rules are csv-parse's for the reader's options (delimiter `,`, quote and escape
// `"`, relax_quotes, a row ended by CRLF, LF or a CR alone), in UTF-8, where each of
// those characters is one byte that no other character's bytes hold:
// - outside a quoted cell, a line break ends the row and a comma the cell;
// - a quote that is a cell's first byte opens a quoted cell; anywhere else outside one
//   it is text;
// - inside a quoted cell, `""` is a quote; a quote followed by a comma, a line break or
//   the end closes the cell; followed by anything else it closes the cell too, as text
//   (relax_quotes: `"a"b` is the text `"a"b`, and the cell goes on unquoted).
// A row's length is its bytes, its line break not counted (csv-parse measures the text
// of its cells, never longer, so its own limit, kept at the same value, is never
// reached first). test/events/csv-row-limit.test.ts checks that rows end where
// csv-parse ends them, on random files cut anywhere.

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

export class CsvRowLimit {
  /** The current row is longer than the limit: its bytes are not parsed, up to its end. */
  skipping = false;
  /** The line breaks inside the quoted cells of the last skipped row (a CRLF is one). */
  skippedRowBreaks = 0;
  private rowBytes = 0;
  private rowBreaks = 0;
  private quoted = false;
  /** Outside a quoted cell, with nothing of the current cell read: a quote opens a quoted cell. */
  private cellStart = true;
  /** The last byte was a quote inside a quoted cell: the next one says whether it closed the cell. */
  private quoteInQuoted = false;
  /** Inside a quoted cell, the last byte was a CR: an LF now is the same line break. */
  private afterCr = false;
  /** A CR ended the skipped row at the end of a chunk: an LF first in the next is its line break's. */
  private skippedRowEndsAtCr = false;

  constructor(readonly maxRowBytes: number) {}

  /**
   * Reads `bytes` from `from` and returns where it stopped: at the end of `bytes`; or,
   * reading, at the byte that makes the row longer than the limit, not read (`skipping`
   * is then true, and the bytes before it are the ones to parse); or, skipping, after
   * the skipped row's line break (`skipping` is then false, `skippedRowBreaks` set).
   */
  read(bytes: Uint8Array, from: number): number {
    const length = bytes.length;
    if (this.skippedRowEndsAtCr && from < length) {
      this.skippedRowEndsAtCr = false;
      return this.endSkippedRow(bytes[from] === LF ? from + 1 : from);
    }
    // The state in locals for the loop (V8 keeps them in registers: several times faster), written back on every way out.
    const skipping = this.skipping;
    const maxRowBytes = this.maxRowBytes;
    let rowBytes = this.rowBytes;
    let rowBreaks = this.rowBreaks;
    let quoted = this.quoted;
    let cellStart = this.cellStart;
    let quoteInQuoted = this.quoteInQuoted;
    let afterCr = this.afterCr;
    let at = from;
    let end = length;
    for (; at < length; at++) {
      const byte = bytes[at]!;
      // Most bytes: text outside a quoted cell (none of LF, CR, quote and comma is above the quote but the comma).
      if (byte > QUOTE && byte !== COMMA && !quoted) {
        if (rowBytes === maxRowBytes && !skipping) {
          this.skipping = true;
          end = at;
          break;
        }
        rowBytes++;
        cellStart = false;
        continue;
      }
      const endsRow = (byte === LF || byte === CR) && (!quoted || quoteInQuoted);
      if (!endsRow && !skipping) {
        if (rowBytes === maxRowBytes) {
          this.skipping = true;
          end = at;
          break;
        }
        rowBytes++;
      }
      if (quoteInQuoted) {
        quoteInQuoted = false;
        if (byte === QUOTE) continue;
        quoted = false;
        cellStart = false;
      }
      if (quoted) {
        if (byte === QUOTE) quoteInQuoted = true;
        else if (byte === CR || (byte === LF && !afterCr)) rowBreaks++;
        afterCr = byte === CR;
        continue;
      }
      if (endsRow) {
        if (skipping) {
          this.skippedRowBreaks = rowBreaks;
          if (byte === CR && at + 1 === length) {
            this.skippedRowEndsAtCr = true;
            end = length;
          } else {
            this.skipping = false;
            end = byte === CR && bytes[at + 1] === LF ? at + 2 : at + 1;
          }
          break;
        }
        rowBytes = 0;
        rowBreaks = 0;
        cellStart = true;
        continue;
      }
      if (byte === COMMA) cellStart = true;
      else if (byte === QUOTE && cellStart) quoted = true;
      else cellStart = false;
    }
    this.rowBytes = rowBytes;
    this.rowBreaks = rowBreaks;
    this.quoted = quoted;
    this.cellStart = cellStart;
    this.quoteInQuoted = quoteInQuoted;
    this.afterCr = afterCr;
    // The skipped row ended (here, or at a CR that ended the last chunk): the next row starts.
    if (skipping && !this.skipping) this.newRow();
    return end;
  }

  private endSkippedRow(end: number): number {
    this.skipping = false;
    this.newRow();
    return end;
  }

  private newRow(): void {
    this.rowBytes = 0;
    this.rowBreaks = 0;
    this.cellStart = true;
  }
}
