// The Parquet types hyparquet does not convert (its `convert` throws "parquet interval
// not supported", "parquet bson not supported" for the whole column chunk): INTERVAL is
// read here, and BSON, which would need a BSON decoder, is refused by name where the
// run reads it (docs/events-and-reports.md, the `.parquet` type table).
//
// hyparquet is given these leaves without their annotation (unconvertedElement,
// withoutUnconverted), so it hands out their raw bytes, which are then converted here:
// a leaf column's values by convertUnconverted (./parquet-row-group), a value hyparquet
// assembled (lists, maps, structs around such a leaf) by convertUnconvertedIn.
//
// INTERVAL (FIXED_LEN_BYTE_ARRAY of 12 bytes) is three little-endian unsigned 32-bit
// integers, months, days and milliseconds (the Parquet format's definition; DuckDB's
// writer, which keeps microseconds, truncates them to milliseconds and refuses a
// negative part): read as the object of those three numbers, exact, which a rule reads
// into as into a struct (`duration.days`). No single number or text says it without a
// choice the file does not make (how long a month or a day is).
//
// A BSON value is never decoded: where a row is read whole before the run knows its
// columns (./parquet-rows: the first row of a report), it stands as an UndecodedValue,
// a placeholder with no keys that no rule reads (a path reaching the column refuses
// the file, ./parquet-row-group); everywhere else the column is refused
// (UnreadableColumn), the file named with the column and its type.

import type { FileMetaData, SchemaTree } from 'hyparquet';
import type { DecodedArray, SchemaElement } from 'hyparquet/src/types.js';

/** A Parquet INTERVAL: its three parts, as the file stores them. */
export interface ParquetInterval {
  months: number;
  days: number;
  milliseconds: number;
}

/** The annotation of a type read here rather than by hyparquet, if `element` has one. */
export function unconvertedType(element: SchemaElement): 'INTERVAL' | 'BSON' | undefined {
  if (element.converted_type === 'INTERVAL') return 'INTERVAL';
  if (element.converted_type === 'BSON' || element.logical_type?.type === 'BSON') return 'BSON';
  return undefined;
}

/**
 * A BSON value in a row read whole before the run's columns are known: it was not
 * decoded, and has no keys, so a path into it reads nothing (and one that reaches its
 * column refuses the file before any figure is given).
 */
export class UndecodedValue {
  /** Left out of the JSON of its row, as a missing key is. */
  toJSON(): undefined {
    return undefined;
  }
}

const UNDECODED = new UndecodedValue();

/** A column of a type that is not read (BSON), at `path` (its schema path with dots). */
export class UnreadableColumn extends Error {
  constructor(
    readonly path: string,
    readonly type: string,
  ) {
    super(`column ${path} has Parquet type ${type}, which is not read`);
    this.name = 'UnreadableColumn';
  }
}

/** The INTERVAL stored in `bytes` (12 bytes: months, days, milliseconds). */
export function intervalOf(bytes: Uint8Array): ParquetInterval {
  if (bytes.length !== 12) throw new Error(`parquet INTERVAL value has ${bytes.length} bytes, not 12`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 12);
  return { months: view.getUint32(0, true), days: view.getUint32(4, true), milliseconds: view.getUint32(8, true) };
}

/** `element` as hyparquet is given it: without an INTERVAL or BSON annotation, so that it hands out the raw bytes. */
export function unconvertedElement(element: SchemaElement): SchemaElement {
  if (unconvertedType(element) === undefined) return element;
  const { converted_type: _converted, logical_type: _logical, ...raw } = element;
  return raw;
}

const rawMetadata = new WeakMap<FileMetaData, FileMetaData>();

/** `metadata` with every INTERVAL and BSON leaf unannotated (unconvertedElement), for hyparquet's own reading; made once per file. */
export function withoutUnconverted(metadata: FileMetaData): FileMetaData {
  let raw = rawMetadata.get(metadata);
  if (raw === undefined) {
    raw = metadata.schema.some((element) => unconvertedType(element) !== undefined) ? { ...metadata, schema: metadata.schema.map(unconvertedElement) } : metadata;
    rawMetadata.set(metadata, raw);
  }
  return raw;
}

/**
 * The values of a leaf of `type`, decoded from their raw bytes (nulls and undefined
 * kept): INTERVAL objects, or UndecodedValue placeholders for BSON.
 */
export function convertUnconverted(values: DecodedArray, type: 'INTERVAL' | 'BSON'): DecodedArray {
  const out: unknown[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = convertValue(values[i], type);
  return out;
}

function convertValue(value: unknown, type: 'INTERVAL' | 'BSON'): unknown {
  if (!(value instanceof Uint8Array)) return value;
  return type === 'INTERVAL' ? intervalOf(value) : UNDECODED;
}

const holds = new WeakMap<SchemaTree, boolean>();

/** Whether a leaf under `node` (or `node` itself) is of a type converted here. */
export function holdsUnconverted(node: SchemaTree): boolean {
  let found = holds.get(node);
  if (found === undefined) {
    found = node.children.length === 0 ? unconvertedType(node.element) !== undefined : node.children.some(holdsUnconverted);
    holds.set(node, found);
  }
  return found;
}

/**
 * The first leaf under `node` (or `node` itself) that is not read, and its type as
 * said: BSON; or an INTERVAL as a map's key, which hyparquet would make the text of its
 * bytes.
 */
export function unreadableUnder(node: SchemaTree, isMapLike: (node: SchemaTree) => boolean): { path: string; type: string } | undefined {
  if (!holdsUnconverted(node)) return undefined;
  if (node.children.length === 0) return unconvertedType(node.element) === 'BSON' ? { path: node.path.join('.'), type: 'BSON' } : undefined;
  if (isMapLike(node)) {
    const key = node.children[0]!.children.find((child) => child.element.name === 'key');
    if (key !== undefined && key.children.length === 0 && unconvertedType(key.element) !== undefined) return { path: key.path.join('.'), type: `${unconvertedType(key.element)} as a map's key` };
  }
  for (const child of node.children) {
    const found = unreadableUnder(child, isMapLike);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * `value`, as hyparquet assembled it for `node` from unannotated leaves
 * (withoutUnconverted), with those leaves' raw bytes converted: a list is an array of
 * its elements, a map an object of its values (a key is text, as hyparquet makes it), a
 * struct an object of its fields, a repeated field an array. `repeated`: whether
 * `node`'s own repetition has been unwrapped already.
 */
export function convertUnconvertedIn(value: unknown, node: SchemaTree, isListLike: (node: SchemaTree) => boolean, isMapLike: (node: SchemaTree) => boolean, repeated = false): unknown {
  if (value === null || value === undefined || !holdsUnconverted(node)) return value;
  if (node.element.repetition_type === 'REPEATED' && !repeated) {
    if (!Array.isArray(value)) return value;
    for (let i = 0; i < value.length; i++) value[i] = convertUnconvertedIn(value[i], node, isListLike, isMapLike, true);
    return value;
  }
  if (node.children.length === 0) return convertValue(value, unconvertedType(node.element)!);
  if (isListLike(node)) {
    const list = node.children[0]!;
    // A three-level list's element, or a two-level list's repeated field itself.
    const element = list.children.length === 1 ? list.children[0]! : list;
    if (!Array.isArray(value)) return value;
    for (let i = 0; i < value.length; i++) value[i] = convertUnconvertedIn(value[i], element, isListLike, isMapLike, true);
    return value;
  }
  if (typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (isMapLike(node)) {
    const valueNode = node.children[0]!.children.find((child) => child.element.name === 'value')!;
    for (const key of Object.keys(record)) record[key] = convertUnconvertedIn(record[key], valueNode, isListLike, isMapLike);
    return record;
  }
  if (node.element.logical_type?.type === 'VARIANT') return value;
  for (const child of node.children) {
    const name = child.element.name;
    if (Object.hasOwn(record, name)) record[name] = convertUnconvertedIn(record[name], child, isListLike, isMapLike);
  }
  return record;
}
