// Lines that could not be read are never lost silently: their count and every line the
// run kept (the first 1,000, engine/report/run-report's DEFAULT_SKIPPED_LIMIT), with
// line numbers and reasons, go to stderr. A shorter list would hide lines SPEC §3 says
// are reported, with nothing else (the JSON report has only the count) to find them in.

import { lineReference, type SkippedLine } from '../engine/events/event';
import type { CommandIO } from './command';
import { formatInteger } from './format/table';
import { escapeLine } from './format/terminal-text';

export function reportSkippedLines(io: CommandIO, eventsFile: string, skipped: SkippedLine[], count: number): void {
  if (count === 0) return;
  io.stderr.write(escapeLine(`channel-rules: skipped ${formatInteger(count)} unreadable line${count === 1 ? '' : 's'} of ${eventsFile}`) + '\n');
  for (const line of skipped) io.stderr.write(escapeLine(`  ${eventsFile}:${lineReference(line)}: ${line.reason}`) + '\n');
  if (count > skipped.length) io.stderr.write(`  … and ${formatInteger(count - skipped.length)} more, not listed (the list keeps the first ${formatInteger(skipped.length)})\n`);
}
