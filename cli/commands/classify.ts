// `channel-rules classify RULES --events FILE`: one line per event read, in input
// order: its channel and the rule (file:line) that gave it (SPEC §7.2).

import { EventFileError } from '../../engine/events/event-format';
import { runReport, type ClassifiedEvent } from '../../engine/report/run-report';
import { formatOption, parseCommandArgs } from '../args';
import { UsageError, type Command } from '../command';
import { loadRules } from '../load-rules';
import { progressLine } from '../progress';
import { reportSkippedLines } from '../skipped-lines';
import { writeAndDrain } from '../write-and-drain';

const FORMATS = ['ndjson', 'csv'] as const;

export const classifyCommand: Command = {
  name: 'classify',
  summary: 'the channel of every event, and the rule that gave it',
  help: `Usage: channel-rules classify RULES --events FILE [--format ndjson|csv]

Prints one line per event read, in input order:
  ndjson (default): {"line": 3, "channel": "Email", "rule": "rules.channels:12"}
  csv:              line,channel,rule
"rule" is RULES:LINE of the \`when\` that matched, "otherwise", or null (unclassified).
Unreadable lines are skipped and listed on stderr with their line numbers.
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('classify', argv, {
      events: { type: 'string' },
      format: { type: 'string' },
    });
    const format = formatOption('classify', values.format, FORMATS, 'ndjson');
    if (positionals.length !== 1) throw new UsageError('classify: expected one rules file (channel-rules classify RULES --events FILE)');
    if (values.events === undefined) throw new UsageError('classify: --events FILE is required');
    const rules = loadRules('classify', positionals[0]!);
    const ruleText = (event: ClassifiedEvent): string | null =>
      typeof event.rule === 'number' ? `${rules.file}:${event.rule}` : event.rule;
    const line =
      format === 'ndjson'
        ? (event: ClassifiedEvent) => JSON.stringify({ line: event.line, channel: event.channel, rule: ruleText(event) })
        : (event: ClassifiedEvent) => [String(event.line), csvCell(event.channel), csvCell(ruleText(event))].join(',');
    if (format === 'csv') io.stdout.write('line,channel,rule\n');
    const progress = progressLine(io);
    let result;
    try {
      result = await runReport({
        source: { path: values.events },
        classifier: rules.classifier,
        onProgress: progress.update,
        // Waits for 'drain' when stdout's buffer is full: a slow reader of the output
        // (a pipe to `less`, a slow network) slows the reading instead of filling memory.
        onClassified: (events) => (events.length > 0 ? writeAndDrain(io.stdout, `${events.map(line).join('\n')}\n`) : undefined),
      });
    } catch (error) {
      if (error instanceof EventFileError) throw new UsageError(`classify: ${error.message}`);
      throw error;
    } finally {
      progress.done();
    }
    reportSkippedLines(io, values.events, result.skipped, result.skippedCount);
    return 0;
  },
};

/** RFC 4180: quote when needed; null (unclassified) is an empty cell. */
function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}
