// `.parquet` files (SPEC §3.1), read by random access from the file with hyparquet's
// Node reader; the rows and their values are ./parquet-rows' (shared with the web
// build, which reads from memory).

// fs.promises, not node:fs/promises: that module (and the dozen Node modules it loads)
// is loaded only when a Parquet file is read, not as every reading thread starts.
import { promises as fsPromises } from 'node:fs';
import type { EventBatch } from './event';
import { loadParquetLibrary } from './parquet-library';
import { parquetRowGroupEnds, readParquetRows, type ParquetReadOptions } from './parquet-rows';

export { isParquet, PARSERS, readParquetRows, type ParquetReadOptions } from './parquet-rows';

/** The rows of the Parquet file at `path`, a batch per row group; `where` names it in errors. */
export async function* readParquetFile(path: string, where: string, options: ParquetReadOptions = {}): AsyncGenerator<EventBatch> {
  const size = (await fsPromises.stat(path)).size;
  yield* readParquetRows(await (await loadParquetLibrary()).asyncBufferFromFile(path), size, where, options);
}

/** Where each row group of the Parquet file at `path` ends, in order (./parquet-rows parquetRowGroupEnds). */
export async function parquetFileRowGroupEnds(path: string, where: string): Promise<number[]> {
  const size = (await fsPromises.stat(path)).size;
  return parquetRowGroupEnds(await (await loadParquetLibrary()).asyncBufferFromFile(path), size, where);
}
