// Strings ordered by their UTF-16 code units, as `Array.prototype.sort` orders them:
// the same on every machine. `localeCompare` orders by the process's locale (under
// `lt_LT` it puts `syntax` before `suspicious-regex`), so output sorted by it would
// differ from one machine to the next.

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** As compareCodeUnits, null after every string (an unclassified channel, last). */
export function compareCodeUnitsNullLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareCodeUnits(a, b);
}
