// `.zip` (SPEC §3.1): the file entries of an archive in the central directory's order,
// each entry's bytes streamed (yauzl reads the archive by random access from the
// file, so a 2 GB zip is never held in memory). Folders and macOS metadata
// (`__MACOSX/…`) are not entries to read; they are reported through `onSkipped`,
// like the entries the caller finds are not events files.
//
// Entries are read raw and inflated here (./gzip-reader) rather than by yauzl, so a
// damaged entry's error can give the byte offset in the archive where deflate
// stopped. An entry is checked against its central directory record: its declared
// size must be within the expansion limit before anything is read, and its data
// must expand to exactly that size with the recorded CRC-32.
//
// Names are decoded here with yauzl's own decoder (UTF-8 when flagged, else CP437; the
// Info-ZIP Unicode Path field when its CRC matches; backslashes as slashes) but not
// validated: yauzl refuses an absolute or `..` name as unsafe to extract to, and nothing
// here is extracted: an entry is only a name in messages and `<entry>:<line>`, so
// `a/../b.ndjson` is read by its own name like any other (SPEC §3.1), not as damage.

import { stat } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { EventFileError } from './event-format';
import { expansionError } from './expansion-limit';
import { describeRange, inflateRawChunks } from './gzip-reader';

export interface SkippedEntry {
  name: string;
  reason: string;
}

export interface ZipEntryData {
  name: string;
  /** Names the entry in errors: `export.zip: entry "a.json.gz"`. */
  where: string;
  /** The entry's expanded bytes. Read it to the end (or not at all) before the next entry. */
  chunks: AsyncIterable<Buffer>;
  /** The expanded size the archive records for it (a hint: the reading checks it). */
  size: number;
}

export interface ZipReadOptions {
  /** Most bytes one entry may expand to. */
  limit: number;
  onSkipped?: (entry: SkippedEntry) => void;
  /** Bytes of the archive read so far and its size. */
  onProgress?: (read: number, total: number) => void;
}

const STORED = 0;
const DEFLATED = 8;

/** The file entries of the zip at `path`; `name` names it in errors. */
export async function* zipEntries(path: string, name: string, options: ZipReadOptions): AsyncGenerator<ZipEntryData> {
  const size = (await stat(path)).size;
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false });
  } catch (error) {
    throw new EventFileError(`${name}: not a readable zip archive (truncated or damaged; ${size} bytes): ${messageOf(error)}`);
  }
  try {
    const entries = zip.eachEntry();
    for (;;) {
      let next: IteratorResult<Entry>;
      try {
        next = await entries.next();
      } catch (error) {
        throw new EventFileError(`${name}: damaged zip central directory: ${messageOf(error)}`);
      }
      if (next.done === true) break;
      const entry = next.value;
      const entryName = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      if (entryName.endsWith('/')) {
        options.onSkipped?.({ name: entryName, reason: 'a folder' });
        continue;
      }
      if (entryName.startsWith('__MACOSX/') || /(^|\/)\._[^/]*$/.test(entryName)) {
        options.onSkipped?.({ name: entryName, reason: 'macOS metadata' });
        continue;
      }
      const where = `${name}: entry "${entryName}"`;
      yield { name: entryName, where, chunks: entryChunks(zip, entry, where, size, options), size: entry.uncompressedSize };
    }
  } finally {
    zip.close();
  }
}

async function* entryChunks(zip: ZipFile, entry: Entry, where: string, size: number, options: ZipReadOptions): AsyncGenerator<Buffer> {
  const at = entry.relativeOffsetOfLocalHeader;
  if (entry.isEncrypted()) throw new EventFileError(`${where} (at byte ${at}): encrypted entries cannot be read`);
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    throw new EventFileError(
      `${where} (at byte ${at}): compression method ${entry.compressionMethod} is not supported (only stored and deflate)`,
    );
  }
  if (entry.uncompressedSize > options.limit) throw expansionError(where, options.limit);
  let dataStart: number;
  let raw: AsyncIterable<Buffer>;
  try {
    dataStart = (await zip.readLocalFileHeaderPromise(entry, { minimal: true })).fileDataStart;
    if (dataStart + entry.compressedSize > size) {
      throw new Error(`its data runs past the end of the archive (${size} bytes): the file is truncated`);
    }
    raw = (await zip.openReadStreamPromise(entry, { decodeFileData: false })) as AsyncIterable<Buffer>;
  } catch (error) {
    throw new EventFileError(`${where} (at byte ${at}): damaged zip entry: ${messageOf(error)}`);
  }
  let consumed = 0;
  const counted = (async function* () {
    try {
      for await (const chunk of raw) {
        consumed += chunk.length;
        options.onProgress?.(dataStart + consumed, size);
        yield chunk;
      }
    } catch (error) {
      throw new EventFileError(`${where}: cannot read the entry's data at byte ${dataStart + consumed}: ${messageOf(error)}`);
    }
  })();
  const expanded =
    entry.compressionMethod === DEFLATED
      ? inflateRawChunks(counted, where, options.limit, (range, reason) =>
          new EventFileError(`${where}: damaged deflate data ${describeRange(range, 'archive', dataStart)}: ${reason}`),
          entry.uncompressedSize,
        )
      : counted;
  let length = 0;
  let crc = 0;
  for await (const chunk of expanded) {
    length += chunk.length;
    if (length > entry.uncompressedSize) {
      throw new EventFileError(`${where}: damaged zip entry: it expands past its recorded size of ${entry.uncompressedSize} bytes`);
    }
    crc = crc32(chunk, crc);
    yield chunk;
  }
  if (length !== entry.uncompressedSize) {
    throw new EventFileError(
      `${where}: damaged zip entry at byte ${dataStart + consumed}: it expands to ${length} bytes, its record says ${entry.uncompressedSize}`,
    );
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) {
    throw new EventFileError(`${where}: damaged zip entry (data at bytes ${dataStart}–${dataStart + consumed}): its CRC-32 does not match`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
