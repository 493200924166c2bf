// What `channel-rules check` hands its output formats: per file, the diagnostics in
// position order and the line index that turns offsets into positions.

import type { Diagnostic, Severity } from '../../engine/diagnostics';
import type { LineIndex } from '../../engine/text/line-index';

export interface CheckedFile {
  /** The path as the user gave it. */
  file: string;
  text: string;
  lineIndex: LineIndex;
  diagnostics: Diagnostic[];
}

export type SeverityCounts = Record<Severity, number>;

export function countSeverities(files: readonly CheckedFile[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const file of files) for (const diagnostic of file.diagnostics) counts[diagnostic.severity]++;
  return counts;
}

/** "1 error, 2 warnings, 3 information, 0 hints". */
export function describeCounts(counts: SeverityCounts): string {
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information, ${plural(counts.hint, 'hint')}`;
}

/** An example event as one line: the event's JSON and the channel the engine gives it. */
export function describeExample(example: NonNullable<Diagnostic['example']>): string {
  return `${JSON.stringify(example.event)} gets ${example.channel === null ? 'no channel (unclassified)' : JSON.stringify(example.channel)}`;
}
