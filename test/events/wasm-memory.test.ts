// Where the process cannot have WebAssembly memory (engine/wasm-memory: an address-space
// limit below the ~10 GB a memory's guard regions take), what ran on WebAssembly takes
// its JavaScript path: the JSON projection's ranges are read with JSON.parse (the same
// report), and Parquet's Snappy pages are left to hyparquet's own decoder. V8's refusal
// is made here by a WebAssembly.Instance that throws it; test/cli/address-space-limit
// runs the CLI under a real limit.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadBenchRules } from '../../bench/load-bench-rules';
import { parquetCodecs } from '../../engine/events/parquet-codecs';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { refusedWasmMemory } from '../../engine/wasm-memory';

afterEach(() => vi.restoreAllMocks());

/** V8's words when it cannot reserve a memory (Node 20, x64; older and async forms too). */
const REFUSALS = [
  'WebAssembly.Instance(): Out of memory: Cannot allocate Wasm memory for new instance',
  'WebAssembly.Memory(): could not allocate memory',
  'WebAssembly.instantiate(): Out of memory: wasm memory',
];

function refuseWasmMemory(message = REFUSALS[0]!): void {
  vi.spyOn(WebAssembly, 'Instance').mockImplementation((() => {
    throw new RangeError(message);
  }) as never);
}

describe('refusedWasmMemory', () => {
  it("knows V8's refusals of a memory, and nothing else", () => {
    for (const message of REFUSALS) expect(refusedWasmMemory(new RangeError(message))).toBe(true);
    // The same words in another error, and other errors of WebAssembly, are not a refusal.
    expect(refusedWasmMemory(new Error(REFUSALS[0]))).toBe(false);
    expect(refusedWasmMemory(new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'))).toBe(false);
    expect(refusedWasmMemory(new RangeError('Array buffer allocation failed'))).toBe(false);
    expect(refusedWasmMemory(new WebAssembly.CompileError('WebAssembly.Module(): expected magic word'))).toBe(false);
    expect(refusedWasmMemory(REFUSALS[0])).toBe(false);
  });
});

describe('without WebAssembly memory', () => {
  const { classifier } = loadBenchRules('examples/ga4-default.channels');
  // A GA4 export's sample: read through the projection when it can be.
  const run = () => runReportThreaded({ source: { path: 'examples/ga4-sample.ndjson' }, classifier, settings: parseReportSettings({}), threads: 1 });

  // First: a refusal, once met, holds for the process.
  it('is no cover for another failure', async () => {
    vi.spyOn(WebAssembly, 'Instance').mockImplementation((() => {
      throw new Error('the scanner is broken');
    }) as never);
    await expect(run()).rejects.toThrow('the scanner is broken');
    expect(() => parquetCodecs()).toThrow('the scanner is broken');
  });

  it('reads NDJSON with JSON.parse: the same report', async () => {
    const expected = await run();
    refuseWasmMemory();
    const refused = await run();
    expect(WebAssembly.Instance).toHaveBeenCalled();
    expect(refused.report).toEqual(expected.report);
    expect(refused.events).toBe(expected.events);
  });

  it("leaves Parquet's Snappy pages to hyparquet, and keeps the other codecs", () => {
    expect(Object.keys(parquetCodecs()).sort()).toEqual(['BROTLI', 'GZIP', 'LZ4', 'LZ4_RAW', 'SNAPPY', 'ZSTD']);
    refuseWasmMemory(REFUSALS[1]);
    expect(Object.keys(parquetCodecs()).sort()).toEqual(['BROTLI', 'GZIP', 'LZ4', 'LZ4_RAW', 'ZSTD']);
  });
});
