// How far one compressed input may expand (SPEC §3.1): a zip entry, a `.gz` file, and
// the copy of standard input or of a zip entry that Parquet needs (it reads by
// random access) are each refused past this many bytes, so a zip bomb is an error
// naming the entry rather than a machine that runs out of memory, disk or patience.
// Reading is streamed either way; the limit bounds time and temporary disk.

import { EventFileError } from './event-format';

/** 4 GiB: ten times a million-event export, far below what bombs expand to. */
export const DEFAULT_MAX_ENTRY_SIZE = 4 * 1024 ** 3;

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * `4G`, `512m`, `100MiB`, `65536`: a number and an optional binary unit (K, M, G, T,
 * optionally followed by `B` or `iB`); undefined when the text is not such a size.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (match === null) return undefined;
  const bytes = Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** `4 GiB`, `1.5 MiB`, `700 bytes`. */
export function formatByteSize(bytes: number): string {
  for (const [unit, size] of [['TiB', 1024 ** 4], ['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** Passes the chunks on, and throws once more than `limit` bytes went through. */
export async function* limitExpansion<Chunk extends Uint8Array>(
  chunks: AsyncIterable<Chunk>,
  limit: number,
  where: string,
): AsyncGenerator<Chunk> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > limit) throw expansionError(where, limit);
    yield chunk;
  }
}

export function expansionError(where: string, limit: number): EventFileError {
  return new EventFileError(
    `${where}: expands to more than ${formatByteSize(limit)}, the limit for one entry (--max-entry-size)`,
  );
}
