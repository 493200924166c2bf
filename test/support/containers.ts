// Writers of the containers of SPEC §3.1 for tests, each an independent library:
// gzip by Node's zlib, zip by yazl (not the yauzl that reads), Parquet by DuckDB
// (see the tests) or hyparquet-writer.

import { gzipSync } from 'node:zlib';
import yazl from 'yazl';

export type ZipItem =
  | { kind: 'file'; name: string; data: Buffer | string; compress?: boolean }
  | { kind: 'folder'; name: string };

/** A zip archive of the items, in order. */
export function zipBuffer(items: readonly ZipItem[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const item of items) {
    if (item.kind === 'folder') zip.addEmptyDirectory(item.name);
    else zip.addBuffer(Buffer.from(item.data), item.name, { compress: item.compress ?? true });
  }
  zip.end();
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (part: Buffer) => parts.push(part));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
  });
}

/**
 * The zip with entry names that yazl refuses to write (`a/../b.ndjson`, `/abs.ndjson`,
 * `C:\\x.ndjson`): each `[written, wanted]` pair's written name, of the same length in
 * bytes, is replaced in the entry's local header and central directory record.
 */
export function renameEntries(zip: Buffer, names: ReadonlyArray<readonly [written: string, wanted: string]>): Buffer {
  const renamed = Buffer.from(zip);
  for (const [written, wanted] of names) {
    const from = Buffer.from(written);
    const to = Buffer.from(wanted);
    if (from.length !== to.length) throw new Error(`${written} and ${wanted} differ in length`);
    const places: number[] = [];
    for (let at = renamed.indexOf(from); at !== -1; at = renamed.indexOf(from, at + 1)) places.push(at);
    if (places.length !== 2) throw new Error(`${written} is in the zip ${places.length} times, not twice (its two headers)`);
    for (const at of places) to.copy(renamed, at);
  }
  return renamed;
}

export function gzip(text: string | Buffer): Buffer {
  return gzipSync(Buffer.from(text));
}

/** NDJSON of the records, one per line (a string line is written as it is: a bad line). */
export function ndjsonText(records: ReadonlyArray<Record<string, unknown> | string>): string {
  return records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n') + '\n';
}

/** CSV with a header of `columns`; null and undefined are empty cells. */
export function csvText(records: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...records.map((record) => columns.map((column) => cell(record[column])).join(','))].join('\n') + '\n';
}
