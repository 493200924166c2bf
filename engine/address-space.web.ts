// The browser's variant of ./address-space: there is no address-space limit to read,
// and a web worker or a WebAssembly memory the browser refuses is an exception, not the
// end of the page. Everything fits.

export function workersThatFit(wanted: number): number {
  return Math.max(0, wanted);
}

export function wasmMemoriesFit(): boolean {
  return true;
}

export function addressSpaceLimit(): number | undefined {
  return undefined;
}
