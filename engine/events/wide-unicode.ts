// NDJSON and JSON events are UTF-8 (RFC 8259 for JSON exchanged between systems), but
// Windows PowerShell's `>` and `Out-File` write UTF-16LE with its byte order mark: read
// as UTF-8, every line of such a file was skipped as invalid UTF-8 or invalid JSON
// (lines cut at the wrong bytes) and the report held no event, with exit 0. A CSV is
// UTF-8 too, or UTF-16LE with its byte order mark (Excel's "Unicode Text", which
// ./csv-input decodes); in any other UTF-16 or UTF-32 its header's names held NULs and
// every row was skipped, or the header was refused as invalid UTF-8 without a word
// about why. Every text input starting with a UTF-16 or UTF-32 byte order mark, or with
// the NULs of two ASCII characters in one (RFC 4627 §3: `xx 00 xx 00` is UTF-16LE,
// `00 xx 00 xx` UTF-16BE, `xx 00 00 00` UTF-32LE, `00 00 00 xx` UTF-32BE), is refused by
// name instead. **Decision:** no events file starts with a NUL as one of its first two
// characters (JSON text cannot hold one; a CSV header could, as nonsense), so the bytes
// are not read as UTF-8 text that happens to hold NULs.

import { EventFileError } from './event-format';

/** How many first bytes refuseWideUnicode needs (fewer only at the input's end). */
export const WIDE_MARK_BYTES = 4;

/** The UTF-16 or UTF-32 encoding `head` starts in, with its byte order mark's bytes if it has one. */
export function wideEncoding(head: Uint8Array): { name: string; mark: string | undefined } | undefined {
  const [a, b, c, d] = head;
  if (a === 0xff && b === 0xfe) return c === 0 && d === 0 ? { name: 'UTF-32LE', mark: 'FF FE 00 00' } : { name: 'UTF-16LE', mark: 'FF FE' };
  if (a === 0xfe && b === 0xff) return { name: 'UTF-16BE', mark: 'FE FF' };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { name: 'UTF-32BE', mark: '00 00 FE FF' };
  if (head.length < 4) return undefined;
  if (a !== 0 && b === 0 && c !== 0 && d === 0) return { name: 'UTF-16LE', mark: undefined };
  if (a === 0 && b !== 0 && c === 0 && d !== 0) return { name: 'UTF-16BE', mark: undefined };
  if (a !== 0 && b === 0 && c === 0 && d === 0) return { name: 'UTF-32LE', mark: undefined };
  if (a === 0 && b === 0 && c === 0 && d !== 0) return { name: 'UTF-32BE', mark: undefined };
  return undefined;
}

/** What each text format is read as, for the refusal. */
const READ_AS = {
  ndjson: 'NDJSON and JSON events are read as UTF-8',
  json: 'NDJSON and JSON events are read as UTF-8',
  csv: 'CSV events are read as UTF-8, or as UTF-16LE with its byte order mark',
} as const;

/**
 * Throws the one-line refusal when `head`, an NDJSON, JSON or CSV input's first bytes,
 * starts in UTF-16 or UTF-32 (a CSV's UTF-16LE byte order mark is ./csv-input's to read,
 * not refused here).
 */
export function refuseWideUnicode(head: Uint8Array, where: string, format: keyof typeof READ_AS): void {
  const encoding = wideEncoding(head);
  if (encoding === undefined) return;
  const start =
    encoding.mark === undefined
      ? `starts with the bytes ${hex(head.subarray(0, WIDE_MARK_BYTES))} (byte offset 0), ${encoding.name} without a byte order mark`
      : `starts with the ${encoding.name} byte order mark (${encoding.mark}, byte offset 0)`;
  throw new EventFileError(`${where}: ${start}: ${READ_AS[format]}; convert the file (iconv -f ${encoding.name} -t UTF-8)`);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
