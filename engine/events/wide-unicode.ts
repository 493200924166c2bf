// NDJSON and JSON events are UTF-8 (RFC 8259 for JSON exchanged between systems), but
// Windows PowerShell's `>` and `Out-File` write UTF-16LE with its byte order mark: read
// as UTF-8, every line of such a file was skipped as invalid UTF-8 or invalid JSON
// (lines cut at the wrong bytes) and the report held no event, with exit 0. A byte order
// mark of UTF-16 or UTF-32 at the start of an NDJSON or JSON input is refused by name
// instead. (A UTF-16LE CSV is read: ./csv-input.)

import { EventFileError } from './event-format';

/** How many first bytes wideUnicodeRefusal needs (fewer only at the input's end). */
export const WIDE_MARK_BYTES = 4;

/** The UTF-16 or UTF-32 encoding whose byte order mark starts `head`, with the mark's bytes. */
function wideEncoding(head: Uint8Array): { name: string; mark: string } | undefined {
  const [a, b, c, d] = head;
  if (a === 0xff && b === 0xfe) return c === 0 && d === 0 ? { name: 'UTF-32LE', mark: 'FF FE 00 00' } : { name: 'UTF-16LE', mark: 'FF FE' };
  if (a === 0xfe && b === 0xff) return { name: 'UTF-16BE', mark: 'FE FF' };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { name: 'UTF-32BE', mark: '00 00 FE FF' };
  return undefined;
}

/** Throws the one-line refusal when `head`, an NDJSON or JSON input's first bytes, starts with a UTF-16 or UTF-32 byte order mark. */
export function refuseWideUnicode(head: Uint8Array, where: string): void {
  const encoding = wideEncoding(head);
  if (encoding === undefined) return;
  throw new EventFileError(
    `${where}: starts with the ${encoding.name} byte order mark (${encoding.mark}, byte offset 0): NDJSON and JSON events are read as UTF-8; convert the file (iconv -f ${encoding.name} -t UTF-8)`,
  );
}
