// How the Node reader works zlib (./gzip-reader), which the web reader (./inflate-bytes,
// fflate) follows so that both hand on the same output before damage: zlib is given
// the compressed bytes 64 KiB at a time, and it works each slice in calls that end when
// the slice is used up or its output buffer is full (Node hands on each call's output
// as the call ends, and nothing of a call that fails). No Node module.

/**
 * Input is handed to zlib in slices of at most this many bytes, on a grid from the
 * start of the input: zlib counts the bytes it consumed only when a call completes,
 * so a failure is placed within one slice.
 */
export const INPUT_SLICE = 1 << 16;

/** Output chunks of about this size: one batch of events each, as for plain files. */
const OUTPUT_CHUNK = 1 << 20;
/** The smallest output buffer given to zlib for a small input. */
const MIN_OUTPUT_CHUNK = 1 << 14;

/**
 * zlib's output buffer for an input expected to expand to about `expected` bytes: no
 * larger than needed. Each stream allocates its buffer at once, and a zip of 20,000
 * entries of a few events each allocated 20 GB of 1 MiB buffers, most of a run's time
 * going to collecting them (27 s; 1 ms an entry). A larger output only comes in more chunks.
 */
export function outputChunkFor(expected: number | undefined): number {
  if (expected === undefined || !(expected < OUTPUT_CHUNK)) return OUTPUT_CHUNK;
  let size = MIN_OUTPUT_CHUNK;
  while (size < expected) size *= 2;
  return size;
}

/** The output buffer for gzip data of `compressedSize` bytes (events compress about tenfold: four times the input is one or a few chunks). */
export function gzipOutputChunkFor(compressedSize: number | undefined): number {
  return outputChunkFor(compressedSize === undefined ? undefined : compressedSize * 4);
}

/** The output buffer for a zip entry's deflate data: one byte more than its recorded size, so an entry that keeps expanding past it is found at once. */
export function entryOutputChunkFor(expandedSize: number | undefined): number {
  return outputChunkFor(expandedSize === undefined ? undefined : expandedSize + 1);
}
