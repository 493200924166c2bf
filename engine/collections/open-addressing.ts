// The slot table of an open-addressing hash set of ids (ids 0… stored as id + 1, 0
// an empty slot, linear probing), shared by the interners of names and of pairs.

/** A table of `capacity` slots (a power of two) holding ids 0 … size − 1 by their hashes. */
export function slotsFor(hashes: Int32Array, size: number, capacity: number): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(capacity);
  const mask = capacity - 1;
  for (let id = 0; id < size; id++) {
    let slot = hashes[id]! & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
  }
  return slots;
}
