// A share of a count as `93.1 %`, one decimal, for the agreement and unassigned lines of
// a report and a diff. Rounded, a share that is not all would read `100.0 %` (1,999 of
// 2,000) and one that is not none `0.0 %`: those say `> 99.9 %` and `< 0.1 %` instead,
// so the rate never claims what the counts beside it deny. The share is rounded half up
// from the exact ratio of the two counts, in integers: a float's `toFixed` rounded an
// exact half either way (29 of 2,000 is 1.45 %, and it said 1.4 %).

/** `part` of `whole` (counts, `whole` > 0) as a percentage with one decimal. */
export function sharePercent(part: number, whole: number): string {
  // Tenths of a percent, half up: floor((1000·part + whole/2) / whole), in BigInt so no count is too large to be exact.
  const tenths = Number((BigInt(part) * 2000n + BigInt(whole)) / (BigInt(whole) * 2n));
  if (tenths === 1000 && part < whole) return '> 99.9 %';
  if (tenths === 0 && part > 0) return '< 0.1 %';
  return `${Math.floor(tenths / 10)}.${tenths % 10} %`;
}
