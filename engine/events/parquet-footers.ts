// The footer of the Parquet file a reader is given one row group at a time (a reading
// thread of ../report/threaded-report), read once per version of the file rather than
// once per group. The footer lists every row group, so its length grows with them, and
// read for each group a file of many small groups cost their number squared: 1,000
// groups of 10 rows took 39 s to report on, 2,000 more than 100 s, where the same bytes
// read as one stream (standard input) took 1.3 s.
//
// A version is the file's device, inode, size, and modification and change times to
// the nanosecond: a file written again (in place, or another renamed over it) is read
// with its own footer, as each group read the footer of the file as it then was. One
// file is kept, the last: a reader reads one file's groups, and a reader that lives on
// holds no footer of the files before.

// fs.promises, not node:fs/promises (./parquet-reader says why).
import { promises as fsPromises } from 'node:fs';
import type { AsyncBuffer } from 'hyparquet';
import type { EventBatch } from './event';
import { loadParquetLibrary } from './parquet-library';
import { readParquetFooter, readParquetRows, type ParquetFooter, type ParquetReadOptions } from './parquet-rows';

/** A Parquet file opened, `size` bytes long when its footer was read. */
interface OpenedParquet {
  file: AsyncBuffer;
  size: number;
  footer: ParquetFooter;
}

export class ParquetFooters {
  /** The file opened last: its path, its version, and the opening (a promise, so that readings begun together share it). */
  private last: { path: string; version: string; opened: Promise<OpenedParquet> } | undefined;

  /**
   * The rows of the Parquet file at `path` that `options` asks for (./parquet-rows
   * readParquetRows: a row group with `onlyGroup`), its footer read once per version
   * of the file; `where` names it in errors.
   */
  async *rows(path: string, where: string, options: ParquetReadOptions = {}): AsyncGenerator<EventBatch> {
    const { file, size, footer } = await this.open(path, where);
    yield* readParquetRows(file, size, where, { ...options, footer });
  }

  private async open(path: string, where: string): Promise<OpenedParquet> {
    const stats = await fsPromises.stat(path, { bigint: true });
    const version = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
    if (this.last?.path === path && this.last.version === version) return this.last.opened;
    const opened = (async (): Promise<OpenedParquet> => {
      const size = Number(stats.size);
      const file = await (await loadParquetLibrary()).asyncBufferFromFile(path);
      return { file, size, footer: await readParquetFooter(file, size, where) };
    })();
    const last = { path, version, opened };
    this.last = last;
    // A footer that could not be read is read again by the next reading, which says why again.
    opened.catch(() => {
      if (this.last === last) this.last = undefined;
    });
    return opened;
  }
}
