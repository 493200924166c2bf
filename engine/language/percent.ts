/** A share as people read it: `42%`, `7.5%`, `0.3%` (one decimal below 10%). */
export function percent(count: number, total: number): string {
  if (total === 0) return '0%';
  const value = (100 * count) / total;
  return `${value >= 10 || value === 0 ? value.toFixed(0) : value.toFixed(1)}%`;
}
