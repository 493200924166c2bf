// `.zip` held in memory (the web build, where a sample is read whole through the
// editor's file system): the same entries, in the same order and with the same
// checks and error wording as ./zip-reader (yauzl, by random access from a file).
// The central directory is read here (a zip is a directory at its end pointing at
// each entry: APPNOTE.TXT 4.3), following yauzl's rules: ZIP64 records, names in
// UTF-8 when flagged, else CP437, the Info-ZIP Unicode Path field (0x7075) when its
// CRC matches, backslashes read as slashes; absolute and `..` names are read as they
// are, as ./zip-reader reads them (nothing is extracted, so no name is unsafe).
// Deflated data is inflated by ./inflate-bytes; every entry must expand to exactly its
// recorded size with its recorded CRC-32.

import { crc32 } from './crc32';
import { describeRange } from './damage-range';
import { EventFileError } from './event-format';
import { expansionError } from './expansion-limit';
import { inflateRawBytes } from './inflate-bytes';
import type { ZipReadOptions } from './zip-reader';

export interface ZipBytesEntry {
  name: string;
  /** Names the entry in errors: `export.zip: entry "a.json.gz"`. */
  where: string;
  /** The entry's expanded bytes, checked against its record (size, CRC-32) as they stream. */
  chunks(): AsyncGenerator<Uint8Array>;
  /** Its recorded expanded size. */
  size: number;
}

const STORED = 0;
const DEFLATED = 8;
const EOCD = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface CentralRecord {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeader: number;
}

/** The file entries of the zip `bytes`; `name` names it in errors. */
export function* zipBytesEntries(bytes: Uint8Array, name: string, options: ZipReadOptions): Generator<ZipBytesEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let directory: { offset: number; count: number };
  try {
    directory = findDirectory(view);
  } catch (error) {
    throw new EventFileError(`${name}: not a readable zip archive (truncated or damaged; ${bytes.length} bytes): ${messageOf(error)}`);
  }
  let cursor = directory.offset;
  for (let index = 0; index < directory.count; index++) {
    let record: CentralRecord;
    try {
      ({ record, next: cursor } = readCentralRecord(view, bytes, cursor));
    } catch (error) {
      throw new EventFileError(`${name}: damaged zip central directory: ${messageOf(error)}`);
    }
    const entryName = record.name;
    if (entryName.endsWith('/')) {
      options.onSkipped?.({ name: entryName, reason: 'a folder' });
      continue;
    }
    if (entryName.startsWith('__MACOSX/') || /(^|\/)\._[^/]*$/.test(entryName)) {
      options.onSkipped?.({ name: entryName, reason: 'macOS metadata' });
      continue;
    }
    const where = `${name}: entry "${entryName}"`;
    yield { name: entryName, where, size: record.uncompressedSize, chunks: () => entryChunks(view, bytes, record, where, options) };
  }
}

/** Every expanded byte of an entry, in one array (Parquet and `.gz` entries are read from memory). */
export async function entryBytes(entry: ZipBytesEntry): Promise<Uint8Array> {
  const out = new Uint8Array(entry.size);
  let at = 0;
  for await (const chunk of entry.chunks()) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

async function* entryChunks(view: DataView, bytes: Uint8Array, record: CentralRecord, where: string, options: ZipReadOptions): AsyncGenerator<Uint8Array> {
  const at = record.localHeader;
  const size = bytes.length;
  if ((record.flags & 1) !== 0) throw new EventFileError(`${where} (at byte ${at}): encrypted entries cannot be read`);
  if (record.method !== STORED && record.method !== DEFLATED) {
    throw new EventFileError(`${where} (at byte ${at}): compression method ${record.method} is not supported (only stored and deflate)`);
  }
  if (record.uncompressedSize > options.limit) throw expansionError(where, options.limit);
  let dataStart: number;
  try {
    if (at + 30 > size) throw new Error('unexpected EOF');
    const signature = view.getUint32(at, true);
    if (signature !== LOCAL) throw new Error(`invalid local file header signature: 0x${signature.toString(16)}`);
    dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    if (dataStart + record.compressedSize > size) {
      throw new Error(`its data runs past the end of the archive (${size} bytes): the file is truncated`);
    }
  } catch (error) {
    throw new EventFileError(`${where} (at byte ${at}): damaged zip entry: ${messageOf(error)}`);
  }
  const data = bytes.subarray(dataStart, dataStart + record.compressedSize);
  const progress = (read: number) => options.onProgress?.(dataStart + read, size);
  const expanded =
    record.method === DEFLATED
      ? inflateRawBytes(data, where, options.limit, (range, reason) =>
          new EventFileError(`${where}: damaged deflate data ${describeRange(range, 'archive', dataStart)}: ${reason}`),
        progress, record.uncompressedSize)
      : storedChunks(data, progress);
  let length = 0;
  let crc = 0;
  for await (const chunk of expanded) {
    length += chunk.length;
    if (length > record.uncompressedSize) {
      throw new EventFileError(`${where}: damaged zip entry: it expands past its recorded size of ${record.uncompressedSize} bytes`);
    }
    crc = crc32(chunk, crc);
    yield chunk;
  }
  const end = dataStart + record.compressedSize;
  if (length !== record.uncompressedSize) {
    throw new EventFileError(
      `${where}: damaged zip entry at byte ${end}: it expands to ${length} bytes, its record says ${record.uncompressedSize}`,
    );
  }
  if (crc >>> 0 !== record.crc >>> 0) {
    throw new EventFileError(`${where}: damaged zip entry (data at bytes ${dataStart}–${end}): its CRC-32 does not match`);
  }
}

/** A stored entry in chunks of 1 MiB (one batch of events each, as for plain files). */
async function* storedChunks(data: Uint8Array, onProgress: (read: number) => void): AsyncGenerator<Uint8Array> {
  for (let from = 0; from < data.length; from += 1 << 20) {
    const to = Math.min(data.length, from + (1 << 20));
    onProgress(to);
    yield data.subarray(from, to);
  }
}

/** The end of central directory record (and its ZIP64 form): where the directory starts, how many records. */
function findDirectory(view: DataView): { offset: number; count: number } {
  const size = view.byteLength;
  if (size < EOCD_SIZE) throw new Error('End of central directory record signature not found. Either not a zip file, or file is truncated.');
  // The record ends the file, after a comment of at most 0xffff bytes.
  for (let i = size - EOCD_SIZE; i >= Math.max(0, size - EOCD_SIZE - 0xffff); i--) {
    if (view.getUint32(i, true) !== EOCD) continue;
    const commentLength = view.getUint16(i + 20, true);
    const expected = size - i - EOCD_SIZE;
    if (commentLength !== expected) {
      throw new Error(
        `Invalid comment length. Expected: ${expected}. Found: ${commentLength}. Are there extra bytes at the end of the file? Or is the end of central dir signature \`PK☺☻\` in the comment?`,
      );
    }
    let disk = view.getUint16(i + 4, true);
    let count = view.getUint16(i + 10, true);
    let offset = view.getUint32(i + 16, true);
    if (i - 20 >= 0 && view.getUint32(i - 20, true) === ZIP64_LOCATOR) {
      const record = readUint64(view, i - 20 + 8);
      if (record + 56 > size) throw new Error('unexpected EOF');
      if (view.getUint32(record, true) !== ZIP64_EOCD) throw new Error('invalid zip64 end of central directory record signature');
      disk = view.getUint32(record + 16, true);
      count = readUint64(view, record + 32);
      offset = readUint64(view, record + 48);
    }
    if (disk !== 0) throw new Error(`multi-disk zip files are not supported: found disk number: ${disk}`);
    return { offset, count };
  }
  throw new Error('End of central directory record signature not found. Either not a zip file, or file is truncated.');
}

function readCentralRecord(view: DataView, bytes: Uint8Array, at: number): { record: CentralRecord; next: number } {
  if (at + 46 > view.byteLength) throw new Error('unexpected EOF');
  const signature = view.getUint32(at, true);
  if (signature !== CENTRAL) throw new Error(`invalid central directory file header signature: 0x${signature.toString(16)}`);
  const flags = view.getUint16(at + 8, true);
  const nameLength = view.getUint16(at + 28, true);
  const extraLength = view.getUint16(at + 30, true);
  const commentLength = view.getUint16(at + 32, true);
  if (flags & 0x40) throw new Error('strong encryption is not supported');
  const nameStart = at + 46;
  const next = nameStart + nameLength + extraLength + commentLength;
  if (next > view.byteLength) throw new Error('unexpected EOF');
  const rawName = bytes.subarray(nameStart, nameStart + nameLength);
  const extras = extraFields(bytes.subarray(nameStart + nameLength, nameStart + nameLength + extraLength));
  const record: CentralRecord = {
    name: fileName(flags, rawName, extras),
    flags,
    method: view.getUint16(at + 10, true),
    crc: view.getUint32(at + 16, true),
    compressedSize: view.getUint32(at + 20, true),
    uncompressedSize: view.getUint32(at + 24, true),
    localHeader: view.getUint32(at + 42, true),
  };
  const zip64 = extras.find((field) => field.id === 0x0001);
  if (zip64 !== undefined) {
    const data = new DataView(zip64.data.buffer, zip64.data.byteOffset, zip64.data.byteLength);
    let index = 0;
    for (const [key, what] of [['uncompressedSize', 'uncompressed size'], ['compressedSize', 'compressed size'], ['localHeader', 'relative header offset']] as const) {
      if (record[key] !== 0xffffffff) continue;
      if (index + 8 > data.byteLength) throw new Error(`zip64 extended information extra field does not include ${what}`);
      record[key] = readUint64(data, index);
      index += 8;
    }
  }
  return { record, next };
}

interface ExtraField {
  id: number;
  data: Uint8Array;
}

function extraFields(bytes: Uint8Array): ExtraField[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: ExtraField[] = [];
  let i = 0;
  while (i < bytes.length - 3) {
    const id = view.getUint16(i, true);
    const size = view.getUint16(i + 2, true);
    const end = i + 4 + size;
    if (end > bytes.length) throw new Error('extra field length exceeds extra field buffer size');
    fields.push({ id, data: bytes.subarray(i + 4, end) });
    i = end;
  }
  return fields;
}

const CP437 =
  '\u0000☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼ !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~⌂ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder().decode(bytes);
  let text = '';
  for (const byte of bytes) text += CP437[byte];
  return text;
}

function fileName(flags: number, raw: Uint8Array, extras: readonly ExtraField[]): string {
  let name: string | undefined;
  for (const field of extras) {
    // Info-ZIP Unicode Path: version 1, the CRC-32 of the header's name, the UTF-8 name.
    if (field.id !== 0x7075 || field.data.length < 6 || field.data[0] !== 1) continue;
    const nameCrc = new DataView(field.data.buffer, field.data.byteOffset + 1, 4).getUint32(0, true);
    if (crc32(raw) !== nameCrc) continue;
    name = decodeName(field.data.subarray(5), true);
    break;
  }
  name ??= decodeName(raw, (flags & 0x800) !== 0);
  return name.replace(/\\/g, '/');
}

function readUint64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
