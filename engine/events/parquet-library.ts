// hyparquet (with the internals ./parquet-row-group decodes pages with) and
// hyparquet-compressors (./parquet-codecs), loaded when a run first reads Parquet. They are about 290 KB
// of every bundle that reads events, which each thread parsed and ran as it started,
// Parquet or not: about 9 ms of a reading thread's start (dist/range-worker.js loaded
// in 17.7 ms with them, 9.0 without). Bundled, a module reached only through import()
// runs at its first import.

import type * as Hyparquet from 'hyparquet';
import type * as Column from 'hyparquet/src/column.js';
import type * as Convert from 'hyparquet/src/convert.js';
import type * as DataPage from 'hyparquet/src/datapage.js';
import type * as Encoding from 'hyparquet/src/encoding.js';
import type * as Plain from 'hyparquet/src/plain.js';
import type * as Schema from 'hyparquet/src/schema.js';
import type { Compressors } from 'hyparquet-compressors';

export interface ParquetLibrary {
  asyncBufferFromFile: typeof Hyparquet.asyncBufferFromFile;
  parquetMetadataAsync: typeof Hyparquet.parquetMetadataAsync;
  parquetReadObjects: typeof Hyparquet.parquetReadObjects;
  parquetSchema: typeof Hyparquet.parquetSchema;
  parquetHeader: typeof Column.parquetHeader;
  readPage: typeof Column.readPage;
  convert: typeof Convert.convert;
  convertWithDictionary: typeof Convert.convertWithDictionary;
  DEFAULT_PARSERS: typeof Convert.DEFAULT_PARSERS;
  decompressPage: typeof DataPage.decompressPage;
  readDataPage: typeof DataPage.readDataPage;
  readDataPageV2: typeof DataPage.readDataPageV2;
  readRleBitPackedHybrid: typeof Encoding.readRleBitPackedHybrid;
  readPlain: typeof Plain.readPlain;
  getMaxDefinitionLevel: typeof Schema.getMaxDefinitionLevel;
  isListLike: typeof Schema.isListLike;
  isMapLike: typeof Schema.isMapLike;
  compressors: Compressors;
}

let loaded: ParquetLibrary | undefined;

/** The library, loaded at the first call. */
export async function loadParquetLibrary(): Promise<ParquetLibrary> {
  if (loaded !== undefined) return loaded;
  const [hyparquet, column, convert, dataPage, encoding, plain, schema, codecs] = await Promise.all([
    import('hyparquet'),
    import('hyparquet/src/column.js'),
    import('hyparquet/src/convert.js'),
    import('hyparquet/src/datapage.js'),
    import('hyparquet/src/encoding.js'),
    import('hyparquet/src/plain.js'),
    import('hyparquet/src/schema.js'),
    import('./parquet-codecs.js'),
  ]);
  loaded ??= {
    asyncBufferFromFile: hyparquet.asyncBufferFromFile,
    parquetMetadataAsync: hyparquet.parquetMetadataAsync,
    parquetReadObjects: hyparquet.parquetReadObjects,
    parquetSchema: hyparquet.parquetSchema,
    parquetHeader: column.parquetHeader,
    readPage: column.readPage,
    convert: convert.convert,
    convertWithDictionary: convert.convertWithDictionary,
    DEFAULT_PARSERS: convert.DEFAULT_PARSERS,
    decompressPage: dataPage.decompressPage,
    readDataPage: dataPage.readDataPage,
    readDataPageV2: dataPage.readDataPageV2,
    readRleBitPackedHybrid: encoding.readRleBitPackedHybrid,
    readPlain: plain.readPlain,
    getMaxDefinitionLevel: schema.getMaxDefinitionLevel,
    isListLike: schema.isListLike,
    isMapLike: schema.isMapLike,
    compressors: codecs.parquetCodecs(),
  };
  return loaded;
}

/** The library, for code that runs only once loadParquetLibrary() has resolved (a Parquet file's reading). */
export function parquetLibrary(): ParquetLibrary {
  if (loaded === undefined) throw new Error('the Parquet library is used before it is loaded (loadParquetLibrary)');
  return loaded;
}
