// CSV events with a header row, read with csv-parse (RFC 4180: quoted cells may hold
// commas, quotes and newlines). Each row becomes an object of header → cell; an empty
// cell, quoted or not, is missing (absent key), and so are the absent cells of a short
// row (SPEC §3). Cells beyond the header are ignored. A repeated header name takes the
// rightmost non-empty cell.
//
// Line numbers are counted here, not taken from csv-parse: its `info.lines` counts a
// CRLF inside a quoted cell as two lines, so it drifts. A row starts on the line after
// the previous row ends, past the empty lines csv-parse skipped (`info.empty_lines`),
// and spans one line more than the line breaks inside its cells. A row ends at LF, CRLF
// or a CR alone, as an editor ends a line.
//
// Quotes that break RFC 4180 (`a"b`, `"a"b`) are kept as text (`relax_quotes`): a
// strict parser resynchronises badly after such a quote and loses the rows that
// follow, which is worse than keeping one odd value. A quote that is never closed
// swallows the rest of the file; that row is skipped and reported.
//
// csv-parse is given UTF-8 without the byte order mark (./csv-input: a file starting with
// the UTF-16LE byte order mark is UTF-16 text, decoded there). UTF-8 is also decoded
// there only to find invalid UTF-8 (../text/utf8-stream): a row whose bytes (csv-parse's
// `info.bytes` marks each row's end) hold an invalid sequence is skipped with its byte
// offset, and a header row holding one is an error for the whole file (its columns
// cannot be named).
//
// A row longer than the limit (64 MiB) is skipped and not held: ./csv-row-limit finds
// where rows end ahead of csv-parse, which is given the row's bytes up to the limit and
// then dropped; a new csv-parse reads from the line after the row. The reader's line
// numbers and byte offsets go on across them.

import { parse, type CsvError, type InfoRecord, type Parser } from 'csv-parse';
import type { EventBatch, EventProps } from './event';
import { EventFileError } from './event-format';
import { CsvInput } from './csv-input';
import { CsvRowLimit } from './csv-row-limit';
import { excelSeparator, headerSeparator } from './csv-separator-line';
import { MAX_RECORD_CHARS, RECORD_TOO_LONG } from './record-limit';
import { invalidUtf8Reason, type InvalidUtf8Mark } from '../text/utf8-stream';
import { decodeWtf8 } from '../text/wtf8';

/** Delivered batches hold at least this many rows (a whole input chunk's worth). */
const BATCH_ROWS = 4096;

/** Line breaks inside the cells: LF, CRLF, or a CR alone (as rows may end: see record_delimiter). */
function countNewlines(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) {
    // Most cells hold no line break: two native scans, not a loop over every character.
    if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) continue;
    for (let at = 0; at < cell.length; at++) {
      const unit = cell.charCodeAt(at);
      if (unit === 0x0a || (unit === 0x0d && cell.charCodeAt(at + 1) !== 0x0a)) count++;
    }
  }
  return count;
}

function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

function setProp(props: EventProps, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(props, key, { value, enumerable: true, writable: true, configurable: true });
  else props[key] = value;
}

function csvSkipReason(error: CsvError): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return 'CSV: a quoted cell is never closed, so the row runs to the end of the file';
  // csv-parse's own line numbers drift (see above): drop them from its message.
  return `CSV: ${error.message.replace(/ (?:at|on) line \d+/g, '')}`;
}

/**
 * Turns csv-parse's rows into events. csv-parse calls `row` and `skip` synchronously,
 * in input order, while it parses a chunk; nothing goes through its readable side.
 * After a row too long to parse, another csv-parse goes on (`startParser`).
 */
class CsvRows {
  batch: EventBatch = { events: [], skipped: [] };
  private header: string[] | undefined;
  /** The physical line after the last row read. */
  private nextLine = 1;
  /** The current csv-parse's `empty_lines` when the last row was read. */
  private emptyLinesSeen = 0;
  /** The offset in the input's bytes of the current csv-parse's first byte (its `info.bytes` count from there). */
  private parserStart = 0;
  /** The first line of the row too long to parse, while it is skipped. */
  longRowLine = 0;
  /** Invalid UTF-8 sequences not yet passed by a row, by byte offset; `byteOffset` relative to the stream's start. */
  private invalid: InvalidUtf8Mark[] = [];
  private nextInvalid = 0;
  /** Invalid UTF-8 in the header row: the whole file is refused. */
  headerError: InvalidUtf8Mark | undefined;
  /** A header row longer than the limit: the whole file is refused, as a row after it read as the header would name every column wrongly. */
  headerTooLong = false;
  /** A separator other than the comma, named by an Excel separator line on line 1 or plainly cutting a one-cell header: the whole file is refused. */
  otherSeparator: { separator: string; line: number; header: string | undefined } | undefined;
  /** Whether the header's names went with the first row's batch (EventBatch.columns). */
  private columnsGiven = false;

  constructor(private readonly startOffset: number) {}

  addInvalid(marks: readonly InvalidUtf8Mark[]): void {
    if (this.nextInvalid === this.invalid.length) {
      this.invalid = [];
      this.nextInvalid = 0;
    }
    for (const mark of marks) this.invalid.push(mark);
  }

  /** The first invalid sequence before byte `end` (a row's end), passing all of them. */
  private invalidBefore(end: number): InvalidUtf8Mark | undefined {
    if (this.nextInvalid >= this.invalid.length || this.invalid[this.nextInvalid]!.byteOffset >= end) return undefined;
    const first = this.invalid[this.nextInvalid]!;
    while (this.nextInvalid < this.invalid.length && this.invalid[this.nextInvalid]!.byteOffset < end) this.nextInvalid++;
    return first;
  }

  row(record: string[], info: InfoRecord): void {
    const line = this.startLine(info.empty_lines);
    this.nextLine = line + 1 + countNewlines(record);
    const invalid = this.invalidBefore(this.parserStart + info.bytes);
    if (this.headerError !== undefined || this.headerTooLong || this.otherSeparator !== undefined) return;
    if (invalid !== undefined) {
      const at = { byteOffset: this.startOffset + invalid.byteOffset, bytes: invalid.bytes };
      if (this.header === undefined) this.headerError = { ...at, offset: 0 };
      else this.batch.skipped.push({ line, reason: invalidUtf8Reason(at) });
      return;
    }
    if (isBlankRow(record)) return;
    if (this.header === undefined) {
      const separator = line === 1 ? excelSeparator(record) : undefined;
      if (separator !== undefined) {
        if (separator !== 'comma') this.otherSeparator = { ...separator, line, header: undefined };
        return;
      }
      const cutBy = headerSeparator(record);
      if (cutBy === undefined) this.header = record;
      else this.otherSeparator = { separator: cutBy, line, header: record[0]! };
      return;
    }
    const props: EventProps = {};
    const header = this.header;
    const cells = Math.min(record.length, header.length);
    for (let column = 0; column < cells; column++) {
      const cell = record[column]!;
      if (cell !== '') setProp(props, header[column]!, cell);
    }
    if (!this.columnsGiven) {
      this.batch.columns = header;
      this.columnsGiven = true;
    }
    this.batch.events.push({ line, props });
  }

  /**
   * A row csv-parse could not read. With relax_quotes the only such row is one whose
   * quote is never closed, which runs to the end of the input.
   */
  skip(error: CsvError): void {
    // Its limit is never reached first (./csv-row-limit): if it were, it would stop reading, as it once did.
    if (error.code === 'CSV_MAX_RECORD_SIZE') throw new Error('csv-parse found a row longer than the CSV row limit did');
    const emptyLines = typeof error.empty_lines === 'number' ? error.empty_lines : this.emptyLinesSeen;
    const line = this.startLine(emptyLines);
    this.batch.skipped.push({ line, reason: csvSkipReason(error) });
    this.nextLine = line + 1;
    // The skipped row's invalid UTF-8 (if any) is not the next row's.
    if (typeof error.bytes === 'number') this.invalidBefore(this.parserStart + error.bytes);
  }

  /**
   * A row longer than the limit starts after the rows the current csv-parse has read
   * (`emptyLines`: its count of empty lines, those before the row included: it has been
   * given more of the row than it holds back to look ahead).
   */
  skipLongRow(emptyLines: number): void {
    this.longRowLine = this.startLine(emptyLines);
    if (this.header === undefined) this.headerTooLong = true;
    else this.batch.skipped.push({ line: this.longRowLine, reason: `CSV: a row ${RECORD_TOO_LONG}` });
  }

  /** The long row ends at byte `end` of the input, after `breaks` line breaks inside its quoted cells. */
  endLongRow(breaks: number, end: number): void {
    this.nextLine = this.longRowLine + 1 + breaks;
    this.invalidBefore(end);
  }

  /** A csv-parse starts reading at byte `start` of the input. */
  startParser(start: number): void {
    this.parserStart = start;
    this.emptyLinesSeen = 0;
  }

  take(): EventBatch {
    const batch = this.batch;
    this.batch = { events: [], skipped: [] };
    return batch;
  }

  private startLine(emptyLines: number): number {
    const line = this.nextLine + (emptyLines - this.emptyLinesSeen);
    this.emptyLinesSeen = emptyLines;
    return line;
  }
}

/** What csv-parse's Buffer class offers that reading needs. */
interface BufferLike {
  isBuffer(value: unknown): boolean;
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array;
}

/** One csv-parse, fed bytes and waited for. */
class CsvParser {
  private readonly parser: Parser;
  private readonly failure: Promise<never>;
  private readonly ParserBuffer: BufferLike;

  /** `wtf8`: the bytes are WTF-8 (a UTF-16 file's, ./csv-input), its cells decoded by ../text/wtf8. */
  constructor(rows: CsvRows, wtf8: boolean, maxRowBytes: number) {
    this.parser = parse({
      bom: false,
      // null: cells are given as bytes, for ../text/wtf8.
      encoding: wtf8 ? null : 'utf8',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: maxRowBytes,
      // A CR alone ends a row too: "CSV (Macintosh)" from Excel and old Mac files end
      // every row so, and read as one row of LFs they were a single header, silently.
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (record: string[] | Uint8Array[], info: InfoRecord) => {
        rows.row(wtf8 ? (record as Uint8Array[]).map(decodeWtf8) : (record as string[]), info);
        return undefined;
      },
      on_skip: (error: CsvError | undefined) => {
        if (error !== undefined) rows.skip(error);
        return undefined;
      },
    });
    this.failure = new Promise<never>((_, reject) => this.parser.once('error', reject));
    this.failure.catch(() => undefined);
    // csv-parse takes Buffers of the Buffer it was built with: Node's, or in the web
    // build the copy its browser build carries (its stream refuses a plain Uint8Array).
    // Its own normalized `quote` option is such a Buffer: bytes are wrapped (not copied)
    // in that class, so they are parsed as bytes in the browser too.
    this.ParserBuffer = (this.parser.options as unknown as { quote: { constructor: BufferLike } }).quote.constructor;
  }

  /** csv-parse's count of the empty lines it skipped, those of the bytes given so far. */
  get emptyLines(): number {
    return this.parser.info.empty_lines;
  }

  write(bytes: Uint8Array): Promise<void> {
    const chunk = this.ParserBuffer.isBuffer(bytes) ? bytes : this.ParserBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const written = new Promise<void>((resolve, reject) => this.parser.write(chunk, (error) => (error ? reject(error) : resolve())));
    return Promise.race([written, this.failure]);
  }

  end(): Promise<void> {
    this.parser.end();
    this.parser.resume();
    return Promise.race([new Promise<void>((resolve) => this.parser.once('end', resolve)), this.failure]);
  }
}

/**
 * Reads CSV from byte or text chunks; yields batches of events and skipped rows.
 * `startOffset`: the stream offset of the first byte, for the byte offsets of invalid
 * UTF-8. `maxRowBytes`: the longest row read (tests give a small one). Throws
 * EventFileError when the header row is not UTF-8.
 */
export async function* readCsvBatches(
  chunks: AsyncIterable<Uint8Array | string>,
  name = '(CSV text)',
  startOffset = 0,
  maxRowBytes = MAX_RECORD_CHARS,
): AsyncGenerator<EventBatch> {
  const rows = new CsvRows(startOffset);
  const input = new CsvInput(name);
  const limit = new CsvRowLimit(maxRowBytes);
  /** Undefined before the first bytes, and from a long row until the bytes after it. */
  let parser: CsvParser | undefined;
  /** Bytes given to `limit` before the current ones: the input's offset of their byte `at` is `input.bomLength + read + at`. */
  let read = 0;
  const parseBytes = async (bytes: Uint8Array): Promise<void> => {
    let at = 0;
    while (at < bytes.length) {
      const wasSkipping = limit.skipping;
      const stop = limit.read(bytes, at);
      if (wasSkipping) {
        if (!limit.skipping) rows.endLongRow(limit.skippedRowBreaks, input.bomLength + read + stop);
      } else {
        if (parser === undefined) {
          rows.startParser(input.bomLength + read + at);
          parser = new CsvParser(rows, input.encoding === 'utf-16le', maxRowBytes);
        }
        if (stop > at) await parser.write(bytes.subarray(at, stop));
        if (limit.skipping) {
          rows.skipLongRow(parser.emptyLines);
          parser = undefined;
        }
      }
      at = stop;
    }
    read += bytes.length;
  };
  const refuseHeader = (): void => {
    const error = rows.headerError;
    if (error !== undefined) throw new EventFileError(`${name}: the CSV header row holds ${invalidUtf8Reason(error)}`);
    if (rows.headerTooLong) throw new EventFileError(`${name}: the CSV header row (line ${rows.longRowLine}) is ${RECORD_TOO_LONG}`);
    const other = rows.otherSeparator;
    if (other !== undefined) {
      const what = other.header === undefined ? `line 1 is Excel's separator line ${JSON.stringify(`sep=${other.separator}`)}` : `the CSV header row (line ${other.line}) is one cell ${JSON.stringify(headerExcerpt(other.header))}`;
      throw new EventFileError(`${name}: ${what}, cells separated by ${JSON.stringify(other.separator)}: CSV events are read with cells separated by ","; save the file as comma-separated`);
    }
  };
  for await (const chunk of chunks) {
    const { bytes, invalid } = input.push(chunk);
    rows.addInvalid(invalid);
    await parseBytes(bytes);
    refuseHeader();
    if (rows.batch.events.length >= BATCH_ROWS) yield rows.take();
  }
  const { bytes, invalid } = input.end();
  rows.addInvalid(invalid);
  await parseBytes(bytes);
  await parser?.end();
  refuseHeader();
  const last = rows.take();
  if (last.events.length > 0 || last.skipped.length > 0) yield last;
}

/** A one-cell header as an error line quotes it: at most 60 characters (a header may be megabytes). */
function headerExcerpt(header: string): string {
  // 121 code units hold 60 whole characters and show whether another follows.
  const characters = [...header.slice(0, 121)];
  return characters.length > 60 ? `${characters.slice(0, 59).join('')}…` : header;
}
