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
// A DECIMAL, which hyparquet would divide into a double (123456789012345678 and …677
// one number, two users one; 12.30 written 12.3), is read here from its unscaled
// integer, INT32, INT64, or FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY (big-endian two's
// complement): of scale 0 a number when exact, else its decimal text, as an INT64 is
// (SPEC §3.1: integers as decimal text); of any other scale its exact decimal text
// (./parquet-values decimalValue). A BYTE_ARRAY one is given to hyparquet marked as
// VARIANT, whose leaves' bytes hyparquet hands out as they are (unannotated, it would
// decode them as text where it assembles a list or a map).
//
// A FLOAT, which hyparquet hands out as the double holding its exact binary value
// (0.1 is 0.10000000149011612, and `x = "0.1"` would hold on the NDJSON of the same data
// and not here), is read as the shortest decimal that reads back as it, the text
// DuckDB, Arrow and pandas print (../text/shortest-float32), still a number. A DOUBLE
// is its own shortest decimal already.
//
// A BSON value is never decoded: where a row is read whole before the run knows its
// columns (./parquet-rows: the first row of a report), it stands as an UndecodedValue,
// a placeholder with no keys that no rule reads (a path reaching the column refuses
// the file, ./parquet-row-group); everywhere else the column is refused
// (UnreadableColumn), the file named with the column and its type.

import type { FileMetaData, SchemaTree } from 'hyparquet';
import type { DecodedArray, SchemaElement } from 'hyparquet/src/types.js';
import { shortestFloat32 } from '../text/shortest-float32';
import { decimalValue } from './parquet-values';

/** A Parquet INTERVAL: its three parts, as the file stores them. */
export interface ParquetInterval {
  months: number;
  days: number;
  milliseconds: number;
}

/** A type read here rather than by hyparquet. */
export type UnconvertedType = 'INTERVAL' | 'BSON' | 'DECIMAL' | 'FLOAT';

/** The annotation of a type read here rather than by hyparquet, if `element` has one. */
export function unconvertedType(element: SchemaElement): UnconvertedType | undefined {
  if (element.converted_type === 'INTERVAL') return 'INTERVAL';
  if (element.converted_type === 'BSON' || element.logical_type?.type === 'BSON') return 'BSON';
  if (element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL') return 'DECIMAL';
  if (element.type === 'FLOAT') return 'FLOAT';
  return undefined;
}

/** A DECIMAL's scale: the digits of its unscaled integer after the point. */
function decimalScale(element: SchemaElement): number {
  const logical = element.logical_type;
  return element.scale ?? (logical?.type === 'DECIMAL' ? logical.scale : undefined) ?? 0;
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

/**
 * `element` as hyparquet is given it: without an INTERVAL, BSON or DECIMAL annotation,
 * so that it hands out the raw values; a BYTE_ARRAY DECIMAL marked VARIANT, whose
 * bytes hyparquet's convert keeps as they are (its own `utf8` option is one for every
 * column, which would decode them as text).
 */
export function unconvertedElement(element: SchemaElement): SchemaElement {
  const type = unconvertedType(element);
  if (type === undefined) return element;
  const { converted_type: _converted, logical_type: _logical, ...raw } = element;
  return type === 'DECIMAL' && element.type === 'BYTE_ARRAY' ? { ...raw, logical_type: { type: 'VARIANT' } } : raw;
}

const rawMetadata = new WeakMap<FileMetaData, FileMetaData>();

/**
 * `metadata` with every INTERVAL, BSON and DECIMAL leaf unannotated (unconvertedElement),
 * for hyparquet's own reading; made once per file. Inside a VARIANT, which hyparquet
 * decodes into values of another shape than the schema's (a shredded `typed_value`
 * unwrapped), a DECIMAL with a fraction or of bytes keeps its annotation: nothing here
 * converts it afterwards, and hyparquet's double is what it reads the variant's own
 * encoded decimals as.
 */
export function withoutUnconverted(metadata: FileMetaData): FileMetaData {
  let raw = rawMetadata.get(metadata);
  if (raw === undefined) {
    if (metadata.schema.some((element) => unconvertedType(element) !== undefined)) {
      const inVariant = underVariant(metadata.schema);
      const keepsAnnotation = (element: SchemaElement) => inVariant.has(element) && unconvertedType(element) === 'DECIMAL' && (decimalScale(element) !== 0 || element.type === 'BYTE_ARRAY');
      raw = { ...metadata, schema: metadata.schema.map((element) => (keepsAnnotation(element) ? element : unconvertedElement(element))) };
    } else {
      raw = metadata;
    }
    rawMetadata.set(metadata, raw);
  }
  return raw;
}

/** The elements of `schema` (the footer's flat list, depth first) under a VARIANT group. */
function underVariant(schema: readonly SchemaElement[]): Set<SchemaElement> {
  const inside = new Set<SchemaElement>();
  const visit = (index: number, variant: boolean): number => {
    const element = schema[index];
    if (element === undefined) return index;
    if (variant) inside.add(element);
    const childrenInVariant = variant || element.logical_type?.type === 'VARIANT';
    let next = index + 1;
    for (let child = 0; child < (element.num_children ?? 0); child++) next = visit(next, childrenInVariant);
    return next;
  };
  visit(0, false);
  return inside;
}

/**
 * The values of `leaf` (of a type read here), decoded from their raw values (nulls and
 * undefined kept): INTERVAL objects, DECIMAL numbers or text, FLOAT numbers, or
 * UndecodedValue placeholders for BSON.
 */
export function convertUnconverted(values: DecodedArray, leaf: SchemaElement): DecodedArray {
  const type = unconvertedType(leaf)!;
  const scale = type === 'DECIMAL' ? decimalScale(leaf) : 0;
  const out: unknown[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = convertValue(values[i], type, scale);
  return out;
}

function convertValue(value: unknown, type: UnconvertedType, scale: number): unknown {
  if (type === 'FLOAT') return typeof value === 'number' ? shortestFloat32(value) : value;
  if (type === 'DECIMAL') {
    if (typeof value === 'bigint' || typeof value === 'number') return decimalValue(value, scale);
    return value instanceof Uint8Array ? decimalValue(bigEndianInteger(value), scale) : value;
  }
  if (!(value instanceof Uint8Array)) return value;
  return type === 'INTERVAL' ? intervalOf(value) : UNDECODED;
}

/**
 * A DECIMAL or FLOAT map key as its value's text: hyparquet keys a map by the text of
 * what it hands out, a FLOAT's double, the unscaled integer's digits for INT32 and
 * INT64, for bytes their values joined by commas ("0,0,5").
 */
function keyText(key: string, element: SchemaElement): string {
  if (element.type === 'FLOAT') return String(shortestFloat32(Number(key)));
  let unscaled: bigint;
  if (element.type === 'INT32' || element.type === 'INT64') unscaled = BigInt(key);
  else unscaled = bigEndianInteger(key === '' ? new Uint8Array(0) : Uint8Array.from(key.split(','), Number));
  return String(decimalValue(unscaled, decimalScale(element)));
}

/** The signed (two's complement) big-endian integer stored in `bytes`, as a FIXED_LEN_BYTE_ARRAY DECIMAL holds it. */
export function bigEndianInteger(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  if (bytes.length > 0 && bytes[0]! >= 0x80) value -= 1n << BigInt(bytes.length * 8);
  return value;
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
    // A DECIMAL's or FLOAT's key is read back from hyparquet's text of it (keyText).
    const keyType = key === undefined || key.children.length > 0 ? undefined : unconvertedType(key.element);
    if (keyType === 'INTERVAL' || keyType === 'BSON') return { path: key!.path.join('.'), type: `${keyType} as a map's key` };
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
  if (node.children.length === 0) {
    const type = unconvertedType(node.element)!;
    return convertValue(value, type, type === 'DECIMAL' ? decimalScale(node.element) : 0);
  }
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
    const keyNode = node.children[0]!.children.find((child) => child.element.name === 'key');
    const keyType = keyNode !== undefined && keyNode.children.length === 0 ? unconvertedType(keyNode.element) : undefined;
    // An INT32 or INT64 DECIMAL key of scale 0 is hyparquet's text of the integer already.
    const rekeyed = keyType === 'FLOAT' || (keyType === 'DECIMAL' && (decimalScale(keyNode!.element) !== 0 || (keyNode!.element.type !== 'INT32' && keyNode!.element.type !== 'INT64')));
    if (!rekeyed) {
      for (const key of Object.keys(record)) record[key] = convertUnconvertedIn(record[key], valueNode, isListLike, isMapLike);
      return record;
    }
    const keyed: Record<string, unknown> = {};
    for (const key of Object.keys(record)) keyed[keyText(key, keyNode!.element)] = convertUnconvertedIn(record[key], valueNode, isListLike, isMapLike);
    return keyed;
  }
  if (node.element.logical_type?.type === 'VARIANT') return value;
  for (const child of node.children) {
    const name = child.element.name;
    if (Object.hasOwn(record, name)) record[name] = convertUnconvertedIn(record[name], child, isListLike, isMapLike);
  }
  return record;
}
