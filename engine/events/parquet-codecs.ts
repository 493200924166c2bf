// The page codecs of Parquet files beyond Snappy-in-JavaScript (hyparquet's own):
// hyparquet-compressors' decoders, put together here rather than taken as its
// `compressors`. That object makes its Snappy decoder (hysnappy, WebAssembly) as it
// loads, so where the process cannot have WebAssembly memory (../wasm-memory) the load
// failed, and with it every Parquet file; and under a limit a memory granted can leave
// too little for the rest (../address-space). Snappy is then left out, and hyparquet
// decodes it in JavaScript: the same pages, more slowly. Loaded with the Parquet
// library (./parquet-library).

import { decompress as decompressZstd } from 'fzstd';
import type { Compressors } from 'hyparquet-compressors';
import { decompressBrotli } from 'hyparquet-compressors/src/brotli.js';
import { gunzip } from 'hyparquet-compressors/src/gzip.js';
import { decompressLz4, decompressLz4Raw } from 'hyparquet-compressors/src/lz4.js';
import { snappyUncompressor } from 'hysnappy';
import { wasmMemoriesFit } from '../address-space';
import { refusedWasmMemory } from '../wasm-memory';

export function parquetCodecs(): Compressors {
  const codecs: Compressors = {
    GZIP: (input, length) => gunzip(input, new Uint8Array(length)),
    BROTLI: decompressBrotli,
    ZSTD: (input) => decompressZstd(input),
    LZ4: decompressLz4,
    LZ4_RAW: decompressLz4Raw,
  };
  // Not where the memory would leave too little of an address-space limit (../address-space).
  if (!wasmMemoriesFit()) return codecs;
  try {
    codecs.SNAPPY = snappyUncompressor();
  } catch (error) {
    if (!refusedWasmMemory(error)) throw error;
  }
  return codecs;
}
