// A share of a count as `93.1 %`, one decimal, for the agreement and unassigned lines of
// a report and a diff. Rounded, a share that is not all would read `100.0 %` (1,999 of
// 2,000) and one that is not none `0.0 %`: those say `> 99.9 %` and `< 0.1 %` instead,
// so the rate never claims what the counts beside it deny.

export function sharePercent(part: number, whole: number): string {
  const text = ((part / whole) * 100).toFixed(1);
  if (text === '100.0' && part < whole) return '> 99.9 %';
  if (text === '0.0' && part > 0) return '< 0.1 %';
  return `${text} %`;
}
