// The rows of one Parquet row group, built column by column (./parquet-reader reads
// the file and names errors). hyparquet decodes the pages (encodings, compression,
// dictionaries, logical types); the rows are built here, straight from each leaf
// column's values and definition levels, for every top-level column whose schema has
// no repetition (plain columns and structs of them, which is what event exports are
// made of). hyparquet's own assembly wraps every value of a struct's leaf in a
// one-item list per row and then inverts the struct, which made reading Parquet cost
// several times the JSON of the same events; here a leaf is one dense array, and a
// row is one object with its nested objects.
//
// Top-level columns with repeated fields (lists, maps, GA4's `event_params`) or a
// VARIANT are still assembled by hyparquet (`parquetReadObjects` on those columns),
// and merged into the same rows: values are the same either way (test/events/
// parquet-rows.test.ts compares both readers on every fixture).
//
// A range of rows can be built with only some columns (./parquet-projection): a
// report asks for the columns its field paths reach; the preview and `classify` read
// every column (docs/events-and-reports.md, "Which columns are read"). The first row
// alone decodes only each column's first pages.

import type { AsyncBuffer, FileMetaData, RowGroup, SchemaTree } from 'hyparquet';
import type { ColumnDecoder, Compressors, DataReader, DecodedArray, Encoding, PageHeader, ParquetParsers, SchemaElement } from 'hyparquet/src/types.js';
import type { EventProps } from './event';
import { parquetLibrary } from './parquet-library';
import type { ColumnFilter } from './parquet-projection';
import { convertUnconverted, convertUnconvertedIn, holdsUnconverted, unconvertedElement, unconvertedType, unreadableUnder, UnreadableColumn, withoutUnconverted } from './parquet-unconverted';
import { fromBigInt, InvalidText, invalidTextCount, PARSERS, readInt64, TIME_TEXT_PARSERS, type Int64Reading } from './parquet-values';

export interface RowGroupRead {
  file: AsyncBuffer;
  metadata: FileMetaData;
  group: RowGroup;
  compressors: Compressors;
  parsers: Partial<ParquetParsers>;
}

/**
 * One leaf column of a group without repetition, decoded page by page: per row a
 * definition level and, where that is the maximum, a value. The values are held in
 * one of three ways, chosen at the first data page: dictionary indices, numbers (PLAIN
 * INT64) or the values themselves. Typed arrays hold no references, so the garbage
 * collector has nothing to trace or remember in them: an array of a row group's
 * values per column, old before its rows are made, pointing at young strings and
 * numbers, made the collector's young-generation passes several times longer.
 */
interface LeafColumn {
  /** Definition level per row; undefined while every row is fully defined. */
  levels: Uint8Array | undefined;
  maxLevel: number;
  /** Rows decoded so far, and in the group. */
  row: number;
  rows: number;
  /** Dictionary-encoded pages: each row's entry of `dictionary`. */
  indices: Int32Array | undefined;
  dictionary: DecodedArray | undefined;
  /** PLAIN INT64: each row's number; NaN where it is decimal text (beyond 2^53), kept in `texts`. */
  numbers: Float64Array | undefined;
  texts: Map<number, string> | undefined;
  /** Any other column, or one whose pages change encoding: each row's value (null where not defined). */
  values: unknown[] | undefined;
  /** Whether its dictionary or values may hold an InvalidText (text whose bytes are not UTF-8). */
  invalid: boolean;
}

/** Rows of a group, and those of them that cannot be read. */
export interface BuiltRows {
  rows: EventProps[];
  /**
   * By index in `rows`: why the row cannot be read (a value read as text whose bytes
   * are not UTF-8, in a column read), for the first such value in column order.
   */
  unreadable: Map<number, string>;
}

/** One row group's rows, decoded column by column once and built range by range. */
export interface RowGroupRows {
  /**
   * Rows `from` (inclusive) to `to` of the group, as ./parquet-reader documents them
   * (INT64 beyond 2^53 as text, …), with only the columns `columns` accepts (all
   * without it). The leaf columns read are decoded for the whole group, once, and kept
   * for its other ranges. A column read of a type that is not read (BSON,
   * ./parquet-unconverted) throws UnreadableColumn; with `undecoded`, rows read whole
   * before the run knows its columns, a BSON leaf outside lists and maps is an
   * UndecodedValue instead.
   */
  rows(from: number, to: number, columns?: ColumnFilter, undecoded?: boolean): Promise<BuiltRows>;
  /**
   * The group's first `count` rows with every column, decoding only the pages they
   * need, kept for nothing: a reader hands out the first row whole, then learns which
   * columns the rest need (a BSON leaf an UndecodedValue, as `rows` with `undecoded`).
   */
  head(count: number): Promise<BuiltRows>;
  /**
   * Throws UnreadableColumn when the columns `columns` accepts hold a type that is not
   * read: rows read whole before the run knew its columns stood an UndecodedValue there,
   * and a group read whole that way (a file of one row) has no later rows to refuse it.
   */
  check(columns: ColumnFilter | undefined): void;
}

export function openRowGroup(read: RowGroupRead): RowGroupRows {
  const { file, metadata, group } = read;
  const schema = parquetLibrary().parquetSchema(metadata);
  const chunks = new Map<string, RowGroup['columns'][number]>();
  for (const chunk of group.columns) {
    if (chunk.meta_data !== undefined) chunks.set(chunk.meta_data.path_in_schema.join('\u0000'), chunk);
  }
  const { isListLike, isMapLike } = parquetLibrary();
  const leaves = new Map<SchemaTree, Promise<LeafColumn>>();
  const rowCount = Number(group.num_rows);
  // Columns hyparquet assembles, read for the whole group once (keyed by their names):
  // its reader decodes a column chunk from its first page, so reading it range by
  // range would decode the chunk's start again for every range.
  const assembled = new Map<string, Promise<AssembledRows>>();
  // The file's metadata with this group alone: hyparquet walks every group of the metadata
  // it is given to find the rows asked for, which for each group of a file of many cost
  // their number squared.
  let groupMetadata: FileMetaData | undefined;
  const assemble = (names: string[], from: number, to: number, whole: boolean): Promise<AssembledRows> => {
    const readRows = async (rowFrom: number, rowTo: number): Promise<AssembledRows> => {
      const before = invalidTextCount();
      // INTERVAL, BSON and DECIMAL leaves unannotated, converted here (./parquet-unconverted).
      groupMetadata ??= { ...withoutUnconverted(metadata), row_groups: [group], num_rows: group.num_rows };
      const rows = await parquetLibrary().parquetReadObjects({ file, metadata: groupMetadata, rowStart: rowFrom, rowEnd: rowTo, columns: names, compressors: read.compressors, parsers: read.parsers });
      // Another reading meanwhile may have counted too: that costs a look, never a miss.
      return { rows, invalid: invalidTextCount() !== before };
    };
    if (!whole) return readRows(from, to);
    const key = names.join('\u0000');
    let rows = assembled.get(key);
    if (rows === undefined) {
      rows = readRows(0, rowCount);
      assembled.set(key, rows);
    }
    return rows;
  };
  const build = async (from: number, to: number, filter: ColumnFilter | undefined, whole: boolean, undecoded: boolean): Promise<BuiltRows> => {
    const wanted = wantedNodes(schema, filter);
    const columns = schema.children.filter((child) => wanted.has(child));
    if (holdsUnconverted(schema)) refuseUnreadable(columns, wanted, undecoded);
    const assembledByHyparquet = columns.filter((child) => !withoutRepetition(child)).map((child) => child.element.name);
    const slowRows = assembledByHyparquet.length === 0 ? undefined : await assemble(assembledByHyparquet, from, to, whole);
    const slowFrom = whole ? from : 0;
    // Leaves decoded for the whole group are kept for its other ranges; the head decodes only the pages it needs, for itself.
    const unreadable = new Map<number, string>();
    const context: GroupContext = { read, schema, rows: rowCount, from, to, decodeTo: whole ? rowCount : to, chunks, leaves: whole ? leaves : new Map(), wanted, unreadable };
    // Column by column into row objects made with all their keys (see shapeOf), so
    // filling them in changes no object's shape, and there is no per-value call.
    const shape = shapeOf(columns);
    const count = to - from;
    const out: EventProps[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = { ...shape };
    for (const child of columns) {
      const name = child.element.name;
      if (withoutRepetition(child)) {
        await fillColumn(context, child, 0, out, name);
      } else {
        const unconverted = holdsUnconverted(child);
        for (let i = 0; i < count; i++) {
          const raw = slowRows!.rows[slowFrom + i]![name];
          const value = normalizeValue(unconverted ? convertUnconvertedIn(raw, child, isListLike, isMapLike) : raw, false);
          out[i]![name] = value;
          if (slowRows!.invalid && !unreadable.has(i)) {
            const found = invalidTextIn(value, name);
            if (found !== undefined) unreadable.set(i, found);
          }
        }
      }
    }
    return { rows: out, unreadable };
  };
  return {
    rows: (from, to, filter, undecoded = false) => build(from, to, filter, true, undecoded),
    head: (count) => build(0, count, undefined, false, true),
    check: (filter) => {
      if (!holdsUnconverted(schema)) return;
      const wanted = wantedNodes(schema, filter);
      refuseUnreadable(schema.children.filter((child) => wanted.has(child)), wanted, false);
    },
  };
}

/**
 * Throws UnreadableColumn for the first column read (a top-level column of `columns`,
 * read where `wanted` says) that holds a leaf of a type that is not read: a BSON leaf
 * outside lists and maps only when not `undecoded` (./parquet-unconverted
 * UndecodedValue stands for it), one that hyparquet assembles always.
 */
function refuseUnreadable(columns: readonly SchemaTree[], wanted: Set<SchemaTree>, undecoded: boolean): void {
  const { isMapLike } = parquetLibrary();
  const visit = (node: SchemaTree): void => {
    if (!wanted.has(node)) return;
    if (node.children.length > 0) {
      for (const child of node.children) visit(child);
      return;
    }
    if (unconvertedType(node.element) === 'BSON') throw new UnreadableColumn(node.path.join('.'), 'BSON');
  };
  for (const column of columns) {
    if (!withoutRepetition(column)) {
      const unreadable = unreadableUnder(column, isMapLike);
      if (unreadable !== undefined) throw new UnreadableColumn(unreadable.path, unreadable.type);
    } else if (!undecoded) {
      visit(column);
    }
  }
}

/** Rows hyparquet assembled, and whether its conversion made an InvalidText meanwhile. */
interface AssembledRows {
  rows: Array<Record<string, unknown>>;
  invalid: boolean;
}

/**
 * Why `value` (at `path`, a value hyparquet assembled: lists, maps, structs) cannot be
 * read, if it holds an InvalidText (as a value or a map's key), the first found.
 */
function invalidTextIn(value: unknown, path: string): string | undefined {
  if (value instanceof InvalidText) return invalidTextReason(value, path);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = invalidTextIn(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, member] of Object.entries(value)) {
    const invalidKey = InvalidText.ofKey(key);
    if (invalidKey !== undefined) return invalidTextReason(invalidKey, `${path} (a key)`);
    const found = invalidTextIn(member, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The skipped row's reason, as a line's (`invalid UTF-8 at byte offset 12 (0xE9)`), naming the column. */
function invalidTextReason(text: InvalidText, path: string): string {
  const bytes = text.bytes.map((byte) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  return `invalid UTF-8 in column ${path} at byte offset ${text.byteOffset} of its value (${bytes})`;
}

/** No REPEATED field in the subtree and no VARIANT group: the rows can be built here. */
function withoutRepetition(node: SchemaTree): boolean {
  if (node.element.repetition_type === 'REPEATED') return false;
  if (node.element.logical_type?.type === 'VARIANT') return false;
  return node.children.every(withoutRepetition);
}

/** What the builders of one row group share: its leaf columns, each decoded once. */
interface GroupContext {
  read: RowGroupRead;
  schema: SchemaTree;
  /** Rows in the group, the range being built, and the row up to which leaves are decoded. */
  rows: number;
  from: number;
  to: number;
  decodeTo: number;
  chunks: Map<string, RowGroup['columns'][number]>;
  leaves: Map<SchemaTree, Promise<LeafColumn>>;
  /** The schema nodes read: wanted leaves and the groups above them. */
  wanted: Set<SchemaTree>;
  /** Rows of the range (by index in it) that cannot be read, and why (BuiltRows). */
  unreadable: Map<number, string>;
}

/**
 * The nodes read (every node without a filter): a plain struct is an object whose
 * keys lookup descends into, so it is read for the children the filter wants; any
 * other node (a leaf, a list, a map, a VARIANT) is one value that lookup reads as a
 * whole or reads into (GA4's `event_params.<key>`), so it is read whole when the
 * filter wants its path.
 */
function wantedNodes(schema: SchemaTree, columns: ColumnFilter | undefined): Set<SchemaTree> {
  const wanted = new Set<SchemaTree>();
  const visit = (node: SchemaTree, whole: boolean): boolean => {
    const plainStruct = node === schema || isPlainStruct(node);
    const all = whole || columns === undefined || (!plainStruct && columns(node.path.join('.')));
    let any = all;
    for (const child of node.children) if (visit(child, all)) any = true;
    if (any) wanted.add(node);
    return any;
  };
  visit(schema, false);
  return wanted;
}

function isPlainStruct(node: SchemaTree): boolean {
  const { isListLike, isMapLike } = parquetLibrary();
  return node.children.length > 0 && node.element.repetition_type !== 'REPEATED' && !isListLike(node) && !isMapLike(node) && node.element.logical_type?.type !== 'VARIANT';
}

/**
 * Sets `name` in each non-null object of `objects` (one per row) to `node`'s value, or
 * to undefined (missing) where it is not defined: Parquet cannot tell an absent value
 * from a null one, and a file converted from JSON has a null wherever a record had no
 * such key, so a null outside an array is read as missing, as an empty CSV cell is
 * (SPEC §3; docs/events-and-reports.md). An array's elements keep their nulls.
 * `parentLevel` is the definition level at which the parent is defined (0 at the top).
 */
async function fillColumn(
  context: GroupContext,
  node: SchemaTree,
  parentLevel: number,
  objects: Array<Record<string, unknown> | null>,
  name: string,
): Promise<void> {
  const { from } = context;
  const count = context.to - from;
  const level = node.element.repetition_type === 'REQUIRED' ? parentLevel : parentLevel + 1;
  if (node.children.length === 0) {
    const column = await readLeaf(context, node);
    const { levels, maxLevel, indices, numbers, values } = column;
    if (indices !== undefined) {
      const dictionary = column.dictionary!;
      for (let i = 0; i < count; i++) {
        const object = objects[i];
        if (object === null) continue;
        const row = from + i;
        object![name] = levels !== undefined && levels[row] !== maxLevel ? undefined : dictionary[indices[row]!];
      }
    } else if (numbers !== undefined) {
      for (let i = 0; i < count; i++) {
        const object = objects[i];
        if (object === null) continue;
        const row = from + i;
        const number = numbers[row]!;
        object![name] = levels !== undefined && levels[row] !== maxLevel ? undefined : number === number ? number : column.texts!.get(row);
      }
    } else {
      for (let i = 0; i < count; i++) {
        const object = objects[i];
        if (object === null) continue;
        const value = values![from + i];
        object![name] = value === null ? undefined : value;
      }
    }
    if (column.invalid) {
      for (let i = 0; i < count; i++) {
        const value = objects[i]?.[name];
        if (value instanceof InvalidText && !context.unreadable.has(i)) context.unreadable.set(i, invalidTextReason(value, node.path.join('.')));
      }
    }
    return;
  }
  // Whether the group itself is defined: any of its leaves' definition levels says so.
  const children = node.children.filter((child) => context.wanted.has(child));
  const levels = level > parentLevel ? (await readLeaf(context, firstLeaf(children[0]!, context.wanted))).levels : undefined;
  const shape = shapeOf(children);
  const groups: Array<Record<string, unknown> | null> = new Array(count);
  for (let i = 0; i < count; i++) {
    const object = objects[i];
    if (object === null) {
      groups[i] = null;
    } else {
      const group = levels !== undefined && levels[from + i]! < level ? null : { ...shape };
      groups[i] = group;
      object![name] = group ?? undefined;
    }
  }
  for (const child of children) await fillColumn(context, child, level, groups, child.element.name);
}

/**
 * An object with the group's keys (values null), copied for each row: a copy of one
 * object has its shape and room for all its keys from the start, where an object
 * grown key by key is reallocated as it grows (most of the garbage of reading). Made
 * by JSON.parse so that a column named `__proto__` is a key like any other.
 */
function shapeOf(columns: readonly SchemaTree[]): Record<string, unknown> {
  const keys = columns.map((child) => `${JSON.stringify(child.element.name)}:null`);
  return JSON.parse(`{${keys.join(',')}}`) as Record<string, unknown>;
}

/** The first leaf read under `node` (a wanted node has one). */
function firstLeaf(node: SchemaTree, wanted: Set<SchemaTree>): SchemaTree {
  return node.children.length === 0 ? node : firstLeaf(node.children.find((child) => wanted.has(child))!, wanted);
}

function readLeaf(context: GroupContext, leaf: SchemaTree): Promise<LeafColumn> {
  let column = context.leaves.get(leaf);
  if (column === undefined) {
    column = decodeLeaf(context, leaf);
    context.leaves.set(leaf, column);
  }
  return column;
}

/** A leaf column's values (null where not defined) and definition levels. */
async function decodeLeaf({ read, schema, rows, decodeTo: to, chunks }: GroupContext, leaf: SchemaTree): Promise<LeafColumn> {
  const chunk = chunks.get(leaf.path.join('\u0000'));
  const meta = chunk?.meta_data;
  if (meta === undefined) throw new Error(`parquet column ${leaf.path.join('.')} has no column chunk`);
  if (chunk!.file_path) throw new Error('parquet file_path not supported');
  const schemaPath = treePath(schema, leaf.path);
  // An INTERVAL, BSON, DECIMAL or FLOAT leaf is given to hyparquet unannotated, and its raw values converted here (./parquet-unconverted).
  const unconverted = unconvertedType(leaf.element);
  const decoder: ColumnDecoder = {
    pathInSchema: meta.path_in_schema,
    type: meta.type,
    element: unconvertedElement(leaf.element),
    // BSON's and a BYTE_ARRAY DECIMAL's bytes are no text.
    utf8: unconverted === undefined,
    schemaPath,
    codec: meta.codec,
    compressors: read.compressors,
    parsers: { ...parquetLibrary().DEFAULT_PARSERS, ...read.parsers },
  };
  const maxLevel = parquetLibrary().getMaxDefinitionLevel(schemaPath);
  // With TIME_TEXT_PARSERS, timestamps are hyparquet's to convert (their ISO text); integers are read here either way.
  const reading = read.parsers === PARSERS || read.parsers === TIME_TEXT_PARSERS ? int64Reading(leaf.element) : undefined;
  const int64 = read.parsers === PARSERS || reading === 'integer' ? reading : undefined;
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const buffer = await read.file.slice(start, start + Number(meta.total_compressed_size));
  const reader = { view: new DataView(buffer), offset: 0 };
  // From here on the decoding is synchronous: a change of the count is this column's.
  const textsBefore = invalidTextCount();
  const column: LeafColumn = {
    levels: undefined,
    maxLevel,
    row: 0,
    rows,
    indices: undefined,
    dictionary: undefined,
    numbers: undefined,
    texts: undefined,
    values: undefined,
    invalid: false,
  };
  let dictionary: DecodedArray | undefined;
  // Pages up to row `to` (the first row alone needs only each column's first page).
  while (column.row < to && reader.offset < reader.view.byteLength - 1) {
    const header = parquetLibrary().parquetHeader(reader);
    if (header.type === 'DICTIONARY_PAGE') {
      // hyparquet's own page reader decodes a dictionary page; its values are then
      // converted as hyparquet's readColumn does, and INT64 made numbers once per entry.
      const { data } = parquetLibrary().readPage(reader, header, decoder, undefined, undefined, 0);
      if (data !== undefined) {
        const converted = parquetLibrary().convert(data, decoder);
        dictionary = normalizeDictionary(unconverted === undefined ? converted : convertUnconverted(converted, leaf.element));
      }
      continue;
    }
    const pageBytes = new Uint8Array(reader.view.buffer, reader.view.byteOffset + reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    const page = pageOf(header, pageBytes, decoder, maxLevel);
    const count = page.levels === undefined ? page.valueCount : page.levels.length;
    if (column.row + count > rows) throw new Error(`parquet column ${leaf.path.join('.')} has more values than its row group's ${rows} rows`);
    // The first page with rows chooses how the column is held (a page without values
    // before it chose nothing that holds a row).
    const first = column.row === 0;
    if (first) {
      column.indices = undefined;
      column.dictionary = undefined;
      column.numbers = undefined;
      column.values = undefined;
    }
    if (isDictionaryEncoding(page.encoding) && dictionary !== undefined && meta.type !== 'BOOLEAN') {
      if (first) {
        column.indices = new Int32Array(rows);
        column.dictionary = dictionary;
      } else if (column.dictionary !== dictionary) {
        holdValues(column);
      }
      fillFromDictionary(column, page, dictionary);
    } else if (page.encoding === 'PLAIN' && int64 !== undefined) {
      if (first) column.numbers = new Float64Array(rows);
      else if (column.numbers === undefined) holdValues(column);
      fillInt64(column, page, int64);
    } else {
      holdValues(column);
      const decoded = parquetLibrary().convertWithDictionary(decodeValues(page, decoder), dictionary, page.encoding as never, decoder);
      // A dictionary's entries are converted already.
      const converted = unconverted === undefined || (dictionary !== undefined && isDictionaryEncoding(page.encoding)) ? decoded : convertUnconverted(decoded, leaf.element);
      fillDecoded(column, page, converted);
    }
  }
  const { row } = column;
  if (to === rows ? row !== rows : row < to) throw new Error(`parquet column ${leaf.path.join('.')} has ${row} values for ${rows} rows`);
  if (column.indices === undefined && column.numbers === undefined) holdValues(column);
  column.invalid = invalidTextCount() !== textsBefore;
  return column;
}

/**
 * Makes `column` hold its values themselves, from its indices or numbers so far: a
 * writer may change encoding within a column chunk (dictionary pages, then PLAIN ones
 * when the dictionary grows too large).
 */
function holdValues(column: LeafColumn): void {
  if (column.values !== undefined) return;
  const values: unknown[] = new Array(column.rows);
  const { levels, maxLevel, indices, dictionary, numbers, texts } = column;
  for (let row = 0; row < column.row; row++) {
    if (levels !== undefined && levels[row] !== maxLevel) values[row] = null;
    else if (indices !== undefined) values[row] = dictionary![indices[row]!];
    else {
      const number = numbers![row]!;
      values[row] = number === number ? number : texts!.get(row);
    }
  }
  column.values = values;
  column.indices = undefined;
  column.dictionary = undefined;
  column.numbers = undefined;
  column.texts = undefined;
}

/**
 * One data page with its definition levels decoded and its values not yet: `levels`
 * (a view of a buffer reused by the next page) is undefined when the column has none
 * or every value of the page is defined; `values` reads the encoded values.
 */
interface DataPageRead {
  header: PageHeader;
  encoding: Encoding;
  levels: Uint8Array | undefined;
  /** The values present (levels at the maximum). */
  valueCount: number;
  values: DataReader;
  /** The page as hyparquet's page readers take it: version 1 decompressed, version 2 as stored. */
  bytes: Uint8Array;
}

/** Reused from page to page: a page is decoded and copied out before the next one is read. */
let levelBuffer = new Uint8Array(1024);
let indexBuffer = new Int32Array(1024);

/**
 * A data page's definition levels (into a buffer reused from page to page, where
 * hyparquet makes a JavaScript array per page) and where its values start. Columns
 * here have no repetition, so pages hold no repetition levels.
 */
function pageOf(header: PageHeader, pageBytes: Uint8Array, decoder: ColumnDecoder, maxLevel: number): DataPageRead {
  let levels: Uint8Array | undefined;
  let valueCount: number;
  let values: DataReader;
  let encoding: Encoding;
  let decompressed: Uint8Array | undefined;
  const width = 32 - Math.clz32(maxLevel);
  if (header.type === 'DATA_PAGE') {
    const daph = header.data_page_header;
    if (daph === undefined) throw new Error('parquet data page header is undefined');
    encoding = daph.encoding;
    decompressed = parquetLibrary().decompressPage(pageBytes, Number(header.uncompressed_page_size), decoder.codec, decoder.compressors);
    values = { view: new DataView(decompressed.buffer, decompressed.byteOffset, decompressed.byteLength), offset: 0 };
    valueCount = daph.num_values;
    if (maxLevel > 0) {
      // Version 1 levels: a 4-byte length, then the RLE/bit-packed hybrid.
      levels = levelsOf(daph.num_values);
      parquetLibrary().readRleBitPackedHybrid(values, width, levels);
    }
  } else if (header.type === 'DATA_PAGE_V2') {
    const daph2 = header.data_page_header_v2;
    if (daph2 === undefined) throw new Error('parquet data page header v2 is undefined');
    encoding = daph2.encoding;
    valueCount = daph2.num_values;
    const levelsStart = daph2.repetition_levels_byte_length;
    const valuesStart = levelsStart + daph2.definition_levels_byte_length;
    if (maxLevel > 0) {
      levels = levelsOf(daph2.num_values);
      const levelReader = { view: new DataView(pageBytes.buffer, pageBytes.byteOffset, pageBytes.byteLength), offset: levelsStart };
      parquetLibrary().readRleBitPackedHybrid(levelReader, width, levels, daph2.definition_levels_byte_length);
    }
    // Version 2 compresses the values alone; a page without values may have no bytes.
    const uncompressed = Number(header.uncompressed_page_size) - valuesStart;
    let bytes = pageBytes.subarray(valuesStart);
    if (daph2.is_compressed !== false && uncompressed) bytes = parquetLibrary().decompressPage(bytes, uncompressed, decoder.codec, decoder.compressors);
    values = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  } else {
    throw new Error(`parquet unsupported page type: ${header.type}`);
  }
  if (levels !== undefined) {
    let defined = 0;
    for (let i = 0; i < levels.length; i++) if (levels[i] === maxLevel) defined++;
    if (defined === levels.length) levels = undefined;
    valueCount = defined;
  }
  return { header, encoding, levels, valueCount, values, bytes: header.type === 'DATA_PAGE' ? decompressed! : pageBytes };
}

function levelsOf(count: number): Uint8Array {
  if (levelBuffer.length < count) levelBuffer = new Uint8Array(Math.max(count, levelBuffer.length * 2));
  return levelBuffer.subarray(0, count);
}

function isDictionaryEncoding(encoding: Encoding): boolean {
  return encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';
}

/** Dictionary indices (bit width, then the hybrid encoding) looked up in the decoded dictionary. */
function fillFromDictionary(column: LeafColumn, page: DataPageRead, dictionary: DecodedArray): void {
  const { values: reader, valueCount } = page;
  if (indexBuffer.length < valueCount) indexBuffer = new Int32Array(Math.max(valueCount, indexBuffer.length * 2));
  const indices = indexBuffer.subarray(0, valueCount);
  const bitWidth = reader.view.getUint8(reader.offset++);
  if (bitWidth > 0) parquetLibrary().readRleBitPackedHybrid(reader, bitWidth, indices, reader.view.byteLength - reader.offset);
  else indices.fill(0);
  const pageLevels = page.levels;
  let row = column.row;
  const { values, indices: rowIndices } = column;
  if (pageLevels === undefined) {
    if (rowIndices !== undefined) rowIndices.set(indices, row);
    else for (let i = 0; i < valueCount; i++) values![row + i] = dictionary[indices[i]!];
    row += valueCount;
  } else {
    const { maxLevel } = column;
    let next = 0;
    for (let i = 0; i < pageLevels.length; i++, row++) {
      const level = pageLevels[i]!;
      if (level !== maxLevel) setNull(column, row, level);
      else if (rowIndices !== undefined) rowIndices[row] = indices[next++]!;
      else values![row] = dictionary[indices[next++]!];
    }
  }
  column.row = row;
}

/** PLAIN INT64 read as numbers (./parquet-values), without a bigint per value. */
function fillInt64(column: LeafColumn, page: DataPageRead, reading: Int64Reading): void {
  const { view, offset } = page.values;
  if (offset + page.valueCount * 8 > view.byteLength) throw new Error(`parquet page holds fewer than its ${page.valueCount} INT64 values`);
  const pageLevels = page.levels;
  let row = column.row;
  const count = pageLevels === undefined ? page.valueCount : pageLevels.length;
  const { maxLevel } = column;
  let next = 0;
  for (let i = 0; i < count; i++, row++) {
    const level = pageLevels === undefined ? maxLevel : pageLevels[i]!;
    if (level !== maxLevel) {
      setNull(column, row, level);
      continue;
    }
    const value = readInt64(view, offset + 8 * next++, reading);
    if (column.numbers === undefined) {
      column.values![row] = value;
    } else if (typeof value === 'number') {
      column.numbers[row] = value;
    } else {
      column.numbers[row] = NaN;
      (column.texts ??= new Map()).set(row, value);
    }
  }
  column.row = row;
}

/** Values hyparquet decoded and converted (every other encoding and type). */
function fillDecoded(column: LeafColumn, page: DataPageRead, decoded: DecodedArray): void {
  const pageLevels = page.levels;
  let row = column.row;
  const count = pageLevels === undefined ? decoded.length : pageLevels.length;
  const { maxLevel } = column;
  let next = 0;
  for (let i = 0; i < count; i++, row++) {
    const level = pageLevels === undefined ? maxLevel : pageLevels[i]!;
    if (level === maxLevel) {
      const value: unknown = decoded[next++];
      column.values![row] = typeof value === 'bigint' ? fromBigInt(value) : value;
    } else {
      setNull(column, row, level);
    }
  }
  column.row = row;
}

function setNull(column: LeafColumn, row: number, level: number): void {
  if (column.values !== undefined) column.values[row] = null;
  if (column.levels === undefined) column.levels = new Uint8Array(column.rows).fill(column.maxLevel);
  column.levels[row] = level;
}

/**
 * A page's values as hyparquet decodes them: PLAIN by its plain reader (after the
 * levels), every other encoding by its own page reader, which decodes the levels again.
 */
function decodeValues(page: DataPageRead, decoder: ColumnDecoder): DecodedArray {
  if (page.encoding === 'PLAIN') return parquetLibrary().readPlain(page.values, decoder.type, page.valueCount, decoder.element.type_length);
  const { header } = page;
  if (header.type === 'DATA_PAGE') return parquetLibrary().readDataPage(page.bytes, header.data_page_header!, decoder).dataPage;
  return parquetLibrary().readDataPageV2(page.bytes, header, decoder).dataPage;
}

function treePath(schema: SchemaTree, path: readonly string[]): SchemaTree[] {
  const out = [schema];
  let node = schema;
  for (const name of path) {
    const child = node.children.find((candidate) => candidate.element.name === name);
    if (child === undefined) throw new Error(`parquet schema has no column ${path.join('.')}`);
    out.push(child);
    node = child;
  }
  return out;
}

/**
 * INT64 (bigint) as a number when exact, else as decimal text, everywhere in the value.
 * `keepNulls` false: a null outside an array is missing (undefined), as fillColumn reads
 * values; an array's elements, and everything in them, keep theirs.
 */
export function normalizeValue(value: unknown, keepNulls = true): unknown {
  if (typeof value === 'bigint') return fromBigInt(value);
  if (value === null) return keepNulls ? null : undefined;
  if (typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalizeValue(value[i], true);
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) record[key] = normalizeValue(record[key], keepNulls);
  }
  return value;
}

/**
 * How a PLAIN INT64 leaf is read by ./parquet-values: the conversions hyparquet's
 * `convert` applies to such a column (none, or a timestamp parser), which the numbers
 * read there equal; undefined for any other type or annotation (decimals, unsigned,
 * times, …), which hyparquet converts.
 */
function int64Reading(element: SchemaElement): Int64Reading | undefined {
  if (element.type !== 'INT64') return undefined;
  const converted = element.converted_type;
  const logical = element.logical_type;
  if (converted === 'TIMESTAMP_MILLIS') return 'MILLIS';
  if (converted === 'TIMESTAMP_MICROS') return 'MICROS';
  if (converted !== undefined && converted !== 'INT_64') return undefined;
  if (logical === undefined) return 'integer';
  if (logical.type === 'TIMESTAMP') return logical.unit;
  if (logical.type === 'INTEGER' && logical.isSigned) return 'integer';
  return undefined;
}

/** A dictionary's INT64 entries as numbers (or text beyond 2^53), once per entry rather than per value. */
function normalizeDictionary(dictionary: DecodedArray): DecodedArray {
  if (dictionary instanceof BigInt64Array || dictionary instanceof BigUint64Array) return Array.from(dictionary, fromBigInt);
  if (!Array.isArray(dictionary)) return dictionary;
  for (let i = 0; i < dictionary.length; i++) {
    const value: unknown = dictionary[i];
    if (typeof value === 'bigint') dictionary[i] = fromBigInt(value);
  }
  return dictionary;
}
