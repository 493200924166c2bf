// Where in compressed bytes a decompressor failed, shared by the Node readers
// (./gzip-reader, zlib) and the web readers (./inflate-bytes, fflate), so a damaged
// container is worded the same in the CLI and in the browser.

/** Where in the compressed bytes decompression failed: within [from, to). */
export interface DamageRange {
  from: number;
  to: number;
}

/** `at compressed byte 126`, `in compressed bytes 0–253`: where the decompressor was working. */
export function describeRange(range: DamageRange, what: string, offset = 0): string {
  return range.to <= range.from ? `at ${what} byte ${range.from + offset}` : `in ${what} bytes ${range.from + offset}–${range.to + offset}`;
}

/** The first two bytes of every gzip stream (RFC 1952). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
