// A lower bound of the UTF-16 length that UTF-8 bytes decode to, from the bytes alone,
// so that a reader can tell a line is too long (more than MAX_EVENT_LINE characters)
// before it has all of it. Every byte that is not a continuation byte (10xxxxxx) starts
// something that decodes to at least one unit: an ASCII character, a multi-byte
// character (two units when it is four bytes long), or an invalid sequence, which the
// decoder (WHATWG's, ../text/utf8-stream) replaces with one U+FFFD, as it does a
// continuation byte found on its own. So the count of such bytes is at most the
// decoded length, whatever the bytes, and the length can exceed it (four-byte
// characters, stray continuation bytes). A byte order mark, which the readers drop from
// a file's start, is one of those counted; the caller allows for it.

/** How many bytes of bytes[from, to) are not UTF-8 continuation bytes: at most the UTF-16 length of their decoding. */
export function unitsAtLeast(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let at = from; at < to; at++) if ((bytes[at]! & 0xc0) !== 0x80) count++;
  return count;
}
