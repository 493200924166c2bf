// `.parquet` (SPEC §3.1), read with hyparquet (and hyparquet-compressors for Snappy,
// Gzip, Brotli, Zstd, LZ4) by random access (from a file, or from memory in the web build): the footer first, then one
// row group at a time, so memory holds one row group's rows however big the file
// (writers keep row groups to about 100 thousand rows or 128 MB: DuckDB 122,880
// rows, Arrow and Spark by size).
//
// A row is an event; its "line" is its 1-based row number (rows are built column by
// column in ./parquet-row-group). Values become what the
// JSON of the same event would hold, so the field lookup of ./fields applies as is:
// nested groups are objects (flattened with dots on lookup), repeated fields arrays,
// integers numbers, except an INT64 beyond 2^53, which is its exact decimal text
// (never a lossy double; a number compares as its decimal text anyway, SPEC §3), a
// DECIMAL with a fraction its exact decimal text (`12.30`, ./parquet-unconverted), a
// FLOAT the shortest decimal that reads back as it (0.1, not 0.10000000149011612), timestamps (any unit, INT96 too) and dates epoch milliseconds (sub-
// millisecond units truncated toward earlier time; before 1970 their ISO text, since a negative number is no event time;
// always their ISO text with `typedTimesAsText`), strings text, an INTERVAL the object
// of its months, days and milliseconds (BSON is not read: ./parquet-unconverted); a null is missing
// (an element of an array keeps its null), as an empty CSV cell is. A row with a value
// read as text whose bytes are not UTF-8, in a column read, is skipped as a line of
// invalid UTF-8 is, and named with its column (./parquet-values InvalidText).
//
// With `columns`, the rows are read whole (every column) up to the first that is an
// event, which decides the source system; the rest with the columns it asks for. A row
// is judged on the columns read, so every reader of the file reads the same rows whole:
// one that has decided already is told on which row (`decidedOn`).

import type { AsyncBuffer, FileMetaData, RowGroup } from 'hyparquet';
import type { EventBatch, EventProps } from './event';
import { EventFileError } from './event-format';
import { loadParquetLibrary } from './parquet-library';
import type { ColumnFilter } from './parquet-projection';
import { openRowGroup, type BuiltRows } from './parquet-row-group';
import { UnreadableColumn } from './parquet-unconverted';
import { PARSERS, TIME_TEXT_PARSERS } from './parquet-values';
import { groupedDigits, groupedInteger } from '../text/grouped-integer';

export { PARSERS } from './parquet-values';

/** Rows per batch (see readParquetRows). */
export const BATCH_ROWS = 4096;

/** The last four bytes (and the first four) of every Parquet file. */
export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

export interface ParquetReadOptions {
  /** Bytes of the file read so far (row groups done) and its size. */
  onProgress?: (read: number, total: number) => void;
  /** Asked before each row group: the columns to read (./parquet-projection); all when it gives undefined. */
  columns?: () => ColumnFilter | undefined;
  /** Rows per batch (default BATCH_ROWS; tests make it small to cut row groups anywhere). */
  batchRows?: number;
  /** Only this row group (0-based), its rows numbered as in the whole file (a reading thread's share). */
  onlyGroup?: number;
  /**
   * The file's footer, read before (readParquetFooter): a reader given the file's row
   * groups one at a time reads it once, not once per group (./parquet-footers).
   */
  footer?: ParquetFooter;
  /**
   * With `columns`: the row (1-based, in the file) that decided the source system, when
   * the reader has decided already (a reading thread's share): the rows up to it are
   * read whole, as a reader that decides as it reads reads them. Without it, the rows up
   * to the first event are read whole, and `columns` is asked after it.
   */
  decidedOn?: number;
  /**
   * Whether timestamps and dates are read as their ISO text on both sides of 1970
   * (./parquet-values TIME_TEXT_PARSERS) rather than as epoch milliseconds from 1970 on:
   * a run that reads numeric times in another unit would rescale the number
   * (engine/events/event-source readsTypedTimesAsText). A function is asked once, with
   * the file's first event (a row that can be read), which is read again if the answer
   * is yes (that row, or its batch, was read with numbers). Default no.
   */
  typedTimesAsText?: boolean | ((first: EventProps) => boolean);
}

/** Where each row group of a Parquet file of `size` bytes ends (for progress), in order; `where` names it in errors. */
export async function parquetRowGroupEnds(file: AsyncBuffer, size: number, where: string): Promise<number[]> {
  return (await readMetadata(file, size, where)).row_groups.map((group) => groupEnd(group, size));
}

/** A Parquet file's footer, and the row (0-based, in the file) at which each of its row groups starts. */
export interface ParquetFooter {
  metadata: FileMetaData;
  rowStarts: number[];
}

/**
 * The footer of a Parquet file of `size` bytes; `where` names it in errors. Its
 * deserialisation costs as much as the footer is long, which grows with the row groups:
 * read once per file, or a file of many small groups costs their number squared.
 */
export async function readParquetFooter(file: AsyncBuffer, size: number, where: string): Promise<ParquetFooter> {
  const metadata = await readMetadata(file, size, where);
  const rowStarts: number[] = new Array(metadata.row_groups.length);
  let rowStart = 0;
  for (const [index, group] of metadata.row_groups.entries()) {
    rowStarts[index] = rowStart;
    rowStart += Number(group.num_rows);
  }
  return { metadata, rowStarts };
}

/**
 * Most rows a row group is read with: its columns are decoded into arrays a row long,
 * and a JavaScript array holds at most 2^32 - 1 items.
 */
const MAX_GROUP_ROWS = 2 ** 32 - 1;

/** A Parquet file's frame: `PAR1`, then at its end the footer's length and `PAR1` again. */
const PARQUET_FRAME_BYTES = 12;

async function readMetadata(file: AsyncBuffer, size: number, where: string): Promise<FileMetaData> {
  // Said in the file's terms, not as the reader's "Offset is outside the bounds of the DataView".
  if (size < PARQUET_FRAME_BYTES) {
    throw new EventFileError(`${where}: damaged Parquet file: ${size === 0 ? 'it is empty' : `${size} bytes, fewer than the ${PARQUET_FRAME_BYTES} of a Parquet file's frame (PAR1, footer length, PAR1)`}`);
  }
  // Loaded outside the `try`: a failure to load is not the file's damage.
  const { parquetMetadataAsync } = await loadParquetLibrary();
  try {
    return await parquetMetadataAsync(file, { parsers: PARSERS });
  } catch (error) {
    throw new EventFileError(`${where}: damaged Parquet file (footer at byte ${Math.max(0, size - 8)}): ${messageOf(error)}`);
  }
}

/** The rows of a Parquet file of `size` bytes, a batch per row group; `where` names it in errors. */
export async function* readParquetRows(file: AsyncBuffer, size: number, where: string, options: ParquetReadOptions = {}): AsyncGenerator<EventBatch> {
  const { metadata, rowStarts } = options.footer ?? (await readParquetFooter(file, size, where));
  const { compressors } = await loadParquetLibrary();
  const batchRows = Math.max(1, options.batchRows ?? BATCH_ROWS);
  const { decidedOn } = options;
  // Whether a row read whole has been an event (the one that decides).
  let decided = options.columns === undefined || decidedOn !== undefined;
  const { typedTimesAsText } = options;
  // Until the first event is read, a function's answer is not known: rows are read with numbers.
  let parsers = typedTimesAsText === true ? TIME_TEXT_PARSERS : PARSERS;
  let timesAsked = typeof typedTimesAsText !== 'function';
  // One group goes straight to it: walking the groups before it, group after group, cost their number squared.
  const { onlyGroup } = options;
  const first = onlyGroup ?? 0;
  const end = onlyGroup === undefined ? metadata.row_groups.length : Math.min(onlyGroup + 1, metadata.row_groups.length);
  for (let index = first; index < end; index++) {
    const group = metadata.row_groups[index]!;
    const rowStart = rowStarts[index]!;
    const rows = Number(group.num_rows);
    if (!(rows >= 0 && rows <= MAX_GROUP_ROWS)) {
      // Said in the file's terms, not as the array that could not be made ("Invalid array length").
      const claim = rows < 0 ? `${group.num_rows} rows` : `${groupedDigits(String(group.num_rows))} rows, more than the ${groupedInteger(MAX_GROUP_ROWS)} a row group is read with`;
      throw new EventFileError(`${where}: damaged Parquet file (row group ${index + 1}, at byte ${groupOffset(group)}): its footer claims ${claim}`);
    }
    let reader = openRowGroup({ file, metadata, group, compressors, parsers });
    /** Rows `from` to `to` of the group as a batch (`built` reads them from `reader`); a row that cannot be read is a skipped line. */
    const read = async (built: () => Promise<BuiltRows>, from: number, to: number): Promise<EventBatch> => {
      let batch = await readBatch(built, from);
      if (!timesAsked && batch.events.length > 0) {
        timesAsked = true;
        if ((typedTimesAsText as (first: EventProps) => boolean)(batch.events[0]!.props)) {
          // Read again, as its ISO text, where the first event read a typed time as a number.
          parsers = TIME_TEXT_PARSERS;
          reader = openRowGroup({ file, metadata, group, compressors, parsers });
          batch = await readBatch(built, from);
        }
      }
      if (to === rows) options.onProgress?.(groupEnd(group, size), size);
      return batch;
    };
    const readBatch = async (built: () => Promise<BuiltRows>, from: number): Promise<EventBatch> => {
      let result: BuiltRows;
      try {
        result = await built();
      } catch (error) {
        // A type that is not read is no damage: said with its column, whichever row group reaches it first.
        if (error instanceof UnreadableColumn) throw new EventFileError(`${where}: ${error.message}`);
        throw new EventFileError(
          `${where}: damaged Parquet file (row group ${index + 1}, at byte ${groupOffset(group)}): ${messageOf(error)}`,
        );
      }
      const { rows: objects, unreadable } = result;
      const batch: EventBatch = { events: new Array(objects.length - unreadable.size), skipped: [] };
      let next = 0;
      for (let i = 0; i < objects.length; i++) {
        const line = rowStart + from + i + 1;
        const reason = unreadable.size === 0 ? undefined : unreadable.get(i);
        if (reason === undefined) batch.events[next++] = { line, props: objects[i]! };
        else batch.skipped.push({ line, reason });
      }
      return batch;
    };
    let from = 0;
    if (!decided && rows > 0) {
      // Undecided: the first row whole, decoding only the pages it needs; after a
      // row that cannot be read, the rows up to the first event (decoded whole, and
      // kept for the rest). The batch ends at that event: the rows after it are read
      // with the columns asked for once it has decided.
      let batch = await read(() => reader.head(1), 0, 1);
      from = 1;
      while (batch.events.length === 0 && from < rows) {
        yield batch;
        const start = from;
        const end = Math.min(rows, from + batchRows);
        batch = await read(() => reader.rows(start, end, undefined, true), start, end);
        from = end;
        const first = batch.events[0];
        if (first !== undefined) {
          from = first.line - rowStart;
          batch = { events: [first], skipped: batch.skipped.filter((line) => line.line < first.line) };
        }
      }
      decided = batch.events.length > 0;
      yield batch;
    } else if (decidedOn !== undefined && options.columns !== undefined && decidedOn > rowStart) {
      // The rows up to the one that decided, read whole, as the reader that decided read them.
      const whole = Math.min(rows, decidedOn - rowStart);
      if (whole <= batchRows) {
        yield await read(() => reader.head(whole), 0, whole);
        from = whole;
      }
      for (; from < whole; from += batchRows) {
        const start = from;
        const end = Math.min(whole, from + batchRows);
        yield await read(() => reader.rows(start, end, undefined, true), start, end);
      }
    }
    const columns = decided ? options.columns?.() : undefined;
    if (decided) {
      try {
        reader.check(columns);
      } catch (error) {
        if (error instanceof UnreadableColumn) throw new EventFileError(`${where}: ${error.message}`);
        throw error;
      }
    }
    // A few thousand rows at a time: rows handed out by the hundred thousand (a row
    // group) outlive several young-generation collections and are copied into the old
    // generation, where a few thousand die young (this was most of the garbage
    // collector's time when reading Parquet).
    for (; from < rows; from += batchRows) {
      const start = from;
      const end = Math.min(rows, from + batchRows);
      const batch = await read(() => reader.rows(start, end, columns), start, end);
      if (batch.events.length > 0 || batch.skipped.length > 0) yield batch;
    }
  }
}

function groupOffset(group: RowGroup): number {
  let first = Infinity;
  for (const column of group.columns) {
    const meta = column.meta_data;
    if (meta === undefined) continue;
    first = Math.min(first, Number(meta.dictionary_page_offset ?? meta.data_page_offset));
  }
  return Number.isFinite(first) ? first : Number(group.file_offset ?? 0n);
}

function groupEnd(group: RowGroup, size: number): number {
  let end = 0;
  for (const column of group.columns) {
    const meta = column.meta_data;
    if (meta === undefined) continue;
    end = Math.max(end, Number(meta.dictionary_page_offset ?? meta.data_page_offset) + Number(meta.total_compressed_size));
  }
  return Math.min(end, size);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
