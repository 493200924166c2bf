// CSV events with a header row, read with csv-parse (RFC 4180: quoted cells may hold
// commas, quotes and newlines). Each row becomes an object of header → cell; an empty
// cell, quoted or not, is missing (absent key), and so are the absent cells of a short
// row (SPEC §3). Cells beyond the header are ignored. A repeated header name takes the
// rightmost non-empty cell.
//
// Line numbers are counted here, not taken from csv-parse: its `info.lines` counts a
// CRLF inside a quoted cell as two lines, so it drifts. A row starts on the line after
// the previous row ends, past the empty lines csv-parse skipped (`info.empty_lines`),
// and spans one line more than the LFs inside its cells.
//
// Quotes that break RFC 4180 (`a"b`, `"a"b`) are kept as text (`relax_quotes`): a
// strict parser resynchronises badly after such a quote and loses the rows that
// follow, which is worse than keeping one odd value. A quote that is never closed
// swallows the rest of the file; that row is skipped and reported.

import { parse, type CsvError, type InfoRecord } from 'csv-parse';
import type { EventBatch, EventProps } from './event';
import { MAX_RECORD_CHARS, RECORD_TOO_LONG } from './record-limit';

/** Delivered batches hold at least this many rows (a whole input chunk's worth). */
const BATCH_ROWS = 4096;

function countNewlines(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) {
    let at = cell.indexOf('\n');
    while (at !== -1) {
      count++;
      at = cell.indexOf('\n', at + 1);
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
  if (error.code === 'CSV_MAX_RECORD_SIZE') return `CSV: a row ${RECORD_TOO_LONG}`;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return 'CSV: a quoted cell is never closed, so the row runs to the end of the file';
  // csv-parse's own line numbers drift (see above): drop them from its message.
  return `CSV: ${error.message.replace(/ (?:at|on) line \d+/g, '')}`;
}

/**
 * Turns csv-parse's rows into events. csv-parse calls `row` and `skip` synchronously,
 * in input order, while it parses a chunk; nothing goes through its readable side.
 */
class CsvRows {
  batch: EventBatch = { events: [], skipped: [] };
  private header: string[] | undefined;
  /** The physical line after the last row read. */
  private nextLine = 1;
  private emptyLinesSeen = 0;

  row(record: string[], info: InfoRecord): void {
    const line = this.startLine(info.empty_lines);
    this.nextLine = line + 1 + countNewlines(record);
    if (isBlankRow(record)) return;
    if (this.header === undefined) {
      this.header = record;
      return;
    }
    const props: EventProps = {};
    const header = this.header;
    const cells = Math.min(record.length, header.length);
    for (let column = 0; column < cells; column++) {
      const cell = record[column]!;
      if (cell !== '') setProp(props, header[column]!, cell);
    }
    this.batch.events.push({ line, props });
  }

  /**
   * A row csv-parse could not read. With relax_quotes the only such row is one whose
   * quote is never closed, which runs to the end of the input.
   */
  skip(error: CsvError): void {
    const emptyLines = typeof error.empty_lines === 'number' ? error.empty_lines : this.emptyLinesSeen;
    const line = this.startLine(emptyLines);
    this.batch.skipped.push({ line, reason: csvSkipReason(error) });
    this.nextLine = line + 1;
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

/** Reads CSV from byte or text chunks; yields batches of events and skipped rows. */
export async function* readCsvBatches(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<EventBatch> {
  const rows = new CsvRows();
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    record_delimiter: ['\r\n', '\n'],
    on_record: (record: string[], info: InfoRecord) => {
      rows.row(record, info);
      return undefined;
    },
    on_skip: (error: CsvError | undefined) => {
      if (error !== undefined) rows.skip(error);
      return undefined;
    },
  });
  const failure = new Promise<never>((_, reject) => parser.once('error', reject));
  failure.catch(() => undefined);
  const write = (chunk: Buffer | string): Promise<void> =>
    new Promise((resolve, reject) => parser.write(chunk, (error) => (error ? reject(error) : resolve())));
  for await (const chunk of chunks) {
    await Promise.race([write(chunk), failure]);
    if (rows.batch.events.length >= BATCH_ROWS) yield rows.take();
  }
  parser.end();
  parser.resume();
  await Promise.race([new Promise((resolve) => parser.once('end', resolve)), failure]);
  const last = rows.take();
  if (last.events.length > 0 || last.skipped.length > 0) yield last;
}
