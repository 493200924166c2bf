// `channel-rules report RULES --events FILE`: the channel, session and attribution
// tables of SPEC §4–6.

import fs from 'node:fs';
import { EventFileError } from '../../engine/events/event-format';
import { ATTRIBUTION_MODELS } from '../../engine/report/attribution-models';
import { DEFAULT_REPORT_OPTIONS } from '../../engine/report/report-settings';
import type { ClassifiedEvent } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { rangeSizeFromEnvironment, THREADS_FLAG, THREADS_HELP, threadsOption } from '../threads-flag';
import { DEFAULT_EMBEDDED_EVENTS, standaloneExplorer } from '../../engine/preview/standalone-explorer';
import type { ChannelReport } from '../../engine/report/report';
import { formatOption, parseCommandArgs } from '../args';
import { UsageError, type Command } from '../command';
import { reportSummary, reportTables } from '../format/report-tables';
import { agreementSummary, trustTables, unassignedSummary } from '../format/trust-tables';
import { DEFAULT_PATTERN_LIMIT } from '../../engine/report/unassigned';
import { AgainstFieldError, resolveAgainstField } from '../../engine/report/against-field';
import { renderReportHtml } from '../format/report-html';
import { renderMarkdownTable, renderTextTable } from '../format/table';
import { code, text as markdownText } from '../format/markdown-text';
import { reportSettingsFromFlags } from '../report-flags';
import { loadRules } from '../load-rules';
import { refuseOutputOverInput } from '../output-over-input';
import { progressLine } from '../progress';
import { reportSkippedLines } from '../skipped-lines';
import { EVENT_SOURCE_FLAGS, EVENT_SOURCE_HELP, eventSourceFromFlags, reportEventSource } from '../event-source-flags';
import { escapeControlCharacters } from '../format/terminal-text';
import { jsonChunks } from '../format/json-chunks';
import { writeAndDrain } from '../write-and-drain';
import { EVENT_INPUT_FLAGS, EVENT_INPUT_HELP, eventInputFromFlags, reportSkippedEntries } from '../events-input';

const FORMATS = ['text', 'json', 'markdown', 'html'] as const;

export const reportCommand: Command = {
  name: 'report',
  summary: 'channel uniques/totals, sessions and attribution for an events file',
  help: `Usage: channel-rules report RULES --events FILE [options]

Classifies every event of FILE with the rules and prints, per channel: uniques and
totals per event type, session totals/entries/exits, and attribution credit under
each model (SPEC §4–6).

Options:
${EVENT_INPUT_HELP}
  --format FORMAT         text (default), json, markdown, html
  --output FILE, -o FILE  write to FILE instead of stdout
  --session-timeout DUR   inactivity that ends a session (default ${DEFAULT_REPORT_OPTIONS.sessionTimeout})
  --conversion TYPE       the conversion event type (default ${DEFAULT_REPORT_OPTIONS.conversion})
  --lookback DUR|session  how far back touches count (default ${DEFAULT_REPORT_OPTIONS.lookback});
                          "session": within the conversion's session
  --half-life DUR         time_decay half-life (default ${DEFAULT_REPORT_OPTIONS.halfLife})
  --models LIST           comma-separated, default all: ${ATTRIBUTION_MODELS.join(',')}
  --against FIELD|auto    compare the rules' channel with a channel the events
                          carry (agreement rate, confusion matrix, disagreements
                          with their first event); auto: the source system's own
                          (GA4 export: default_channel_group; PostHog: $channel_type)
  --patterns N            unassigned traffic patterns to list (default ${DEFAULT_PATTERN_LIMIT})
${THREADS_HELP}
${EVENT_SOURCE_HELP}

A duration is a number (decimals allowed) and a unit: ms, s, m, h, d or w (20m, 1.5h).
Unreadable lines are skipped and listed on stderr with their line numbers.
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('report', argv, {
      events: { type: 'string' },
      ...EVENT_INPUT_FLAGS,
      format: { type: 'string', trimmed: true },
      output: { type: 'string', short: 'o' },
      'session-timeout': { type: 'string', trimmed: true },
      conversion: { type: 'string' },
      lookback: { type: 'string', trimmed: true },
      'half-life': { type: 'string', trimmed: true },
      models: { type: 'string', trimmed: true },
      against: { type: 'string' },
      patterns: { type: 'string', trimmed: true },
      ...THREADS_FLAG,
      ...EVENT_SOURCE_FLAGS,
    });
    const format = formatOption('report', values.format, FORMATS, 'text');
    if (positionals.length !== 1) throw new UsageError('report: expected one rules file (channel-rules report RULES --events FILE)');
    if (values.events === undefined) throw new UsageError('report: --events FILE is required');
    const input = eventInputFromFlags('report', values.events, values, io);
    const settings = reportSettingsFromFlags('report', values);
    const eventFields = eventSourceFromFlags('report', values);
    const patternLimit = patternLimitOption(values.patterns);
    const threads = threadsOption('report', values.threads);
    const rangeSize = rangeSizeFromEnvironment();
    // `auto` is resolved by runReport once the events' source system is known (given
    // by --from, or detected from the first record); an explicit --from is checked now.
    const against = values.against;
    if (against === 'auto' && eventFields.from !== 'auto') resolveAgainstOrUsage(against, eventFields.from!);
    refuseOutputOverInput('report', values.output, [
      { what: 'rules file', file: positionals[0]! },
      { what: 'events file', file: values.events },
    ]);
    const rules = loadRules('report', positionals[0]!);
    const progress = progressLine(io);
    let result;
    let explorer: ReturnType<typeof standaloneExplorer> | undefined;
    try {
      // The HTML report embeds the first events for its explorer; the tables cover all.
      const embedded: ClassifiedEvent[] = [];
      const keepForExplorer =
        format === 'html'
          ? (events: ClassifiedEvent[]) => {
              for (const event of events) if (embedded.length < DEFAULT_EMBEDDED_EVENTS) embedded.push(event);
            }
          : undefined;
      result = await runReportThreaded({
        threads,
        ...(rangeSize === undefined ? {} : { rangeSize }),
        source: input.source,
        maxEntrySize: input.maxEntrySize,
        classifier: rules.classifier,
        eventFields,
        settings,
        onProgress: progress.update,
        onClassified: keepForExplorer,
        against,
        patternLimit,
        rulesName: rules.file,
      });
      if (format === 'html') {
        explorer = standaloneExplorer({
          rulesText: rules.text,
          rulesName: rules.file,
          channelNames: result.channelNames,
          events: embedded,
          sessionOf: result.sessionOf!,
          totalEvents: result.events,
          skipped: result.skipped,
          skippedCount: result.skippedCount,
          skippedEntries: result.skippedEntries,
          eventsName: input.name,
          lookup: result.eventFields.lookup,
        });
      }
    } catch (error) {
      if (error instanceof EventFileError || error instanceof AgainstFieldError) throw new UsageError(`report: ${error.message}`);
      throw error;
    } finally {
      progress.done();
    }
    reportEventSource(io, input.name, result.eventFields, result.events + result.skippedCount, rules.classifier.rules.fields);
    reportSkippedEntries(io, input.name, result.skippedEntries);
    reportSkippedLines(io, input.name, result.skipped, result.skippedCount);
    const report = result.report!;
    if (format === 'json') {
      // In pieces (./format/json-chunks): the agreement section's pairs are as many as the values of the field.
      const json = withEventSource(report, result.eventFields.system.id);
      await writeOutput(values.output, io.stdout, (function* () {
        yield* jsonChunks(json);
        yield '\n';
      })());
      return 0;
    }
    const output =
      format === 'html'
          ? renderReportHtml({
              report,
              rulesFile: rules.file,
              eventsFile: input.name,
              explorer,
              options: {
                sessionTimeout: values['session-timeout'] ?? DEFAULT_REPORT_OPTIONS.sessionTimeout,
                conversion: settings.conversion,
                lookback: report.attribution.lookback,
                halfLife: values['half-life'] ?? DEFAULT_REPORT_OPTIONS.halfLife,
                models: settings.models,
              },
            })
          : format === 'markdown'
            ? escapeControlCharacters(renderMarkdown(report, rules.file, input.name))
            : escapeControlCharacters(renderText(report));
    await writeOutput(values.output, io.stdout, [output]);
    return 0;
  },
};

/** Writes the pieces to the file named by --output, else to stdout, waiting for it to drain between pieces. */
async function writeOutput(file: string | undefined, stdout: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  if (file === undefined) {
    for (const piece of pieces) await writeAndDrain(stdout, piece);
    return;
  }
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'w');
    for (const piece of pieces) {
      const bytes = Buffer.from(piece);
      for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written);
    }
  } catch (error) {
    throw new UsageError(`report: cannot write ${file}: ${(error as Error).message}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function resolveAgainstOrUsage(against: string, source: string): void {
  try {
    resolveAgainstField(against, source);
  } catch (error) {
    if (error instanceof AgainstFieldError) throw new UsageError(`report: ${error.message}`);
    throw error;
  }
}

/** SPEC §3.2: the JSON report says whose export the events were (`"ga4"`, `"plain"`, …), after `skipped`. */
function withEventSource(report: ChannelReport, eventSource: string): Record<string, unknown> {
  const { events, skipped, ...rest } = report;
  return { events, skipped, eventSource, ...rest };
}

function renderText(report: ChannelReport): string {
  const parts = [reportSummary(report), ...trustSummaries(report)];
  for (const { title, table } of [...reportTables(report), ...trustTables(report)]) parts.push(`${title}\n${renderTextTable(table)}`);
  return `${parts.join('\n\n')}\n`;
}

function renderMarkdown(report: ChannelReport, rulesFile: string, eventsFile: string): string {
  const parts = [`## Channel report: ${code(rulesFile)} on ${code(eventsFile)}`, reportSummary(report), ...trustSummaries(report).map(markdownText)];
  for (const { title, table } of [...reportTables(report), ...trustTables(report)]) {
    parts.push(`### ${markdownText(title)}\n\n${renderMarkdownTable(table)}`);
  }
  return `${parts.join('\n\n')}\n`;
}

function trustSummaries(report: ChannelReport): string[] {
  const lines: string[] = [];
  if (report.against !== undefined) lines.push(agreementSummary(report.against));
  if (report.unassigned !== undefined) lines.push(unassignedSummary(report.unassigned, report.events));
  return lines;
}

function patternLimitOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PATTERN_LIMIT;
  if (!/^\d+$/.test(value) || Number(value) > 1_000_000) {
    throw new UsageError(`report: --patterns must be a whole number from 0 to 1000000, not "${value}"`);
  }
  return Number(value);
}
