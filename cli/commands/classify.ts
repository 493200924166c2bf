// `channel-rules classify RULES --events FILE`: one line per event read, in input
// order: its channel and the rule (file:line) that gave it (SPEC §7.2).

import { EventFileError } from '../../engine/events/event-format';
import { runReportThreaded, type ClassifiedRow } from '../../engine/report/threaded-report';
import { rangeSizeFromEnvironment, THREADS_FLAG, THREADS_HELP, threadsOption } from '../threads-flag';
import { formatOption, parseCommandArgs } from '../args';
import { UsageError, type Command } from '../command';
import { loadRules } from '../load-rules';
import { progressLine } from '../progress';
import { reportSkippedLines } from '../skipped-lines';
import { EVENT_SOURCE_FLAGS, EVENT_SOURCE_HELP, eventSourceFromFlags, reportEventSource } from '../event-source-flags';
import { EVENT_INPUT_FLAGS, EVENT_INPUT_HELP, eventInputFromFlags, reportSkippedEntries } from '../events-input';
import { writeAndDrain } from '../write-and-drain';

const FORMATS = ['ndjson', 'csv'] as const;

export const classifyCommand: Command = {
  name: 'classify',
  summary: 'the channel of every event, and the rule that gave it',
  help: `Usage: channel-rules classify RULES --events FILE [--format ndjson|csv] [options]

Prints one line per event read, in input order:
  ndjson (default): {"line": 3, "channel": "Email", "rule": "rules.channels:12"}
  csv:              line,channel,rule
"rule" is RULES:LINE of the \`when\` that matched, "otherwise", or null (unclassified).
Events of a .zip also name their entry: {"entry": "a.json.gz", "line": 3, …}
(csv: entry,line,channel,rule).
Unreadable lines are skipped and listed on stderr with their line numbers.
Lines are printed as events are read: when a damaged container stops the run midway
(exit 2), the lines printed so far are those of the events before the damage.

Options:
${EVENT_INPUT_HELP}
${EVENT_SOURCE_HELP}
${THREADS_HELP.replace('The report is the same either way.', 'Lines come in input order either way.')}
  --format ndjson|csv
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('classify', argv, {
      events: { type: 'string' },
      ...EVENT_INPUT_FLAGS,
      format: { type: 'string', trimmed: true },
      ...THREADS_FLAG,
      ...EVENT_SOURCE_FLAGS,
    });
    const threads = threadsOption('classify', values.threads);
    const rangeSize = rangeSizeFromEnvironment();
    const format = formatOption('classify', values.format, FORMATS, 'ndjson');
    if (positionals.length !== 1) throw new UsageError('classify: expected one rules file (channel-rules classify RULES --events FILE)');
    if (values.events === undefined) throw new UsageError('classify: --events FILE is required');
    const eventFields = eventSourceFromFlags('classify', values);
    const input = eventInputFromFlags('classify', values.events, values, io);
    const rules = loadRules('classify', positionals[0]!);
    const ruleText = (event: ClassifiedRow): string | null =>
      typeof event.rule === 'number' ? `${rules.file}:${event.rule}` : event.rule;
    const line =
      format === 'ndjson'
        ? (event: ClassifiedRow) =>
            JSON.stringify(
              event.entry === undefined
                ? { line: event.line, channel: event.channel, rule: ruleText(event) }
                : { entry: event.entry, line: event.line, channel: event.channel, rule: ruleText(event) },
            )
        : (event: ClassifiedRow) =>
            [...(event.entry === undefined ? [] : [csvCell(event.entry)]), String(event.line), csvCell(event.channel), csvCell(ruleText(event))].join(',');
    // The CSV header waits for the first event: a zip's events add the entry column.
    let header = format === 'csv';
    const writeHeader = (entries: boolean): void => {
      if (header) io.stdout.write(entries ? 'entry,line,channel,rule\n' : 'line,channel,rule\n');
      header = false;
    };
    const progress = progressLine(io);
    let result;
    try {
      result = await runReportThreaded({
        threads,
        ...(rangeSize === undefined ? {} : { rangeSize }),
        source: input.source,
        maxEntrySize: input.maxEntrySize,
        classifier: rules.classifier,
        eventFields,
        onProgress: progress.update,
        // Waits for 'drain' when stdout's buffer is full: a slow reader of the output
        // (a pipe to `less`, a slow network) slows the reading instead of filling memory.
        onClassifiedRows: (events) => {
          if (events.length === 0) return undefined;
          writeHeader(events[0]!.entry !== undefined);
          return writeAndDrain(io.stdout, `${events.map(line).join('\n')}\n`);
        },
      });
      writeHeader(result.skippedEntries.length > 0);
    } catch (error) {
      if (error instanceof EventFileError) throw new UsageError(`classify: ${error.message}`);
      throw error;
    } finally {
      progress.done();
    }
    reportEventSource(io, input.name, result.eventFields, result.events + result.skippedCount, rules.classifier.rules.fields);
    reportSkippedEntries(io, input.name, result.skippedEntries);
    reportSkippedLines(io, input.name, result.skipped, result.skippedCount);
    return 0;
  },
};

/** RFC 4180: quote when needed; null (unclassified) is an empty cell. */
function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}
