// Joining two byte arrays into a new one: the carried tail of a chunk and the next chunk
// (a UTF-8 sequence or a CSV's first bytes cut between two reads).

/** A new array of `a`'s bytes then `b`'s (never one of the two, which the caller may reuse). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}
