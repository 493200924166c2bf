// The browser's variant of ./address-space, for what the web bundles import of it
// (./events/parquet-codecs): there is no address-space limit to read, and a WebAssembly
// memory the browser refuses is an exception, not the end of the page. It fits.

export function wasmMemoriesFit(): boolean {
  return true;
}
