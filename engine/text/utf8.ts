// Strict UTF-8 decoding that says where the input is not UTF-8. Valid input decodes
// with TextDecoder's fast path; otherwise every invalid sequence becomes one U+FFFD
// exactly as the WHATWG decoder replaces it ("maximal subparts"), and is reported with
// its byte offset and its offset in the decoded text, so a rules diagnostic or a
// skipped line can name the place instead of a silent U+FFFD.

export interface InvalidUtf8 {
  /** Offset of the sequence's first byte in the input. */
  byteOffset: number;
  /** The invalid bytes (1 to 3). */
  bytes: number[];
  /** UTF-16 offset of its U+FFFD in the decoded text. */
  offset: number;
}

export interface DecodedUtf8 {
  text: string;
  invalid: InvalidUtf8[];
}

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes `bytes` (a leading BOM is kept as U+FEFF), listing every invalid sequence. */
export function decodeUtf8(bytes: Uint8Array): DecodedUtf8 {
  try {
    return { text: fatal.decode(bytes), invalid: [] };
  } catch {
    // Not UTF-8: find the invalid sequences and decode the valid runs between them.
  }
  const invalid: InvalidUtf8[] = [];
  const parts: string[] = [];
  let length = 0;
  let validFrom = 0;
  for (const { start, end } of invalidSequences(bytes)) {
    const valid = fatal.decode(bytes.subarray(validFrom, start));
    parts.push(valid, '\uFFFD');
    length += valid.length;
    invalid.push({ byteOffset: start, bytes: Array.from(bytes.subarray(start, end)), offset: length });
    length += 1;
    validFrom = end;
  }
  parts.push(fatal.decode(bytes.subarray(validFrom)));
  return { text: parts.join(''), invalid };
}

/** The invalid sequences of `bytes` as [start, end) byte ranges, as the WHATWG UTF-8 decoder finds them. */
export function* invalidSequences(bytes: Uint8Array): Generator<{ start: number; end: number }> {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead === 0xe0) (need = 2), (low = 0xa0);
    else if ((lead >= 0xe1 && lead <= 0xec) || lead === 0xee || lead === 0xef) need = 2;
    else if (lead === 0xed) (need = 2), (high = 0x9f);
    else if (lead === 0xf0) (need = 3), (low = 0x90);
    else if (lead >= 0xf1 && lead <= 0xf3) need = 3;
    else if (lead === 0xf4) (need = 3), (high = 0x8f);
    else {
      yield { start: i, end: i + 1 };
      i++;
      continue;
    }
    let next = i + 1;
    let complete = true;
    for (let k = 0; k < need; k++, next++) {
      const byte = bytes[next];
      if (byte === undefined || byte < low || byte > high) {
        complete = false;
        break;
      }
      low = 0x80;
      high = 0xbf;
    }
    if (!complete) yield { start: i, end: next };
    i = next;
  }
}

/** `0xC3 0x28` style, for messages. */
export function describeBytes(bytes: readonly number[]): string {
  return bytes.map((byte) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
}
