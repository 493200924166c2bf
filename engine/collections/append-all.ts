// Appending and measuring arrays whose length comes from user input (list values,
// rules, expectations, events). `target.push(...items)` and `Math.max(...items)` pass
// every element as a call argument and throw "Maximum call stack size exceeded" past
// ~100,000 elements; these loops have no such limit. Use them for anything unbounded.

/** Appends every item of `items` to `target` (push(...items) without the argument limit). */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values`, or `empty` when there are none (Math.max without the argument limit). */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let max = empty;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** The smallest of `values`, or `empty` when there are none (Math.min without the argument limit). */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let min = empty;
  for (const value of values) if (value < min) min = value;
  return min;
}
