// The benchmark's measuring tape: wall time, percentiles, peak memory, and the table
// every section prints. Sections time their own work with these so that every figure
// is taken and shown the same way.

/** One measured figure. `seconds` with `events` gives a rate; `detail` is free text. */
export interface Figure {
  label: string;
  seconds?: number;
  /** Events processed in `seconds` (for the events/s column). */
  events?: number;
  detail?: string;
  /**
   * In a doubling series (the linear section): this size's time over the size before's,
   * and whether issue 14's goal (at most 2.3) applies to it.
   */
  step?: { ratio: number; goal: boolean };
}

export interface SectionResult {
  section: string;
  figures: Figure[];
  /** RSS high-water mark of the process that ran the section, in bytes. */
  peakRssBytes: number;
}

export async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** Nearest-rank percentiles (p in 0..100) of the samples; NaN for no samples. */
export function percentiles(samples: readonly number[], ps: readonly number[] = [50, 90, 99]): Map<number, number> {
  const sorted = [...samples].sort((a, b) => a - b);
  const result = new Map<number, number>();
  for (const p of ps) {
    if (sorted.length === 0) {
      result.set(p, Number.NaN);
      continue;
    }
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
    result.set(p, sorted[rank - 1]!);
  }
  return result;
}

/** The RSS high-water mark of this process so far (the kernel's maxrss), in bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Collects garbage when node runs with --expose-gc (npm run bench does), so sections start clean. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function formatSeconds(seconds: number): string {
  if (seconds < 0.001) return `${(seconds * 1e6).toFixed(0)} µs`;
  if (seconds < 1) return `${(seconds * 1000).toFixed(1)} ms`;
  return `${seconds.toFixed(2)} s`;
}

export function formatRate(events: number, seconds: number): string {
  const perSecond = events / seconds;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

/** Left-aligned first column, right-aligned others; one header row and a rule under it. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** A section's figures as table rows: figure, time, events/s, detail. */
export function figureRows(figures: readonly Figure[]): string[][] {
  return figures.map((figure) => [
    figure.label,
    figure.seconds === undefined ? '' : formatSeconds(figure.seconds),
    figure.seconds === undefined || figure.events === undefined ? '' : formatRate(figure.events, figure.seconds),
    figure.detail ?? '',
  ]);
}
