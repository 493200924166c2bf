// The text of WTF-8 bytes: UTF-8 in which a surrogate without its other half is written
// as the three bytes UTF-8 would give its code unit (ED A0..BF 80..BF), which no UTF-8
// text holds. ./utf16le-stream writes it so that the CSV cells of a UTF-16 file keep
// such a surrogate, as Buffer#toString('utf16le') kept it. The bytes are always ones
// that encoder wrote (well-formed): what is between lone surrogates is decoded by
// TextDecoder, and a cell with no ED byte (almost all) costs one indexOf.

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

export function decodeWtf8(bytes: Uint8Array): string {
  let lead = bytes.indexOf(0xed);
  if (lead < 0) return utf8.decode(bytes);
  const parts: string[] = [];
  let validFrom = 0;
  for (; lead >= 0; lead = bytes.indexOf(0xed, lead + 1)) {
    // ED 80..9F is an ordinary character (U+D000 to U+D7FF); ED A0..BF a lone surrogate.
    if (lead + 2 >= bytes.length || bytes[lead + 1]! < 0xa0) continue;
    parts.push(utf8.decode(bytes.subarray(validFrom, lead)));
    parts.push(String.fromCharCode(0xd000 | ((bytes[lead + 1]! & 0x3f) << 6) | (bytes[lead + 2]! & 0x3f)));
    validFrom = lead + 3;
    lead += 2;
  }
  parts.push(utf8.decode(bytes.subarray(validFrom)));
  return parts.join('');
}
