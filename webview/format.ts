// Number, time and value formatting for display (en-US, fixed so tests and screenshots are stable).

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** Counts with separators; credits (decimals, rounded to 6 places by the report) without trailing zeros. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

/** An event time as ISO 8601 UTC, milliseconds only when there are any. */
export function formatTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '';
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** `20m`, `1.5h`, `30d` (SPEC §6 durations). */
export const DURATION = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ms|s|m|h|d|w)$/;

export function isDuration(text: string): boolean {
  return DURATION.test(text.trim());
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** A line of the sample as the CLI names it: `12`, or `<entry>:<line>` in a zip (SPEC §3.1). */
export function lineReference(line: number, entry: string | undefined): string {
  return entry === undefined ? String(line) : `${entry}:${line}`;
}
