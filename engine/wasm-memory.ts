// WebAssembly memory can be refused where plain memory is not. With trap-handler bounds
// checks (Node's default on 64-bit systems), every WebAssembly memory reserves about
// 10 GB of address space for its guard regions, whatever its size, so an address-space
// limit below that (`ulimit -v`: shared hosts, build sandboxes, some remote VS Code
// servers; nodejs/node#56596) refuses every instance while the rest of the process runs
// (Node 22 has --disable-wasm-trap-handler; Node 20 has no way out). What runs on
// WebAssembly here has a JavaScript path that gives the same result, more slowly: it
// is taken instead (the JSON projection's scanner, Snappy pages of Parquet files).

/** Whether `error` is V8 refusing a WebAssembly memory (RangeError "WebAssembly.Instance(): Out of memory: …", "WebAssembly.Memory(): could not allocate memory"). */
export function refusedWasmMemory(error: unknown): boolean {
  return error instanceof RangeError && /^WebAssembly\.[A-Za-z]+\(\): (Out of memory|could not allocate memory)/.test(error.message);
}
