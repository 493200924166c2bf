// `--events FILE|-`, `--events-format` and `--max-entry-size`, shared by `report`,
// `classify` and `diff` (SPEC §3.1): which events to read and how, and the one line
// on stderr listing the zip entries that were not read.

import { EVENT_FORMATS, type EventFormat } from '../engine/events/event-format';
import { DEFAULT_MAX_ENTRY_SIZE, formatByteSize, parseByteSize } from '../engine/events/expansion-limit';
import type { SkippedEntry } from '../engine/events/read-events';
import type { EventSource } from '../engine/report/run-report';
import { UsageError, type CommandIO } from './command';
import { escapeLine } from './format/terminal-text';
import { checkStandardInput } from './standard-input';

/** The flags, for parseCommandArgs (with `events` itself). */
export const EVENT_INPUT_FLAGS = {
  'events-format': { type: 'string', trimmed: true },
  'max-entry-size': { type: 'string', trimmed: true },
} as const;

export const EVENT_INPUT_OPTIONS_HELP = `  --events-format FORMAT  the format of standard input: ndjson (default), json, csv
                          or parquet (gzip, zip and Parquet are recognised anyway)
  --max-entry-size SIZE   most bytes a .gz file or zip entry may expand to
                          (default ${formatByteSize(DEFAULT_MAX_ENTRY_SIZE).replace(' ', '')}; e.g. 500M, 16G)`;

export const EVENT_INPUT_HELP = `  --events FILE           .ndjson/.jsonl, .json (an array, or one object per line),
                          .csv or .parquet; any of them .gz; a .zip of them (each
                          entry by its name); - for standard input (required)
${EVENT_INPUT_OPTIONS_HELP}`;

/** The name standard input has in messages. */
export const STDIN_NAME = 'standard input';

export interface EventInput {
  source: EventSource;
  /** The input in messages: the path as given, or "standard input". */
  name: string;
  maxEntrySize: number;
}

export function eventInputFromFlags(
  command: string,
  events: string,
  values: { 'events-format'?: string; 'max-entry-size'?: string },
  io: CommandIO,
): EventInput {
  let maxEntrySize = DEFAULT_MAX_ENTRY_SIZE;
  if (values['max-entry-size'] !== undefined) {
    const parsed = parseByteSize(values['max-entry-size']);
    if (parsed === undefined) {
      throw new UsageError(`${command}: --max-entry-size must be a size such as 500M or 16G, not "${values['max-entry-size']}"`);
    }
    maxEntrySize = parsed;
  }
  const format = values['events-format'];
  if (format !== undefined && !(EVENT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`${command}: unknown --events-format "${format}" (expected ${EVENT_FORMATS.join(', ')})`);
  }
  if (events !== '-') {
    if (format !== undefined) throw new UsageError(`${command}: --events-format is for standard input (--events -); a file's format comes from its name`);
    return { source: { path: events }, name: events, maxEntrySize };
  }
  const stdin = io.stdin;
  if (stdin === undefined) throw new UsageError(`${command}: standard input is not available`);
  if (stdin === process.stdin) checkStandardInput(command);
  return {
    source: { stream: stdin as AsyncIterable<Buffer>, format: (format ?? 'ndjson') as EventFormat, name: STDIN_NAME },
    name: STDIN_NAME,
    maxEntrySize,
  };
}

const SHOWN = 10;

/** One line naming the zip entries that were not read (SPEC §3.1), when there are any. */
export function reportSkippedEntries(io: CommandIO, name: string, entries: readonly SkippedEntry[]): void {
  if (entries.length === 0) return;
  const shown = entries.slice(0, SHOWN).map((entry) => `${entry.name} (${entry.reason})`);
  const more = entries.length > SHOWN ? `, … and ${entries.length - SHOWN} more` : '';
  const count = entries.length === 1 ? '1 entry' : `${entries.length} entries`;
  // Names from the archive, escaped: a name's control characters could otherwise drive the terminal or forge a line.
  io.stderr.write(escapeLine(`channel-rules: ${name}: skipped ${count} that ${entries.length === 1 ? 'is' : 'are'} not events files: ${shown.join(', ')}${more}`) + '\n');
}
