// The exact sum of doubles, kept as Shewchuk's non-overlapping partials (the
// algorithm of Python's math.fsum), and its value rounded once to the nearest double.
// Unlike a running (even compensated) sum, the result does not depend on the order of
// the additions, so sums built on several threads and merged equal the sum built on one.

/** Adds `value` (finite) to the exact sum that `partials` holds, in place. */
export function addToPartials(partials: number[], value: number): void {
  let x = value;
  let kept = 0;
  const length = partials.length;
  for (let j = 0; j < length; j++) {
    let y = partials[j]!;
    if (Math.abs(x) < Math.abs(y)) {
      const larger = y;
      y = x;
      x = larger;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[kept++] = lo;
    x = hi;
  }
  // Setting an array's length is a call into the runtime: only when it shrinks by more than one.
  if (kept === length) {
    partials.push(x);
  } else {
    partials[kept] = x;
    if (kept + 1 < length) partials.length = kept + 1;
  }
}

/** The exact sum of `partials`, rounded to the nearest double (ties to even). */
export function roundedSum(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // The partials below `lo` decide a tie: when they push the same way, round away.
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
