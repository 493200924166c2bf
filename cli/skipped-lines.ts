// Lines that could not be read are never lost silently: their count and the first
// ones, with line numbers and reasons, go to stderr.

import { lineReference, type SkippedLine } from '../engine/events/event';
import type { CommandIO } from './command';
import { formatInteger } from './format/table';
import { escapeLine } from './format/terminal-text';

const SHOWN = 10;

export function reportSkippedLines(io: CommandIO, eventsFile: string, skipped: SkippedLine[], count: number): void {
  if (count === 0) return;
  io.stderr.write(escapeLine(`channel-rules: skipped ${formatInteger(count)} unreadable line${count === 1 ? '' : 's'} of ${eventsFile}`) + '\n');
  for (const line of skipped.slice(0, SHOWN)) io.stderr.write(escapeLine(`  ${eventsFile}:${lineReference(line)}: ${line.reason}`) + '\n');
  if (count > SHOWN) io.stderr.write(`  … and ${formatInteger(count - SHOWN)} more\n`);
}
