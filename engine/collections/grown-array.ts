// Typed arrays that grow: a copy with more room (engine/report/event-columns' `grow`
// does the same for the report's columns, which may live in shared memory).

/** A copy of `array` with room for `length` values, the new ones 0. */
export function grownArray<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array);
  return copy;
}
